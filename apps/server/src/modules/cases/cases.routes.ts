import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAccountabilityRequest,
  ZCaseDetail,
  ZCaseListQuery,
  ZCaseNoteRequest,
  ZCaseRequest,
  ZCaseStepRequest,
  ZCaseSummary,
  ZCloseUnfiledRequest,
  ZDecideCaseRequest,
  ZDecideToleranceRequest,
  ZDecideTypicalRequest,
  ZExecuteCaseRequest,
  ZFileCaseRequest,
  ZPage,
  ZProposeToleranceRequest,
  ZPublicTypicalCase,
  ZRegionCode,
  ZToleranceListQuery,
  ZTypicalCaseRequest,
} from '@mpw/contracts';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import * as cases from './cases.service.js';
import { exportCasesXlsx } from './cases.export.js';

const params = z.object({ id: z.uuid({ message: '案件编号格式不正确' }) });
const typicalParams = z.object({ tid: z.uuid({ message: '典型案例编号格式不正确' }) });
const ZEmpty = z.object({}).nullish();
const ZPublicTypicalQuery = z.object({ district: ZRegionCode });

/** Staff routes of cases (案件), mounted at /api/v1/cases. */
export async function caseRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['cases'];
  const read = { permission: 'case:case:read' as const };
  const write = { permission: 'case:case:write' as const };

  r.get('/', {
    config: read,
    schema: { tags, summary: '案件列表（不记查阅） List cases', querystring: ZCaseListQuery, response: { 200: ZPage(ZCaseSummary) } },
  }, async (request) => cases.findCases(db, request.actor, request.query));

  r.post('/', {
    config: write,
    schema: { tags, summary: '登记问题线索（初核） Register a clue', body: ZCaseRequest, response: { 201: ZCaseDetail } },
  }, async (request, reply) => reply.status(201).send(await cases.createCase(db, request.actor, request.body)));

  r.get('/export.xlsx', {
    config: read,
    schema: { tags, summary: '导出案件台账（不记查阅） Export cases (.xlsx)', querystring: ZCaseListQuery.omit({ current: true, pageSize: true }), produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => sendXlsx(reply, { name: '案件台账', fallback: 'cases' }, await exportCasesXlsx(db, request.actor, request.query)));

  r.get('/tolerance', {
    config: read,
    schema: { tags, summary: '容错纠错台账 The fault-tolerance register', querystring: ZToleranceListQuery, response: { 200: ZPage(ZCaseSummary) } },
  }, async (request) => cases.findToleranceRegister(db, request.actor, request.query));

  r.get('/:id', {
    config: read,
    schema: { tags, summary: '查阅案卷（每次查阅留痕） Read a case file; every read is audited', params, response: { 200: ZCaseDetail } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return cases.getCaseById(db, request.actor, request.params.id);
  });

  r.post('/:id/file', {
    config: write,
    schema: { tags, summary: '立案 Place on file', params, body: ZFileCaseRequest.nullish(), response: { 200: ZCaseDetail } },
  }, async (request) => cases.fileCase(db, request.actor, request.params.id, request.body ?? {}));

  r.post('/:id/close-unfiled', {
    config: write,
    schema: { tags, summary: '初核了结 Close without filing', params, body: ZCloseUnfiledRequest, response: { 200: ZCaseDetail } },
  }, async (request) => cases.closeUnfiled(db, request.actor, request.params.id, request.body));

  r.post('/:id/investigate', {
    config: write,
    schema: { tags, summary: '开始调查 Start the investigation', params, body: ZCaseStepRequest.nullish(), response: { 200: ZCaseDetail } },
  }, async (request) => cases.startInvestigation(db, request.actor, request.params.id, request.body ?? {}));

  r.post('/:id/review', {
    config: write,
    schema: { tags, summary: '移送审理 Send to review', params, body: ZCaseStepRequest.nullish(), response: { 200: ZCaseDetail } },
  }, async (request) => cases.sendToReview(db, request.actor, request.params.id, request.body ?? {}));

  r.post('/:id/decide', {
    config: write,
    schema: { tags, summary: '作出处理决定 Decide: discipline, sanctions, transfer, recovery', params, body: ZDecideCaseRequest, response: { 200: ZCaseDetail } },
  }, async (request) => cases.decideCase(db, request.actor, request.params.id, request.body));

  r.post('/:id/execute', {
    config: write,
    schema: { tags, summary: '执行完毕 Record execution', params, body: ZExecuteCaseRequest.nullish(), response: { 200: ZCaseDetail } },
  }, async (request) => cases.executeCase(db, request.actor, request.params.id, request.body ?? {}));

  r.post('/:id/notes', {
    config: write,
    schema: { tags, summary: '办案记录 Add a note', params, body: ZCaseNoteRequest, response: { 200: ZCaseDetail } },
  }, async (request) => cases.addNote(db, request.actor, request.params.id, request.body));

  r.post('/:id/tolerance', {
    config: write,
    schema: { tags, summary: '提出容错纠错 Propose fault tolerance', params, body: ZProposeToleranceRequest, response: { 200: ZCaseDetail } },
  }, async (request) => cases.proposeTolerance(db, request.actor, request.params.id, request.body));

  r.post('/:id/tolerance/decide', {
    config: { permission: 'case:tolerance:approve' },
    schema: { tags, summary: '容错纠错审批（上一级） Approve or refuse fault tolerance, one level up', params, body: ZDecideToleranceRequest, response: { 200: ZCaseDetail } },
  }, async (request) => cases.decideTolerance(db, request.actor, request.params.id, request.body));

  r.post('/:id/accountability', {
    config: write,
    schema: { tags, summary: '一案双查：登记问责 Record the accountability of a supervising leader', params, body: ZAccountabilityRequest, response: { 201: ZCaseDetail } },
  }, async (request, reply) => reply.status(201).send(await cases.addAccountability(db, request.actor, request.params.id, request.body)));

  r.post('/:id/typical', {
    config: write,
    schema: { tags, summary: '起草典型案例（匿名） Draft an anonymised typical case', params, body: ZTypicalCaseRequest, response: { 200: ZCaseDetail } },
  }, async (request) => cases.draftTypical(db, request.actor, request.params.id, request.body));

  r.post('/typical/:tid/decide', {
    config: { permission: 'case:typical:approve' },
    schema: { tags, summary: '审批典型案例 Approve a typical case', params: typicalParams, body: ZDecideTypicalRequest, response: { 200: ZCaseDetail } },
  }, async (request) => cases.decideTypical(db, request.actor, request.params.tid, request.body));

  r.post('/typical/:tid/publish', {
    config: { permission: 'case:typical:approve' },
    schema: { tags, summary: '发布典型案例到村民端 Publish to the portal', params: typicalParams, body: ZEmpty, response: { 200: ZCaseDetail } },
  }, async (request) => cases.publishTypical(db, request.actor, request.params.tid));

  r.post('/typical/:tid/withdraw', {
    config: { permission: 'case:typical:approve' },
    schema: { tags, summary: '撤回典型案例 Withdraw from the portal', params: typicalParams, body: ZEmpty, response: { 200: ZCaseDetail } },
  }, async (request) => cases.withdrawTypical(db, request.actor, request.params.tid));
}

/** Portal routes, mounted at /api/v1/public/cases: published typical cases for warning education (以案促改). */
export async function casePublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get('/typical', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: '典型案例（以案促改，已匿名） Published typical cases of a district', querystring: ZPublicTypicalQuery, response: { 200: z.array(ZPublicTypicalCase) } },
  }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return cases.listPublicTypical(db, request.query.district);
  });
}
