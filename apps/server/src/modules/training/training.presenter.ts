import type { TTrainingKind, TTrainingSession } from '@mpw/contracts';
import type { AttendeeView, SessionView } from './training.repository.js';

/** Hours are stored in tenths; the API speaks hours with one decimal. */
export const hoursOf = (tenths: number | string | null | undefined) => Math.round(Number(tenths ?? 0)) / 10;
export const tenthsOf = (hours: number) => Math.round(hours * 10);

export function presentSession(s: SessionView, attendees?: AttendeeView[]): TTrainingSession {
  return {
    id: s.id,
    regionCode: s.region_code,
    regionName: s.region_name ?? s.region_code,
    title: s.title,
    kind: s.kind as TTrainingKind,
    heldOn: s.held_on,
    hours: hoursOf(s.hours_tenths),
    organiser: s.organiser,
    place: s.place,
    description: s.description,
    attendeeCount: Number(s.attendee_count),
    ...(attendees
      ? {
          attendees: attendees.map((a) => ({
            id: a.id,
            kind: a.attendee_kind as 'user' | 'supervision_member' | 'other',
            userId: a.user_id,
            memberId: a.member_id,
            name: a.name,
            position: a.position,
            regionCode: a.region_code,
            regionName: a.region_name ?? a.region_code,
            hours: hoursOf(a.hours_tenths),
          })),
        }
      : {}),
  };
}

/** What the audit log keeps of a session (attendees by kind, id and unit). */
export function auditableSession(s: { title: string; kind: string; heldOn: string; hoursTenths: number; organiser: string; regionCode: string; place?: string | null }, attendees?: { attendeeKind: string; userId?: string | null; memberId?: string | null; name: string; regionCode: string }[]) {
  return {
    title: s.title, kind: s.kind, heldOn: s.heldOn, hours: hoursOf(s.hoursTenths), organiser: s.organiser, regionCode: s.regionCode, place: s.place ?? null,
    ...(attendees ? { attendees: attendees.map((a) => ({ kind: a.attendeeKind, userId: a.userId ?? null, memberId: a.memberId ?? null, name: a.name, regionCode: a.regionCode })) } : {}),
  };
}
