import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAskVillageQuestionRequest,
  ZHearing,
  ZHearingDetail,
  ZMyRatings,
  ZPage,
  ZPublicHearingListQuery,
  ZPublicVillageQuestionListQuery,
  ZRateCadresRequest,
  ZVillageQuestion,
} from '@mpw/contracts';
import { requireVillager, villagerOf } from '../households/villager-session.js';
import { revalidated } from '../../lib/revalidate.js';
import * as portal from './hearings.public.service.js';

const params = z.object({ id: z.uuid({ message: '问政会编号格式不正确' }) });

/** Anything about one villager, and every write, is never stored along the way. */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** What villagers see and do without an account; ratings and named questions need a villager session (x-villager-token). */
export async function hearingPublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, secrets } = app.deps;
  const tags = ['public'];

  r.get('/', {
    config: { auth: 'public' },
    schema: { tags, summary: '本村村民问政会 Sessions of a village, newest first', querystring: ZPublicHearingListQuery, response: { 200: ZPage(ZHearing) } },
  }, async (request, reply) => {
    // A started session or a new answer must show at once: revalidate every time (304 when unchanged).
    return revalidated(request, reply, await portal.findPublicHearings(db, request.query));
  });

  r.get('/questions', {
    config: { auth: 'public' },
    schema: { tags, summary: '村民提问与答复 Villagers\' questions and answers, newest first', querystring: ZPublicVillageQuestionListQuery, response: { 200: ZPage(ZVillageQuestion) } },
  }, async (request, reply) => {
    return revalidated(request, reply, await portal.findPublicQuestions(db, request.query));
  });

  r.post('/questions', {
    config: { auth: 'public', rateLimit: { max: 10, windowSeconds: 600 } },
    schema: { tags, summary: '我要提问（默认匿名；已核验可署名） Ask a question', body: ZAskVillageQuestionRequest, response: { 201: ZVillageQuestion } },
  }, async (request, reply) => {
    noStore(reply);
    const villager = request.body.anonymous ? null : await villagerOf(request);
    return reply.status(201).send(await portal.askVillageQuestion(db, request.actor, villager, request.body));
  });

  r.get('/:id', {
    config: { auth: 'public' },
    schema: { tags, summary: '问政会（述职述廉报告、提问答复，结束后公布评议结果） A session as villagers see it', params, response: { 200: ZHearingDetail } },
  }, async (request, reply) => {
    return revalidated(request, reply, await portal.getPublicHearing(db, request.params.id));
  });

  r.post('/:id/ratings', {
    config: { auth: 'public', rateLimit: { max: 20, windowSeconds: 600 } },
    schema: { tags, summary: '民主评议（须核验身份，每名干部一次） Rate the cadres', params, body: ZRateCadresRequest, response: { 201: ZMyRatings } },
  }, async (request, reply) => {
    noStore(reply);
    const villager = await requireVillager(request, await portal.hearingVillage(db, request.params.id));
    return reply.status(201).send(await portal.rateCadres(db, secrets, request.actor, villager, request.params.id, request.body));
  });

  r.get('/:id/ratings/mine', {
    config: { auth: 'public' },
    schema: { tags, summary: '我已评议的干部 Cadres this villager has rated', params, response: { 200: ZMyRatings } },
  }, async (request, reply) => {
    noStore(reply);
    const villager = await requireVillager(request, await portal.hearingVillage(db, request.params.id));
    return portal.myRatings(db, secrets, villager, request.params.id);
  });
}
