import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAnswerVillageQuestionRequest,
  ZCadreReportRequest,
  ZCreateHearingRequest,
  ZHearing,
  ZHearingDetail,
  ZHearingListQuery,
  ZHearingReasonRequest,
  ZPage,
  ZRatingComment,
  ZUpdateHearingRequest,
  ZVillageQuestion,
  ZVillageQuestionListQuery,
} from '@mpw/contracts';
import * as hearings from './hearings.service.js';

const params = z.object({ id: z.uuid({ message: '问政会编号格式不正确' }) });
const cadreParams = params.extend({ cadreId: z.uuid({ message: '干部编号格式不正确' }) });
const questionParams = z.object({ id: z.uuid({ message: '问题编号格式不正确' }) });

/** Staff: schedule and run sessions, write reports, answer and moderate questions, read rating comments. */
export async function hearingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['hearings'];

  r.get('/', {
    config: { permission: 'hearing:hearing:read' },
    schema: { tags, summary: '村民问政会列表 List sessions', querystring: ZHearingListQuery, response: { 200: ZPage(ZHearing) } },
  }, async (request) => hearings.findHearings(db, request.actor, request.query));

  r.post('/', {
    config: { permission: 'hearing:hearing:manage' },
    schema: { tags, summary: '安排问政会（列出述职干部） Schedule a session', body: ZCreateHearingRequest, response: { 201: ZHearingDetail } },
  }, async (request, reply) => reply.status(201).send(await hearings.createHearing(db, request.actor, request.body)));

  r.get('/questions', {
    config: { permission: 'hearing:hearing:read' },
    schema: { tags, summary: '村民提问（含已屏蔽及原因） List villagers\' questions', querystring: ZVillageQuestionListQuery, response: { 200: ZPage(ZVillageQuestion) } },
  }, async (request) => hearings.findVillageQuestions(db, request.actor, request.query));

  r.post('/questions/:id/answer', {
    config: { permission: 'hearing:question:answer' },
    schema: { tags, summary: '公开答复村民提问 Answer a question in public', params: questionParams, body: ZAnswerVillageQuestionRequest, response: { 200: ZVillageQuestion } },
  }, async (request) => hearings.answerVillageQuestion(db, request.actor, request.params.id, request.body));

  r.post('/questions/:id/hide', {
    config: { permission: 'hearing:question:moderate' },
    schema: { tags, summary: '屏蔽不当提问（须说明原因） Hide an abusive question', params: questionParams, body: ZHearingReasonRequest, response: { 200: ZVillageQuestion } },
  }, async (request) => hearings.hideVillageQuestion(db, request.actor, request.params.id, request.body));

  r.get('/:id', {
    config: { permission: 'hearing:hearing:read' },
    schema: { tags, summary: '问政会详情（实时评议结果、全部提问） Get a session', params, response: { 200: ZHearingDetail } },
  }, async (request) => hearings.getHearingById(db, request.actor, request.params.id));

  r.put('/:id', {
    config: { permission: 'hearing:hearing:manage' },
    schema: { tags, summary: '修改问政会安排（召开前） Update a scheduled session', params, body: ZUpdateHearingRequest, response: { 200: ZHearingDetail } },
  }, async (request) => hearings.updateHearing(db, request.actor, request.params.id, request.body));

  r.post('/:id/start', {
    config: { permission: 'hearing:hearing:manage' },
    schema: { tags, summary: '开始问政（开放评议） Start the session', params, response: { 200: ZHearingDetail } },
  }, async (request) => hearings.startHearing(db, request.actor, request.params.id));

  r.post('/:id/close', {
    config: { permission: 'hearing:hearing:manage' },
    schema: { tags, summary: '结束问政（公布评议结果） Close the session', params, response: { 200: ZHearingDetail } },
  }, async (request) => hearings.closeHearing(db, request.actor, request.params.id));

  r.post('/:id/cancel', {
    config: { permission: 'hearing:hearing:manage' },
    schema: { tags, summary: '取消问政会 Cancel the session', params, body: ZHearingReasonRequest, response: { 200: ZHearingDetail } },
  }, async (request) => hearings.cancelHearing(db, request.actor, request.params.id, request.body));

  r.put('/:id/cadres/:cadreId/report', {
    // The cadre's own account or a village manager (checked on the record).
    config: { permission: 'hearing:hearing:read' },
    schema: { tags, summary: '填写述职述廉报告 Write a cadre\'s report', params: cadreParams, body: ZCadreReportRequest, response: { 200: ZHearingDetail } },
  }, async (request) => hearings.writeCadreReport(db, request.actor, request.params.id, request.params.cadreId, request.body));

  r.get('/:id/ratings/comments', {
    config: { permission: 'hearing:rating:read' },
    schema: { tags, summary: '民主评议意见（不含评议人信息） Comments left with ratings', params, response: { 200: z.array(ZRatingComment) } },
  }, async (request) => hearings.findRatingComments(db, request.actor, request.params.id));
}
