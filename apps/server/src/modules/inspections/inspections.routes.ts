import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDismissFindingRequest, ZFinding, ZFindingListQuery, ZFindingRequest, ZInspectionPlan, ZInspectionPlanListQuery, ZInspectionPlanRequest, ZPage } from '@mpw/contracts';
import * as inspections from './inspections.service.js';

const planParams = z.object({ id: z.uuid({ message: '检查计划编号格式不正确' }) });
const findingParams = z.object({ id: z.uuid({ message: '问题编号格式不正确' }) });
const ZEmpty = z.object({}).nullish();

/** 监督检查: plans (检查计划) and findings (检查发现的问题). Thin: validate → authorize → service. */
export async function inspectionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['inspections'];

  r.get('/plans', {
    config: { permission: 'inspection:plan:read' },
    schema: { tags, summary: '检查计划列表 List inspection plans', querystring: ZInspectionPlanListQuery, response: { 200: ZPage(ZInspectionPlan) } },
  }, async (request) => inspections.findPlans(db, request.actor, request.query));

  r.post('/plans', {
    config: { permission: 'inspection:plan:write' },
    schema: { tags, summary: '制定检查计划 Create an inspection plan (draft)', body: ZInspectionPlanRequest, response: { 201: ZInspectionPlan } },
  }, async (request, reply) => reply.status(201).send(await inspections.createPlan(db, request.actor, request.body)));

  r.get('/plans/:id', {
    config: { permission: 'inspection:plan:read' },
    schema: { tags, summary: '检查计划详情 Get a plan', params: planParams, response: { 200: ZInspectionPlan } },
  }, async (request) => inspections.getPlanById(db, request.actor, request.params.id));

  r.put('/plans/:id', {
    config: { permission: 'inspection:plan:write' },
    schema: { tags, summary: '修改检查计划（草稿） Change a draft plan', params: planParams, body: ZInspectionPlanRequest, response: { 200: ZInspectionPlan } },
  }, async (request) => inspections.updatePlan(db, request.actor, request.params.id, request.body));

  r.post('/plans/:id/activate', {
    config: { permission: 'inspection:plan:write' },
    schema: { tags, summary: '开始检查 Activate a draft plan', params: planParams, body: ZEmpty, response: { 200: ZInspectionPlan } },
  }, async (request) => inspections.movePlan(db, request.actor, request.params.id, 'active'));

  r.post('/plans/:id/complete', {
    config: { permission: 'inspection:plan:write' },
    schema: { tags, summary: '结束检查 Complete an active plan', params: planParams, body: ZEmpty, response: { 200: ZInspectionPlan } },
  }, async (request) => inspections.movePlan(db, request.actor, request.params.id, 'completed'));

  r.get('/findings', {
    config: { permission: 'inspection:plan:read' },
    schema: { tags, summary: '检查发现的问题 List findings', querystring: ZFindingListQuery, response: { 200: ZPage(ZFinding) } },
  }, async (request) => inspections.findFindings(db, request.actor, request.query));

  r.post('/findings', {
    config: { permission: 'inspection:finding:write' },
    schema: { tags, summary: '登记问题 Record a finding', body: ZFindingRequest, response: { 201: ZFinding } },
  }, async (request, reply) => reply.status(201).send(await inspections.createFinding(db, request.actor, request.body)));

  r.get('/findings/:id', {
    config: { permission: 'inspection:plan:read' },
    schema: { tags, summary: '问题详情 Get a finding', params: findingParams, response: { 200: ZFinding } },
  }, async (request) => inspections.getFindingById(db, request.actor, request.params.id));

  r.post('/findings/:id/dismiss', {
    config: { permission: 'inspection:finding:write' },
    schema: { tags, summary: '核实无问题 Dismiss an open finding', params: findingParams, body: ZDismissFindingRequest, response: { 200: ZFinding } },
  }, async (request) => inspections.dismissFinding(db, request.actor, request.params.id, request.body));
}
