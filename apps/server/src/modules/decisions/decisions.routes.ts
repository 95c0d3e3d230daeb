import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZCreateDecisionRequest,
  ZDecision,
  ZDecisionExportQuery,
  ZDecisionListQuery,
  ZPage,
  ZPublicDecision,
  ZPublicDecisionListQuery,
  ZRecordDecisionStageRequest,
} from '@mpw/contracts';
import * as decisions from './decisions.service.js';
import { exportDecisionsCsv } from './decisions.export.js';
import { revalidated } from '../../lib/revalidate.js';

const params = z.object({ id: z.uuid({ message: '决策编号格式不正确' }) });

export async function decisionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['decisions'];

  r.get('/', {
    config: { permission: 'decision:decision:read' },
    schema: { tags, summary: '四议两公开决策列表 List decisions', querystring: ZDecisionListQuery, response: { 200: ZPage(ZDecision) } },
  }, async (request) => decisions.findDecisions(db, request.actor, request.query));

  r.get('/export.csv', {
    config: { permission: 'decision:decision:read' },
    schema: { tags, summary: '导出 decisions.csv (shared/spec/data-exchange.md)', querystring: ZDecisionExportQuery, produces: ['text/csv'] },
  }, async (request, reply) => {
    const csv = await exportDecisionsCsv(db, { regionCode: request.query.regionCode, scopeCode: request.actor.regionCode });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="decisions.csv"').send(csv);
  });

  r.get('/:id', {
    config: { permission: 'decision:decision:read' },
    schema: { tags, summary: '决策详情（含各环节） Get a decision with its stages', params, response: { 200: ZDecision } },
  }, async (request) => decisions.getDecisionById(db, request.actor, request.params.id));

  r.post('/', {
    config: { permission: 'decision:decision:write' },
    schema: { tags, summary: '发起决策 Start a decision', body: ZCreateDecisionRequest, response: { 201: ZDecision } },
  }, async (request, reply) => reply.status(201).send(await decisions.createDecision(db, request.actor, request.body)));

  r.post('/:id/stages', {
    config: { permission: 'decision:decision:write' },
    schema: { tags, summary: '记录一个环节 Record a stage', params, body: ZRecordDecisionStageRequest, response: { 201: ZDecision } },
  }, async (request, reply) => reply.status(201).send(await decisions.recordStage(db, request.actor, request.params.id, request.body)));
}

/** What villagers read on the portal without an account. */
export async function decisionPublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['public'];

  r.get('/', {
    config: { auth: 'public' },
    schema: { tags, summary: '本村四议两公开决策 Decisions of a village', querystring: ZPublicDecisionListQuery, response: { 200: ZPage(ZPublicDecision) } },
  }, async (request, reply) => {
    return revalidated(request, reply, await decisions.findPublicDecisions(db, request.query));
  });

  r.get('/:id', {
    config: { auth: 'public' },
    schema: { tags, summary: '决策公开详情 A decision as villagers see it', params, response: { 200: ZPublicDecision } },
  }, async (request, reply) => {
    return revalidated(request, reply, await decisions.getPublicDecision(db, request.params.id));
  });
}
