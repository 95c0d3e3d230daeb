import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZHouseholdVerifyRequest, ZHouseholdView, ZOk, ZSatisfactionAnswerRequest, ZSatisfactionStatus, ZVillagerSession } from '@mpw/contracts';
import { anonymousActor } from '../../lib/actor.js';
import { countPortalUse } from '../dashboards/index.js';
import * as households from './households.service.js';
import { requireVillager, revokeVillagerSession, villagerToken } from './villager-session.js';

/**
 * The villager's side of the household query: verify (identity number + name + query code), see
 * the household, answer the quarterly survey. Every answer is private (`no-store`); request lines
 * are not logged at info level. Villager actions are audited as anonymous (the session is the
 * household's, not an account).
 */
export async function householdPublicRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, secrets } = app.deps;
  const tags = ['public'];
  const quiet = { logLevel: 'warn' as const };

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  r.post('/verify', {
    ...quiet,
    // The real limits are in the database (households.policy.ts); this only blunts floods per instance.
    config: { auth: 'public', rateLimit: { max: 60, windowSeconds: 600 } },
    schema: { tags, summary: '村民身份核验（身份证号+姓名+户查询码） Verify a villager', body: ZHouseholdVerifyRequest, response: { 200: ZVillagerSession } },
  }, async (request) => {
    const session = await households.verifyHousehold(db, { secrets, clientIp: request.ip, actor: anonymousActor(request.id) }, request.body);
    await countPortalUse(db, request.log, session.villageCode, 'household_query');
    return session;
  });

  r.get('/me', {
    ...quiet,
    config: { auth: 'public' },
    schema: { tags, summary: '我家的待遇 The verified villager\'s household', response: { 200: ZHouseholdView } },
  }, async (request) => households.getHouseholdView(db, secrets, anonymousActor(request.id), await requireVillager(request)));

  r.post('/logout', {
    ...quiet,
    config: { auth: 'public' },
    schema: { tags, summary: '退出核验 End the villager session', response: { 200: ZOk } },
  }, async (request) => {
    await revokeVillagerSession(db, villagerToken(request));
    return { ok: true as const };
  });

  r.get('/survey', {
    ...quiet,
    config: { auth: 'public' },
    schema: { tags, summary: '本季度满意度测评是否已参加 Whether the household answered this quarter', response: { 200: ZSatisfactionStatus } },
  }, async (request) => households.surveyStatus(db, secrets, await requireVillager(request)));

  r.post('/survey', {
    ...quiet,
    config: { auth: 'public' },
    schema: { tags, summary: '提交满意度测评（每户每季度一次） Answer the quarterly survey', body: ZSatisfactionAnswerRequest, response: { 201: ZSatisfactionStatus } },
  }, async (request, reply) => reply.status(201).send(await households.answerSurvey(db, secrets, anonymousActor(request.id), await requireVillager(request), request.body)));
}
