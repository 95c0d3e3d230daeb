import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '@mpw/db';
import {
  isWithinRegion,
  type TCreateTrainingRequest,
  type TTrainingKind,
  type TTrainingPersonHistory,
  type TTrainingSession,
  type ZTrainingCoverageQuery,
  type ZTrainingCoverageRow,
  type ZTrainingListQuery,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { auditableSession, hoursOf, presentSession, tenthsOf } from './training.presenter.js';
import * as repo from './training.repository.js';

export type TTrainingListQuery = z.infer<typeof ZTrainingListQuery>;
export type TTrainingCoverageQuery = z.infer<typeof ZTrainingCoverageQuery>;
export type TTrainingCoverageRow = z.infer<typeof ZTrainingCoverageRow>;

const pageOf = (q: { current: number; pageSize: number }) => ({ offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
const inScope = (actor: Actor, code: string) => actor.regionCode === null || isWithinRegion(code, actor.regionCode);

// ---- Reading ----

export function sessionFilterOf(actor: Actor, q: Omit<TTrainingListQuery, 'current' | 'pageSize'>): repo.SessionFilter {
  if (q.regionCode && !inScope(actor, q.regionCode)) throw notFound('区划');
  if (q.from && q.to && q.to < q.from) throw validationError('to', '截止日期不能早于起始日期');
  return { scopeCode: actor.regionCode, regionCode: q.regionCode, kind: q.kind, from: q.from, to: q.to };
}

/** Sessions organised in the actor's region or attended by its people, newest first. */
export async function findTrainings(db: Db, actor: Actor, q: TTrainingListQuery): Promise<{ data: TTrainingSession[]; total: number }> {
  const { rows, total } = await repo.findSessions(db, sessionFilterOf(actor, q), pageOf(q));
  return { data: rows.map((s) => presentSession(s)), total };
}

/**
 * A session with its attendees. A session organised above the actor (a district class) shows only
 * the actor's own people; the organiser and its superiors see everyone.
 */
export async function getTrainingById(db: DbOrTx, actor: Actor, id: string): Promise<TTrainingSession> {
  const s = await repo.getSession(db, id, actor.regionCode);
  if (!s) throw notFound('培训记录');
  const attendees = await repo.attendeesOf(db, id, inScope(actor, s.region_code) ? null : actor.regionCode);
  return presentSession(s, attendees);
}

// ---- Writing ----

type AttendanceInsert = Parameters<typeof repo.insertAttendances>[1][number];

/**
 * The attendance rows of a request: an account or a roster member must exist inside the actor's
 * scope and is counted in its own unit; a person named by hand is counted in the unit given.
 */
async function attendanceRows(tx: Tx, actor: Actor, sessionId: string, input: TCreateTrainingRequest, hoursTenths: number): Promise<AttendanceInsert[]> {
  const list = input.attendees;
  const accounts = new Map((await repo.usersByIds(tx, [...new Set(list.flatMap((a) => (a.kind === 'user' && a.userId ? [a.userId] : [])))])).map((u) => [u.id, u]));
  const members = new Map((await repo.membersByIds(tx, [...new Set(list.flatMap((a) => (a.kind === 'supervision_member' && a.memberId ? [a.memberId] : [])))])).map((m) => [m.id, m]));
  const regionsLive = await repo.liveRegionCodes(tx, [...new Set(list.filter((a) => a.kind === 'other').map((a) => a.regionCode))]);
  const seen = new Set<string>();
  const stamp = { createdBy: actor.userId, updatedBy: actor.userId };
  return list.map((a, i) => {
    const at = `attendees.${i}`;
    let regionCode = a.regionCode;
    let key: string;
    if (a.kind === 'user') {
      if (!a.userId) throw validationError(`${at}.userId`, '请选择参训人员的账号');
      const u = accounts.get(a.userId);
      if (!u || !inScope(actor, u.regionCode)) throw validationError(`${at}.userId`, '账号不存在或不在本单位管辖范围内');
      regionCode = u.regionCode;
      key = `user:${u.id}`;
    } else if (a.kind === 'supervision_member') {
      if (!a.memberId) throw validationError(`${at}.memberId`, '请选择监督队伍成员');
      const m = members.get(a.memberId);
      if (!m || !inScope(actor, m.regionCode)) throw validationError(`${at}.memberId`, '监督队伍成员不存在或不在本单位管辖范围内');
      regionCode = m.regionCode;
      key = `member:${m.id}`;
    } else {
      if (!regionsLive.has(a.regionCode) || !inScope(actor, a.regionCode)) throw validationError(`${at}.regionCode`, '所在单位不存在或不在本单位管辖范围内');
      key = `other:${a.regionCode}:${a.name}`;
    }
    if (seen.has(key)) throw validationError(at, '参训人员重复');
    seen.add(key);
    return {
      id: randomUUID(), sessionId, attendeeKind: a.kind, userId: a.kind === 'user' ? a.userId! : null, memberId: a.kind === 'supervision_member' ? a.memberId! : null,
      name: a.name, position: a.position ?? null, hoursTenths, regionCode, ...stamp,
    };
  });
}

async function organiserInScope(tx: Tx, actor: Actor, regionCode: string) {
  // Out of scope is answered as absent, like every record.
  if (!(await getRegionInScope(tx, regionCode, actor.regionCode))) throw notFound('组织单位');
}

/** 新增培训记录 with its attendance, in one audited transaction. */
export async function createTraining(db: Db, actor: Actor, input: TCreateTrainingRequest): Promise<TTrainingSession> {
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    await organiserInScope(w.tx, actor, input.regionCode);
    const hoursTenths = tenthsOf(input.hours);
    const row = {
      id, title: input.title, kind: input.kind, heldOn: input.heldOn, hoursTenths, organiser: input.organiser, place: input.place ?? null, description: input.description ?? null,
      regionCode: input.regionCode, createdBy: actor.userId, updatedBy: actor.userId,
    };
    const attendances = await attendanceRows(w.tx, actor, id, input, hoursTenths);
    await repo.insertSession(w.tx, row);
    await repo.insertAttendances(w.tx, attendances);
    await w.record({ action: 'training.session.create', entityType: 'training_session', entityId: id, regionCode: input.regionCode, after: auditableSession(row, attendances) });
  });
  return getTrainingById(db, actor, id);
}

/**
 * 修改培训记录: the request replaces the session and its attendance list (the old attendances are
 * kept, marked deleted). Only the organiser's region or one above it may change a session.
 */
export async function updateTraining(db: Db, actor: Actor, id: string, input: TCreateTrainingRequest): Promise<TTrainingSession> {
  await audited(db, actor, async (w) => {
    const before = await repo.lockSession(w.tx, id, actor.regionCode);
    if (!before) throw notFound('培训记录');
    await organiserInScope(w.tx, actor, input.regionCode);
    const old = await repo.liveAttendances(w.tx, id);
    const hoursTenths = tenthsOf(input.hours);
    const patch = {
      title: input.title, kind: input.kind, heldOn: input.heldOn, hoursTenths, organiser: input.organiser, place: input.place ?? null, description: input.description ?? null,
      regionCode: input.regionCode, updatedBy: actor.userId, updatedAt: new Date(),
    };
    const attendances = await attendanceRows(w.tx, actor, id, input, hoursTenths);
    await repo.updateSession(w.tx, id, patch);
    await repo.softDeleteAttendances(w.tx, id, actor.userId);
    await repo.insertAttendances(w.tx, attendances);
    await w.record({ action: 'training.session.update', entityType: 'training_session', entityId: id, regionCode: input.regionCode, before: auditableSession(before, old), after: auditableSession({ ...before, ...patch }, attendances) });
  });
  return getTrainingById(db, actor, id);
}

/** 删除培训记录 (soft), with the reason in the audit log. */
export async function deleteTraining(db: Db, actor: Actor, id: string, reason: string): Promise<void> {
  await audited(db, actor, async (w) => {
    const before = await repo.lockSession(w.tx, id, actor.regionCode);
    if (!before) throw notFound('培训记录');
    const old = await repo.liveAttendances(w.tx, id);
    await repo.updateSession(w.tx, id, { deletedAt: new Date(), updatedAt: new Date(), updatedBy: actor.userId });
    await repo.softDeleteAttendances(w.tx, id, actor.userId);
    await w.record({ action: 'training.session.delete', entityType: 'training_session', entityId: id, regionCode: before.regionCode, before: auditableSession(before, old), after: { deleted: true, reason } });
  });
}

// ---- A person's history and coverage ----

const yearBefore = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
};

