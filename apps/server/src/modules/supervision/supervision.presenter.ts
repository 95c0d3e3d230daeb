import type { TEducationLevel, TProfessionalBackground, TSupervisionMember, TSupervisionMemberRole, TSupervisionMemberStatus } from '@mpw/contracts';
import { maskIdNumber } from '../audit/audit.redact.js';
import type { ConflictHit, findMembers } from './supervision.repository.js';

type RawMember = Awaited<ReturnType<typeof findMembers>>['rows'][number];

const tail = (id: string) => `身份证号尾号${id.slice(-4)}`;

/** A conflict in plain words: who on the committee, and how the member is related to them. */
export function conflictDetail(h: ConflictHit): string {
  if (h.kind === 'is_committee_member') return `本人现任本村${h.position}`;
  return `${h.relation ?? '近亲属'}${h.cadre_name}（${tail(h.cadre_id_number)}）现任本村${h.position}`;
}

export function presentMember(m: RawMember, hits: ConflictHit[]): TSupervisionMember {
  return {
    id: m.id,
    regionCode: m.regionCode,
    villageName: m.villageName ?? m.regionCode,
    name: m.name,
    idMasked: maskIdNumber(m.idNumber),
    role: m.role as TSupervisionMemberRole,
    gender: m.gender,
    age: m.age === null || m.age === undefined ? null : Number(m.age),
    education: (m.education as TEducationLevel | null) ?? null,
    backgrounds: (m.backgrounds ?? []) as TProfessionalBackground[],
    isPartyMember: m.isPartyMember,
    termStart: m.termStart,
    termEnd: m.termEnd,
    electedOn: m.electedOn,
    electionRecord: m.electionRecord,
    status: m.status as TSupervisionMemberStatus,
    leftOn: m.leftOn,
    leftReason: m.leftReason,
    replacesMemberId: m.replacesMemberId,
    trainingHours: Math.round(Number(m.trainingTenths ?? 0)) / 10,
    conflicts: hits.filter((h) => h.member_id === m.id).map((h) => ({ kind: h.kind, detail: conflictDetail(h) })),
  };
}

/** What the audit log keeps of a roster entry (the identity number is masked by the log itself). */
export function auditableMember(m: Partial<Record<string, unknown>>) {
  const keys = ['name', 'idNumber', 'role', 'regionCode', 'education', 'backgrounds', 'isPartyMember', 'termStart', 'termEnd', 'electedOn', 'electionRecord', 'status', 'leftOn', 'leftReason', 'replacesMemberId'];
  return Object.fromEntries(keys.filter((k) => m[k] !== undefined).map((k) => [k, m[k]]));
}
