import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  TRAINING_PERSON_KINDS,
  ZCreateTrainingRequest,
  ZDeleteTrainingRequest,
  ZOk,
  ZPage,
  ZTrainingCoverageQuery,
  ZTrainingCoverageRow,
  ZTrainingListQuery,
  ZTrainingPersonHistory,
  ZTrainingSession,
} from '@mpw/contracts';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import { exportTrainingsXlsx } from './training.export.js';
import * as training from './training.service.js';

const sessionParams = z.object({ id: z.uuid({ message: '培训记录编号格式不正确' }) });
const personParams = z.object({ kind: z.enum(TRAINING_PERSON_KINDS, { message: '人员类型应为 user 或 supervision_member' }), id: z.uuid({ message: '人员编号格式不正确' }) });

/** 教育培训 and 警示教育: sessions with attendance, a person's history, coverage, the ledger in Excel. */
export async function trainingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['training'];

  r.get('/', {
    config: { permission: 'training:session:read' },
    schema: { tags, summary: '培训记录列表 List sessions', querystring: ZTrainingListQuery, response: { 200: ZPage(ZTrainingSession) } },
  }, async (request) => training.findTrainings(db, request.actor, request.query));

  r.post('/', {
    config: { permission: 'training:session:write' },
    schema: { tags, summary: '新增培训记录 Record a session with its attendance', body: ZCreateTrainingRequest, response: { 201: ZTrainingSession } },
  }, async (request, reply) => reply.status(201).send(await training.createTraining(db, request.actor, request.body)));

  r.get('/coverage', {
    config: { permission: 'training:session:read' },
    schema: { tags, summary: '培训覆盖率 Coverage per child unit', querystring: ZTrainingCoverageQuery, response: { 200: z.array(ZTrainingCoverageRow) } },
  }, async (request) => training.trainingCoverage(db, request.actor, request.query));

  r.get('/export.xlsx', {
    config: { permission: 'training:session:read' },
    schema: { tags, summary: '导出培训台账 Export the list (.xlsx)', querystring: ZTrainingListQuery, produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => {
    const { current: _c, pageSize: _p, ...q } = request.query;
    return sendXlsx(reply, { name: '培训台账', fallback: 'training' }, await exportTrainingsXlsx(db, request.actor, q));
  });

  r.get('/people/:kind/:id/history', {
    config: { permission: 'training:session:read' },
    schema: { tags, summary: '个人培训档案 A person\'s training history', params: personParams, response: { 200: ZTrainingPersonHistory } },
  }, async (request) => training.personHistory(db, request.actor, request.params.kind, request.params.id));

  r.get('/:id', {
    config: { permission: 'training:session:read' },
    schema: { tags, summary: '培训记录详情 Get a session with its attendees', params: sessionParams, response: { 200: ZTrainingSession } },
  }, async (request) => training.getTrainingById(db, request.actor, request.params.id));

  r.put('/:id', {
    config: { permission: 'training:session:write' },
    schema: { tags, summary: '修改培训记录 Replace a session and its attendance', params: sessionParams, body: ZCreateTrainingRequest, response: { 200: ZTrainingSession } },
  }, async (request) => training.updateTraining(db, request.actor, request.params.id, request.body));

  r.delete('/:id', {
    config: { permission: 'training:session:write' },
    schema: { tags, summary: '删除培训记录（软删除） Delete a session (soft, with a reason)', params: sessionParams, body: ZDeleteTrainingRequest, response: { 200: ZOk } },
  }, async (request) => {
    await training.deleteTraining(db, request.actor, request.params.id, request.body.reason);
    return { ok: true as const };
  });
}
