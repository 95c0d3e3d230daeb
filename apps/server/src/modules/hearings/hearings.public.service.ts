import { createHmac, randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import type {
  TAskVillageQuestionRequest,
  THearing,
  THearingDetail,
  TPublicHearingListQuery,
  TPublicVillageQuestionListQuery,
  TRateCadresRequest,
  TVillageQuestion,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { chinaDate } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { maskIdNumbers } from '../disclosures/disclosures.policy.js';
import type { VillagerSession } from '../households/villager-session.js';
import { notifyRole } from '../notifications/notifications.service.js';
import { getPublicVillage } from '../regions/regions.repository.js';
import { getSetting } from '../settings/settings.service.js';
import * as repo from './hearings.repository.js';
import { maskedAskerName, refusalOf } from './hearings.policy.js';
import { presentQuestion } from './hearings.presenter.js';
import { presentHearingDetail, presentHearings } from './hearings.service.js';
import { ANSWER_WORKING_DAYS } from './hearings.settings.js';

export const ALREADY_RATED = '您已评议过该干部';

const page = (q: { current: number; pageSize: number }) => ({ offset: (q.current - 1) * q.pageSize, limit: q.pageSize });

async function requireVillage(db: DbOrTx, code: string) {
  const v = await getPublicVillage(db, code);
  if (!v) throw notFound('村庄');
  return v;
}

/** A village's sessions, newest first; cancelled ones show with their reason. */
export async function findPublicHearings(db: Db, q: TPublicHearingListQuery): Promise<{ data: THearing[]; total: number }> {
  await requireVillage(db, q.villageCode);
  const { rows, total } = await repo.findHearings(db, { scopeCode: null, regionCode: q.villageCode }, page(q));
  return { data: await presentHearings(db, rows, 'public'), total };
}

/** A session as villagers see it: cadres and their reports, results once closed, questions not hidden with their answers. */
export async function getPublicHearing(db: Db, id: string): Promise<THearingDetail> {
  const row = await repo.getHearingInScope(db, id, null);
  if (!row) throw notFound('问政会');
  return presentHearingDetail(db, row, 'public');
}

/** The village a session belongs to (for checking the villager's session before rating). */
export async function hearingVillage(db: Db, id: string): Promise<string> {
  const row = await repo.getHearingInScope(db, id, null);
  if (!row) throw notFound('问政会');
  return row.regionCode;
}

export async function findPublicQuestions(db: Db, q: TPublicVillageQuestionListQuery): Promise<{ data: TVillageQuestion[]; total: number }> {
  await requireVillage(db, q.villageCode);
  const today = chinaDate();
  const { rows, total } = await repo.findQuestions(db, { scopeCode: null, regionCode: q.villageCode, hearingId: q.hearingId, publicOnly: true }, page(q));
  return { data: rows.map((r) => presentQuestion(r, today, 'public')), total };
}

/**
 * A villager's question: to a session that is scheduled or in session (optionally to one of its
 * cadres), or to the village in general. Anonymous unless a verified villager of this village
 * asks with `anonymous: false` (then the masked name shows, marked 已核验). Due in
 * `hearings.answerWorkingDays` working days.
 */
export async function askVillageQuestion(db: Db, actor: Actor, villager: VillagerSession | null, input: TAskVillageQuestionRequest): Promise<TVillageQuestion> {
  const named = !input.anonymous && villager !== null;
  if (named && villager.regionCode !== input.villageCode) throw new AppError(ErrorCode.FORBIDDEN, { message: '您核验的是其他村的身份，请在本村重新核验' });
  if (input.cadreId && !input.hearingId) throw validationError('cadreId', '向干部提问须选择问政会');
  return audited(db, actor, async (w) => {
    await requireVillage(w.tx, input.villageCode);
    let hearingTitle: string | null = null;
    if (input.hearingId) {
      const hearing = await repo.lockHearingInScope(w.tx, input.hearingId, null);
      if (!hearing || hearing.regionCode !== input.villageCode) throw validationError('hearingId', '本村没有这次问政会');
      const refusal = refusalOf('ask', hearing.status as never);
      if (refusal) throw new AppError(ErrorCode.CONFLICT, { message: refusal });
      if (input.cadreId && !(await repo.listCadres(w.tx, [hearing.id])).some((c) => c.id === input.cadreId)) throw validationError('cadreId', '该干部不在这次问政会的述职名单中');
      hearingTitle = hearing.title;
    }
    const askerName = named ? await repo.residentName(w.tx, villager.residentId) : null;
    const today = chinaDate();
    const days = await getSetting(w.tx, ANSWER_WORKING_DAYS, input.villageCode, today);
    const dueOn = (await getCalendar(w.tx, input.villageCode)).addWorkingDays(today, days);
    const id = randomUUID();
    const row = {
      id,
      hearingId: input.hearingId ?? null,
      cadreId: input.cadreId ?? null,
      content: maskIdNumbers(input.content),
      isAnonymous: askerName === null,
      askerNameMasked: askerName === null ? null : maskedAskerName(askerName),
      dueOn,
      status: 'open' as const,
      regionCode: input.villageCode,
    };
    await repo.insertQuestion(w.tx, row);
    await w.record({
      action: 'hearing.question.ask',
      entityType: 'village_question',
      entityId: id,
      regionCode: input.villageCode,
      after: { hearingId: row.hearingId, cadreId: row.cadreId, content: row.content, isAnonymous: row.isAnonymous, askerNameMasked: row.askerNameMasked, dueOn },
    });
    await notifyRole(w, {
      regionCode: input.villageCode,
      roles: ['village_secretary', 'village_accountant'],
      kind: 'assigned',
      title: hearingTitle ? `村民问政提问：${hearingTitle}`.slice(0, 50) : '村民提问（我要提问）',
      body: `村民提出了问题，请在 ${dueOn} 前公开答复。`,
      link: input.hearingId ? `/hearings/${input.hearingId}` : '/village-questions',
      entityType: 'village_question',
      entityId: id,
    });
    const saved = await repo.getQuestion(w.tx, id);
    return presentQuestion(saved!, today, 'public');
  });
}

// ---- Ratings (民主评议) ----

/** Who rated, as the ratings table knows it: a keyed digest of (session, person), the same for every cadre of the session. */
export function raterDigest(secrets: SecretBox, hearingId: string, residentId: string): string {
  return createHmac('sha256', secrets.deriveKey('hearing-rater')).update(`${hearingId}:${residentId}`).digest('hex');
}

export interface RatingInput {
  cadreId: string;
  level: TRateCadresRequest['ratings'][number]['level'];
  comment?: string;
}

/**
 * Writes one person's ratings of a session in the caller's transaction. The session must be in
 * session and every cadre on it; a cadre this person already rated refuses the whole request
 * (409, nothing written). Used by the portal and the demo.
 */
export async function recordRatings(w: AuditedTx, hearingId: string, digest: string, ratings: RatingInput[]): Promise<string[]> {
  const hearing = await repo.lockHearingInScope(w.tx, hearingId, null);
  if (!hearing) throw notFound('问政会');
  const refusal = refusalOf('rate', hearing.status as never);
  if (refusal) throw new AppError(ErrorCode.CONFLICT, { message: refusal });
  const cadres = new Set((await repo.listCadres(w.tx, [hearingId])).map((c) => c.id));
  const seen = new Set<string>();
  ratings.forEach((r, i) => {
    if (!cadres.has(r.cadreId)) throw validationError(`ratings.${i}.cadreId`, '该干部不在这次问政会的评议名单中');
    if (seen.has(r.cadreId)) throw validationError(`ratings.${i}.cadreId`, '同一名干部只能评议一次');
    seen.add(r.cadreId);
  });
  const already = new Set(await repo.ratedCadreIds(w.tx, hearingId, digest));
  if (ratings.some((r) => already.has(r.cadreId))) throw new AppError(ErrorCode.CONFLICT, { message: ALREADY_RATED });
  const rows = ratings.map((r) => ({
    id: randomUUID(),
    hearingId,
    cadreId: r.cadreId,
    raterDigest: digest,
    level: r.level,
    comment: r.comment ? maskIdNumbers(r.comment) : null,
    regionCode: hearing.regionCode,
  }));
  // The unique index settles a race between two requests of the same person: the later one is refused whole.
  if ((await repo.insertRatings(w.tx, rows)) !== rows.length) throw new AppError(ErrorCode.CONFLICT, { message: ALREADY_RATED });
  await w.recordMany(rows.map((r) => ({
    action: 'hearing.rating.create',
    entityType: 'hearing_rating',
    entityId: r.id,
    regionCode: r.regionCode,
    after: { hearingId, cadreId: r.cadreId, level: r.level, hasComment: r.comment !== null },
  })));
  return [...already, ...rows.map((r) => r.cadreId)];
}

/** A verified villager of the session's village rates its cadres (满意 / 基本满意 / 不满意), once per cadre. */
export async function rateCadres(db: Db, secrets: SecretBox, actor: Actor, villager: VillagerSession, hearingId: string, input: TRateCadresRequest): Promise<{ ratedCadreIds: string[] }> {
  const digest = raterDigest(secrets, hearingId, villager.residentId);
  return audited(db, actor, async (w) => ({ ratedCadreIds: await recordRatings(w, hearingId, digest, input.ratings) }));
}

export async function myRatings(db: Db, secrets: SecretBox, villager: VillagerSession, hearingId: string): Promise<{ ratedCadreIds: string[] }> {
  return { ratedCadreIds: await repo.ratedCadreIds(db, hearingId, raterDigest(secrets, hearingId, villager.residentId)) };
}
