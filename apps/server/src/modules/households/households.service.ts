import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { Db, DbOrTx } from '@mpw/db';
import {
  SATISFACTION_DIMENSIONS,
  formatQueryCode,
  isWithinRegion,
  parentCodeOf,
  type THouseholdCard,
  type THouseholdListQuery,
  type THouseholdRow,
  type THouseholdVerifyRequest,
  type THouseholdView,
  type TIssueHouseholdCodesRequest,
  type TSatisfactionAnswerRequest,
  type TSatisfactionQuery,
  type TSatisfactionResults,
  type TSatisfactionRow,
  type TSatisfactionLevel,
  type TVillagerSession,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { maskIdNumber } from '../audit/audit.redact.js';
import { posterLink } from '../disclosures/disclosures.poster.js';
import { maskName } from '../matters/matters.flow.js';
import { getItemVersion } from '../power/power.service.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { dummyCodeHash, hashQueryCode, householdDigest, newQueryCode, throttleKeys, verifyQueryCode } from './households.crypto.js';
import { MATTER_STATUS_LABELS, PAYMENT_MONTHS, VERIFY_LIMITS, minutesUntilFree, monthsBack, quarterOf, satisfactionScore } from './households.policy.js';
import * as repo from './households.repository.js';
import { openVillagerSession, type VillagerSession } from './villager-session.js';

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

// ---- Staff: households and their codes ----

/** The households of the villages in the actor's scope (户籍 grouped by household number) with their code status. */
export async function findHouseholds(db: DbOrTx, actor: Actor, q: THouseholdListQuery): Promise<{ data: THouseholdRow[]; total: number }> {
  if (q.regionCode && actor.regionCode && !isWithinRegion(q.regionCode, actor.regionCode)) throw notFound('区划');
  const rows = await repo.findHouseholds(db, { scopeCode: actor.regionCode, regionCode: q.regionCode, q: q.q, codeStatus: q.codeStatus }, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return {
    data: rows.map((r) => ({
      regionCode: r.region_code,
      villageName: r.village_name,
      householdId: r.household_id,
      headName: r.head_name,
      memberCount: Number(r.member_count),
      codeStatus: r.active_serial === null ? 'none' : 'active',
      codeSerial: Number(r.code_serial ?? 0),
      codeIssuedAt: iso(r.issued_at),
      codeIssuedByName: r.active_serial === null ? null : r.issued_by_name,
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}

/** The portal page a card's QR code opens; the code rides in the fragment, which browsers never send. */
export function cardLink(village: string, code: string, baseUrl: string | undefined): string {
  return posterLink(`/portal/v/${village}/household#code=${formatQueryCode(code)}`, baseUrl);
}

/**
 * Issues query codes (户查询码) to the listed households of a village, or to every household
 * without one. A household that has a code gets a new one only with a reason: the old code is
 * voided and the sessions opened with it end. One audited transaction; the plaintext codes exist
 * only in the answer (the cards), never in the store or the audit log.
 */
export async function issueHouseholdCodes(
  db: Db,
  actor: Actor,
  input: TIssueHouseholdCodesRequest,
  opts: { baseUrl?: string; /** The demo's documented code for one household; never reachable from the API. */ fixedCodes?: ReadonlyMap<string, string> } = {},
): Promise<{ cards: THouseholdCard[] }> {
  const requested = [...new Set(input.householdIds ?? [])];
  const reason = input.reason?.trim() || null;
  const now = new Date();
  const issued = await audited(db, actor, async (w) => {
    const village = await getRegionInScope(w.tx, input.regionCode, actor.regionCode);
    if (!village) throw notFound('村');
    if (village.level !== 'village') throw validationError('regionCode', '查询码按村发放，请选择一个村');
    await repo.lockVillageCodes(w.tx, village.code);
    const households = new Map((await repo.householdsOfVillage(w.tx, village.code)).map((h) => [h.household_id, h]));
    const unknown = requested.filter((id) => !households.has(id));
    if (unknown.length) throw validationError('householdIds', `以下户号不在本村户籍登记中：${unknown.slice(0, 10).join('、')}${unknown.length > 10 ? ` 等${unknown.length}户` : ''}`);
    const active = new Map((await repo.activeCodes(w.tx, village.code)).map((c) => [c.householdId, c]));
    const targets = new Set(requested);
    if (input.allWithoutCode) for (const id of households.keys()) if (!active.has(id)) targets.add(id);
    if (!targets.size) throw validationError('householdIds', '本村没有需要发放查询码的户');
    const reissued = [...targets].filter((id) => active.has(id));
    if (reissued.length && (!reason || reason.length < 2)) {
      throw validationError('reason', `户 ${reissued.slice(0, 5).join('、')} 已有查询码，重新发放须写明原因（旧码将作废）`);
    }
    const voided = reissued.map((id) => active.get(id)!.id);
    await repo.voidCodes(w.tx, voided, actor.userId, reason ?? '', now);
    await repo.revokeSessionsOfCodes(w.tx, voided, now);
    const serials = await repo.lastSerials(w.tx, village.code);
    const ids = [...targets].sort();
    const codes = ids.map((id) => opts.fixedCodes?.get(id) ?? newQueryCode());
    // scrypt runs on the thread pool: hashing the cards in parallel keeps a village's batch short.
    const hashes = await Promise.all(codes.map(hashQueryCode));
    const rows = ids.map((householdId, i) => ({
      id: randomUUID(), householdId, codeHash: hashes[i]!, serial: (serials.get(householdId) ?? 0) + 1,
      regionCode: village.code, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now,
    }));
    await repo.insertCodes(w.tx, rows);
    await w.recordMany(rows.map((r) => {
      const old = active.get(r.householdId);
      return {
        action: old ? 'household.code.reissue' : 'household.code.issue', entityType: 'household_code', entityId: r.id, regionCode: village.code,
        before: old ? { id: old.id, serial: old.serial } : null,
        after: { householdId: r.householdId, serial: r.serial, ...(old ? { voidedCodeId: old.id, reason } : {}) },
      };
    }));
    const township = village.parentCode ? await getRegionInScope(w.tx, village.parentCode, null) : null;
    return { village, townshipName: township?.name ?? '', households, rows, codes };
  });
  const cards: THouseholdCard[] = [];
  for (const [i, r] of issued.rows.entries()) {
    const url = cardLink(issued.village.code, issued.codes[i]!, opts.baseUrl);
    cards.push({
      regionCode: issued.village.code, villageName: issued.village.name, townshipName: issued.townshipName, householdId: r.householdId,
      headName: issued.households.get(r.householdId)?.head_name ?? null, code: formatQueryCode(issued.codes[i]!), serial: r.serial,
      issuedAt: now.toISOString(), url, qrSvg: await qrSvg(url),
    });
  }
  return { cards };
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

// ---- Villagers: verification ----

export interface VerifyContext {
  secrets: SecretBox;
  clientIp: string;
  actor: Actor;
  now?: Date;
}

const verificationFailed = () => new AppError(ErrorCode.VERIFICATION_FAILED);

/**
 * Identity number + name + query code of a household of the village. Every failure is the same
 * 401 after the same work (one scrypt comparison, against a dummy hash when there is nothing to
 * compare); failures count per identity and per client in the database, and a locked identity or
 * client gets 429 even with the right code. Audit events carry keyed digests only.
 */
export async function verifyHousehold(db: Db, ctx: VerifyContext, input: THouseholdVerifyRequest): Promise<TVillagerSession> {
  const now = ctx.now ?? new Date();
  const { idKey, clientKey } = throttleKeys(ctx.secrets, input.idNumber, ctx.clientIp);
  const digests = { idDigest: idKey.slice(3), clientDigest: clientKey.slice(7) };
  const outcome = await audited(db, ctx.actor, async (w) => {
    await repo.lockThrottleKey(w.tx, idKey);
    const byId = await repo.failuresSince(w.tx, idKey, new Date(now.getTime() - VERIFY_LIMITS.identity.windowMinutes * 60_000));
    const byClient = await repo.failuresSince(w.tx, clientKey, new Date(now.getTime() - VERIFY_LIMITS.client.windowMinutes * 60_000));
    const waits = [
      byId.n >= VERIFY_LIMITS.identity.max && byId.oldest ? minutesUntilFree(byId.oldest, VERIFY_LIMITS.identity.windowMinutes, now) : 0,
      byClient.n >= VERIFY_LIMITS.client.max && byClient.oldest ? minutesUntilFree(byClient.oldest, VERIFY_LIMITS.client.windowMinutes, now) : 0,
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      await w.record({ action: 'household.verify.failed', entityType: 'household_verification', regionCode: input.villageCode, after: { ...digests, reason: 'throttled' } });
      return { kind: 'throttled' as const, wait };
    }
    const person = await repo.residentInVillage(w.tx, input.villageCode, input.idNumber);
    const code = person?.householdId ? await repo.activeCodeOf(w.tx, input.villageCode, person.householdId) : null;
    const codeOk = await verifyQueryCode(input.queryCode, code?.codeHash ?? (await dummyCodeHash()));
    if (!person || !code || !codeOk || person.name.trim() !== input.name) {
      await repo.insertFailures(w.tx, [
        { id: randomUUID(), throttleKey: idKey, at: now },
        { id: randomUUID(), throttleKey: clientKey, at: now },
      ]);
      await w.record({ action: 'household.verify.failed', entityType: 'household_verification', regionCode: input.villageCode, after: { ...digests, reason: 'not_matched' } });
      return { kind: 'failed' as const };
    }
    await repo.clearFailures(w.tx, idKey);
    const session = await openVillagerSession(w.tx, { regionCode: input.villageCode, householdId: person.householdId!, residentId: person.id, householdCodeId: code.id }, now);
    await w.record({ action: 'household.verify.succeeded', entityType: 'household_code', entityId: code.id, regionCode: input.villageCode, after: { ...digests, expiresAt: session.expiresAt } });
    const village = await getRegionInScope(w.tx, input.villageCode, null);
    return { kind: 'ok' as const, session, name: person.name, villageName: village?.name ?? input.villageCode };
  });
  if (outcome.kind === 'throttled') throw new AppError(ErrorCode.RATE_LIMITED, { message: `尝试次数过多，请${outcome.wait}分钟后再试` });
  if (outcome.kind === 'failed') throw verificationFailed();
  return {
    token: outcome.session.token,
    expiresAt: outcome.session.expiresAt.toISOString(),
    villageCode: input.villageCode,
    villageName: outcome.villageName,
    nameMasked: maskName(outcome.name) ?? '',
  };
}

// ---- Villagers: the household view ----

/**
 * What a verified villager sees of their own household: members (identity numbers masked), the
 * members' entitlements, payments of the last 36 months from the department data and the
 * village books, and the matters of the village whose applicant is a member. Each view is audited.
 */
export async function getHouseholdView(db: Db, secrets: SecretBox, actor: Actor, s: VillagerSession): Promise<THouseholdView> {
  const today = chinaDate();
  const quarter = quarterOf(today);
  const members = await repo.membersOf(db, s.regionCode, s.householdId);
  const ids = members.map((m) => m.idNumber);
  const nameOf = new Map(members.map((m) => [m.idNumber, m.name]));
  const since = monthsBack(today, PAYMENT_MONTHS);
  const [entitlements, department, books, villageMatters, village, answered] = await Promise.all([
    repo.entitlementsOf(db, ids),
    repo.departmentPaymentsOf(db, ids, since),
    repo.bookPaymentsOf(db, ids, since),
    repo.mattersWithApplicant(db, s.regionCode),
    getRegionInScope(db, s.regionCode, null),
    repo.hasResponse(db, s.regionCode, quarter, householdDigest(secrets, s.regionCode, s.householdId, quarter)),
  ]);
  const payments = [
    ...department.map((p) => ({ personName: nameOf.get(p.idNumber) ?? '', item: p.program, amountFen: Number(p.amountFen), paidDate: p.paidDate, source: 'department' as const, description: null })),
    ...books.map((p) => ({ personName: nameOf.get(p.idNumber ?? '') ?? '', item: p.category, amountFen: Number(p.amountFen), paidDate: p.entryDate, source: 'village_books' as const, description: p.description })),
  ].sort((a, b) => b.paidDate.localeCompare(a.paidDate) || a.item.localeCompare(b.item));

  const memberIds = new Set(ids);
  const mine = villageMatters.filter((r) => {
    try {
      return memberIds.has(secrets.open(r.matter.applicantIdSealed!).toUpperCase());
    } catch {
      return false; // sealed under a key no longer loaded: not readable, so not shown
    }
  });
  const matters = [];
  for (const { matter: m, itemName } of mine) {
    const open = m.status === 'running' || m.status === 'paused';
    const steps = open ? (await getItemVersion(db, null, m.itemId, m.itemVersion)).content.flow.steps : [];
    matters.push({
      id: m.id, matterNo: m.matterNo, title: m.title, itemName, status: m.status, statusLabel: MATTER_STATUS_LABELS[m.status] ?? m.status,
      currentStepName: open ? (steps[m.currentStep]?.name ?? null) : null,
      stepDueOn: open ? m.stepDueOn : null,
      isOverdue: Boolean(open && m.stepDueOn && m.stepDueOn < today),
      startedAt: m.createdAt.toISOString(), completedAt: m.completedAt?.toISOString() ?? null, applicantName: m.applicantName,
    });
  }

  const self = members.find((m) => m.id === s.residentId);
  await audited(db, actor, (w) =>
    w.record({ action: 'household.view', entityType: 'household_code', entityId: s.householdCodeId, regionCode: s.regionCode, after: { idDigest: self ? throttleKeys(secrets, self.idNumber, '').idKey.slice(3) : null } }),
  );
  return {
    villageCode: s.regionCode,
    villageName: village?.name ?? s.regionCode,
    members: members.map((m) => ({ name: m.name, relation: m.relationToHead, idMasked: maskIdNumber(m.idNumber), isSelf: m.id === s.residentId })),
    entitlements: entitlements.map((e) => ({
      personName: nameOf.get(e.idNumber) ?? e.name, program: e.program, startDate: e.startDate, endDate: e.endDate,
      monthlyAmountFen: e.monthlyAmountFen === null ? null : Number(e.monthlyAmountFen), householdSize: e.householdSize,
      isCurrent: e.startDate <= today && (e.endDate === null || e.endDate >= today),
    })),
    payments,
    paymentsTotalFen: payments.reduce((sum, p) => sum + p.amountFen, 0),
    matters,
    surveyAnswered: answered,
    quarter,
  };
}

// ---- Satisfaction survey (满意度测评) ----

export async function surveyStatus(db: DbOrTx, secrets: SecretBox, s: VillagerSession): Promise<{ quarter: string; answered: boolean }> {
  const quarter = quarterOf();
  return { quarter, answered: await repo.hasResponse(db, s.regionCode, quarter, householdDigest(secrets, s.regionCode, s.householdId, quarter)) };
}

/** One answer per household per quarter; who answered is not stored (a keyed digest of the household and quarter). */
export async function answerSurvey(db: Db, secrets: SecretBox, actor: Actor, s: VillagerSession, input: TSatisfactionAnswerRequest): Promise<{ quarter: string; answered: boolean }> {
  const quarter = quarterOf();
  const digest = householdDigest(secrets, s.regionCode, s.householdId, quarter);
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    const inserted = await repo.insertResponse(w.tx, {
      id, quarter, householdDigest: digest, disclosure: input.disclosure, services: input.services, integrity: input.integrity, comment: input.comment || null, regionCode: s.regionCode,
    });
    if (!inserted) throw new AppError(ErrorCode.CONFLICT, { message: '本户本季度已参加过测评' });
    await w.record({
      action: 'survey.response.create', entityType: 'satisfaction_response', entityId: id, regionCode: s.regionCode,
      after: { quarter, disclosure: input.disclosure, services: input.services, integrity: input.integrity, comment: input.comment || null },
    });
  });
  return { quarter, answered: true };
}

const emptyCounts = (): Record<TSatisfactionLevel, number> => ({ satisfied: 0, basically_satisfied: 0, dissatisfied: 0 });

/**
 * Results of a quarter (default: the current one): a row per village in scope and, above them, a
 * rollup row per township (ordered by region code, so a township comes before its villages).
 * Coverage is responses / households in the registry.
 */
export async function satisfactionResults(db: DbOrTx, actor: Actor, q: TSatisfactionQuery): Promise<TSatisfactionResults> {
  const quarter = q.quarter ?? quarterOf();
  let scope = actor.regionCode;
  if (q.regionCode) {
    if (!(await getRegionInScope(db, q.regionCode, actor.regionCode))) throw notFound('区划');
    scope = q.regionCode;
  }
  const villages = await repo.satisfactionByVillage(db, scope, quarter);
  const rowOf = (regionCode: string, regionName: string, households: number, responses: number, dims: TSatisfactionRow['dimensions']): TSatisfactionRow => ({
    regionCode, regionName, quarter, responses, households, dimensions: dims, score: responses ? satisfactionScore(Object.values(dims)) : null,
  });
  const rows: TSatisfactionRow[] = villages.map((v) => {
    const dims = Object.fromEntries(SATISFACTION_DIMENSIONS.map((d) => [d, {
      satisfied: Number(v[`${d}__satisfied`]), basically_satisfied: Number(v[`${d}__basically_satisfied`]), dissatisfied: Number(v[`${d}__dissatisfied`]),
    }])) as TSatisfactionRow['dimensions'];
    return rowOf(v.region_code, v.region_name, Number(v.households), Number(v.responses), dims);
  });
  // Township rollups, only for townships wholly in the scope (a village account sees its village alone).
  const townships = new Map<string, TSatisfactionRow[]>();
  for (const r of rows) {
    const t = parentCodeOf(r.regionCode);
    if (t && (scope === null || isWithinRegion(t, scope))) townships.set(t, [...(townships.get(t) ?? []), r]);
  }
  for (const [code, members] of townships) {
    const region = await getRegionInScope(db, code, null);
    const dims = Object.fromEntries(SATISFACTION_DIMENSIONS.map((d) => {
      const c = emptyCounts();
      for (const m of members) for (const l of Object.keys(c) as TSatisfactionLevel[]) c[l] += m.dimensions[d][l];
      return [d, c];
    })) as TSatisfactionRow['dimensions'];
    rows.push(rowOf(code, region?.name ?? code, members.reduce((n, m) => n + m.households, 0), members.reduce((n, m) => n + m.responses, 0), dims));
  }
  rows.sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  return { quarter, rows };
}