/** Every session a person attended (an account or a roster member in the actor's scope), with hours. */
export async function personHistory(db: DbOrTx, actor: Actor, kind: 'user' | 'supervision_member', id: string): Promise<TTrainingPersonHistory> {
  const p = await repo.getPerson(db, kind, id, actor.regionCode);
  if (!p) throw notFound(kind === 'user' ? '人员账号' : '监督队伍成员');
  const rows = await repo.historyOf(db, kind, id);
  const since = yearBefore(chinaDate());
  const total = rows.reduce((n, r) => n + Number(r.hours_tenths), 0);
  const recent = rows.filter((r) => r.held_on > since).reduce((n, r) => n + Number(r.hours_tenths), 0);
  return {
    kind, id: p.id, name: p.name, regionCode: p.region_code, regionName: p.region_name ?? p.region_code,
    sessions: rows.map((r) => ({ sessionId: r.session_id, title: r.title, kind: r.kind as TTrainingKind, heldOn: r.held_on, hours: hoursOf(r.hours_tenths), organiser: r.organiser, regionCode: r.region_code, regionName: r.region_name ?? r.region_code })),
    sessionCount: rows.length,
    totalHours: hoursOf(total),
    last12MonthsHours: hoursOf(recent),
  };
}

/** The window of coverage figures: 1 January of this year (China time) to today, unless given. */
export function coverageWindow(q: { from?: string; to?: string }): { from: string; to: string } {
  const to = q.to ?? chinaDate();
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  if (to < from) throw validationError('to', '截止日期不能早于起始日期');
  return { from, to };
}

/** 培训覆盖率 per child unit of the region (the actor's own by default), computed in SQL. */
export async function trainingCoverage(db: DbOrTx, actor: Actor, q: TTrainingCoverageQuery): Promise<TTrainingCoverageRow[]> {
  const regionCode = q.regionCode ?? actor.regionCode;
  if (!regionCode) throw validationError('regionCode', '请选择区划');
  if (!(await getRegionInScope(db, regionCode, actor.regionCode))) throw notFound('区划');
  const { from, to } = coverageWindow(q);
  const rows = await repo.coverageRows(db, { childrenOf: regionCode }, from, to);
  return rows.map((r) => ({
    regionCode: r.region_code,
    regionName: r.region_name,
    people: Number(r.people),
    trained: Number(r.trained),
    rate: Number(r.people) ? Math.round((Number(r.trained) / Number(r.people)) * 10000) / 10000 : null,
    hours: hoursOf(r.hours_tenths),
  }));
}
