import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '@mpw/db';
import {
  EDUCATION_LEVELS,
  PROFESSIONAL_BACKGROUNDS,
  SUPERVISION_AGE_BANDS,
  isWithinRegion,
  type TSupervisionMember,
  type TSupervisionMemberInput,
  type TSupervisionMemberUpdate,
  type TSupervisionStructure,
  type ZReplaceSupervisionMemberRequest,
  type ZSupervisionMemberListQuery,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { isValidIdNumberFast } from '../datasets/datasets.identity.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { auditableMember, presentMember } from './supervision.presenter.js';
import * as repo from './supervision.repository.js';

export type TSupervisionMemberListQuery = z.infer<typeof ZSupervisionMemberListQuery>;
export type TReplaceSupervisionMemberRequest = z.infer<typeof ZReplaceSupervisionMemberRequest>;

const pageOf = (q: { current: number; pageSize: number }) => ({ offset: (q.current - 1) * q.pageSize, limit: q.pageSize });

// ---- Reading ----

async function present(db: DbOrTx, rows: Awaited<ReturnType<typeof repo.findMembers>>['rows'], today: string): Promise<TSupervisionMember[]> {
  const hits = await repo.conflictsOf(db, rows.filter((m) => m.status === 'serving').map((m) => m.id), today);
  return rows.map((m) => presentMember(m, hits));
}

export function memberFilterOf(actor: Actor, q: Omit<TSupervisionMemberListQuery, 'current' | 'pageSize'>): repo.MemberFilter {
  if (q.regionCode && actor.regionCode && !isWithinRegion(q.regionCode, actor.regionCode)) throw notFound('区划');
  return { scopeCode: actor.regionCode, regionCode: q.regionCode, status: q.status, role: q.role, conflictsOnly: q.conflictsOnly };
}

/** 监督队伍名册: members in the actor's scope, with masked ids, age, training hours of the last 12 months and conflicts. */
export async function findMembers(db: Db, actor: Actor, q: TSupervisionMemberListQuery): Promise<{ data: TSupervisionMember[]; total: number }> {
  const today = chinaDate();
  const { rows, total } = await repo.findMembers(db, memberFilterOf(actor, q), today, pageOf(q));
  return { data: await present(db, rows, today), total };
}

export async function getMemberById(db: DbOrTx, actor: Actor, id: string): Promise<TSupervisionMember> {
  const today = chinaDate();
  const m = await repo.getMember(db, id, actor.regionCode, today);
  if (!m) throw notFound('监督队伍成员');
  return (await present(db, [m], today))[0]!;
}

// ---- Writing ----

/** Birth date and gender as the identity number states them (GB 11643: digits 7–14, and the 17th odd for men). */
export function personOf(idNumber: string): { birthDate: string; gender: '男' | '女' } {
  return { birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, gender: Number(idNumber[16]) % 2 === 1 ? '男' : '女' };
}

type MemberFields = Omit<TSupervisionMemberInput, 'regionCode'>;

/** The rules of a roster entry beyond its shape; `at` prefixes field names (the successor of a replacement). */
function checkMember(input: MemberFields, at = ''): void {
  if (!isValidIdNumberFast(input.idNumber)) throw validationError(`${at}idNumber`, '身份证号校验不通过，请核对');
  if (input.termEnd && input.termEnd < input.termStart) throw validationError(`${at}termEnd`, '任期结束不能早于任期开始');
  if (input.electedOn > input.termStart) throw validationError(`${at}electedOn`, '当选日期不能晚于任期开始');
  if (new Set(input.backgrounds).size !== input.backgrounds.length) throw validationError(`${at}backgrounds`, '专业背景不能重复');
}

/** The village must be a live village in the actor's scope (out of scope: 404, like every record). */
async function villageInScope(tx: Tx, actor: Actor, regionCode: string) {
  const v = await getRegionInScope(tx, regionCode, actor.regionCode);
  if (!v) throw notFound('村');
  if (v.level !== 'village') throw validationError('regionCode', '监督队伍成员须登记在村');
}

function columnsOf(input: MemberFields) {
  return {
    name: input.name, idNumber: input.idNumber, role: input.role, ...personOf(input.idNumber), education: input.education ?? null, backgrounds: input.backgrounds,
    isPartyMember: input.isPartyMember, phone: input.phone ?? null, termStart: input.termStart, termEnd: input.termEnd ?? null, electedOn: input.electedOn, electionRecord: input.electionRecord,
  };
}

async function insertServing(w: AuditedTx, regionCode: string, input: MemberFields, replacesMemberId: string | null, at = ''): Promise<string> {
  if (await repo.servingWithIdNumber(w.tx, regionCode, input.idNumber, null)) throw validationError(`${at}idNumber`, '该人员已在本村监督队伍中任职');
  const id = randomUUID();
  const row = { id, ...columnsOf(input), status: 'serving', replacesMemberId, regionCode, createdBy: w.actor.userId, updatedBy: w.actor.userId };
  await repo.insertMember(w.tx, row);
  await w.record({ action: 'supervision.member.create', entityType: 'supervision_member', entityId: id, regionCode, after: auditableMember(row) });
  return id;
}

/** 登记监督队伍成员 in a village of the actor's scope. */
export async function createMember(db: Db, actor: Actor, input: TSupervisionMemberInput): Promise<TSupervisionMember> {
  checkMember(input);
  const id = await audited(db, actor, async (w) => {
    await villageInScope(w.tx, actor, input.regionCode);
    return insertServing(w, input.regionCode, input, null);
  });
  return getMemberById(db, actor, id);
}

/**
 * 修改成员信息 (corrections; status, leaving and replacement go through replace). The roster shows
 * identity numbers masked, so a correction without one (or with the masked form) keeps the stored number.
 */
export async function updateMember(db: Db, actor: Actor, id: string, update: TSupervisionMemberUpdate): Promise<TSupervisionMember> {
  await audited(db, actor, async (w) => {
    const before = await repo.lockMember(w.tx, id, actor.regionCode);
    if (!before) throw notFound('监督队伍成员');
    const input: TSupervisionMemberInput = { ...update, idNumber: update.idNumber ?? before.idNumber };
    checkMember(input);
    await villageInScope(w.tx, actor, input.regionCode);
    if (before.status === 'serving' && (await repo.servingWithIdNumber(w.tx, input.regionCode, input.idNumber, id))) throw validationError('idNumber', '该人员已在本村监督队伍中任职');
    const patch = { ...columnsOf(input), regionCode: input.regionCode, updatedBy: actor.userId, updatedAt: new Date() };
    await repo.updateMember(w.tx, id, patch);
    await w.record({ action: 'supervision.member.update', entityType: 'supervision_member', entityId: id, regionCode: input.regionCode, before: auditableMember(before), after: auditableMember({ ...before, ...patch }) });
  });
  return getMemberById(db, actor, id);
}

/**
 * 更换成员: the member leaves on `leftOn` with the recorded reason; a successor, when named, starts
 * in the same village with `replaces_member_id` pointing back. One audited transaction; the old
 * entry stays in the roster as 已离任 (history).
 */
export async function replaceMember(db: Db, actor: Actor, id: string, input: TReplaceSupervisionMemberRequest): Promise<{ left: TSupervisionMember; successor: TSupervisionMember | null }> {
  if (input.successor) checkMember(input.successor, 'successor.');
  const successorId = await audited(db, actor, async (w) => {
    const before = await repo.lockMember(w.tx, id, actor.regionCode);
    if (!before) throw notFound('监督队伍成员');
    if (before.status !== 'serving') throw new AppError(ErrorCode.CONFLICT, { message: '该成员已离任，不能再更换' });
    if (input.leftOn < before.termStart) throw validationError('leftOn', '离任日期不能早于任期开始');
    const patch = { status: 'left', leftOn: input.leftOn, leftReason: input.reason, updatedBy: actor.userId, updatedAt: new Date() };
    await repo.updateMember(w.tx, id, patch);
    await w.record({ action: 'supervision.member.leave', entityType: 'supervision_member', entityId: id, regionCode: before.regionCode, before: auditableMember(before), after: auditableMember({ ...before, ...patch }) });
    return input.successor ? insertServing(w, before.regionCode, input.successor, id, 'successor.') : null;
  });
  return { left: await getMemberById(db, actor, id), successor: successorId ? await getMemberById(db, actor, successorId) : null };
}

// ---- Structure (队伍结构) ----

/** The structure of the teams of a region (the actor's by default): counts, vacancies and shares, each in SQL. */
export async function teamStructure(db: DbOrTx, actor: Actor, q: { regionCode?: string }): Promise<TSupervisionStructure> {
  const regionCode = q.regionCode ?? actor.regionCode;
  if (!regionCode) throw validationError('regionCode', '请选择区划');
  if (!(await getRegionInScope(db, regionCode, actor.regionCode))) throw notFound('区划');
  const today = chinaDate();
  const [counts, vac, shares] = await Promise.all([repo.structureCounts(db, regionCode, today), repo.vacancies(db, regionCode), repo.structureShares(db, regionCode, today)]);
  const tally = (rows: readonly object[], field: string) => (k: string) => Number((rows as Record<string, unknown>[]).find((r) => r[field] === k)?.count ?? 0);
  const age = tally(shares.ages, 'band');
  const edu = tally(shares.education, 'level');
  const bg = tally(shares.backgrounds, 'background');
  return {
    regionCode,
    villages: counts.villages,
    serving: counts.serving,
    vacancies: vac.map((v) => ({ regionCode: v.region_code, villageName: v.village_name, members: Number(v.members), hasChair: Boolean(v.has_chair), hasDiscipline: Boolean(v.has_discipline) })),
    ageBands: SUPERVISION_AGE_BANDS.map((band) => ({ band, count: age(band) })),
    education: [...EDUCATION_LEVELS, 'unknown'].map((level) => ({ level, count: edu(level) })),
    backgrounds: PROFESSIONAL_BACKGROUNDS.map((background) => ({ background, count: bg(background) })),
    conflicts: counts.conflicts,
  };
}
