import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ASSESSMENT_SCHEME_STATUSES,
  ZAdjustAssessmentRequest,
  ZAssessmentPeriod,
  ZAssessmentResult,
  ZAssessmentScheme,
  ZAssessmentSchemeRequest,
  ZPage,
  ZPageQuery,
  ZRegionCode,
} from '@mpw/contracts';
import { XLSX_CONTENT_TYPE, sendXlsx } from '../../lib/xlsx.js';
import { exportResultsXlsx } from './assessment.export.js';
import * as assessment from './assessment.service.js';

const schemeParams = z.object({ id: z.uuid({ message: '考核方案编号格式不正确' }) });
const periodParams = schemeParams.extend({ period: ZAssessmentPeriod });
const resultParams = z.object({ id: z.uuid({ message: '考核结果编号格式不正确' }) });
const ZSchemeListQuery = ZPageQuery.extend({ status: z.enum(ASSESSMENT_SCHEME_STATUSES, { message: '方案状态不正确' }).optional() });
const ZResultsQuery = z.object({ regionCode: ZRegionCode.optional() });
const ZResults = ZPage(ZAssessmentResult).extend({ locked: z.boolean() });
const ZTemplate = z.object({ name: z.string(), targetLevel: z.enum(['township', 'village']), periodKind: z.enum(['quarter', 'year']), indicators: ZAssessmentScheme.shape.indicators });

/** 考核评价: schemes (district), results computed per period, adjusted and locked by the district, exported. */
export async function assessmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['assessment'];

  r.get('/schemes', {
    config: { permission: 'assessment:scheme:read' },
    schema: { tags, summary: '考核方案列表 List schemes', querystring: ZSchemeListQuery, response: { 200: ZPage(ZAssessmentScheme) } },
  }, async (request) => assessment.findSchemes(db, request.actor, request.query));

  r.get('/schemes/template', {
    config: { permission: 'assessment:scheme:read' },
    schema: { tags, summary: '默认考核方案模板 The default scheme as a template', response: { 200: ZTemplate } },
  }, async () => assessment.getSchemeTemplate());

  r.post('/schemes', {
    config: { permission: 'assessment:scheme:write' },
    schema: { tags, summary: '新建考核方案（草稿） Create a scheme (draft)', body: ZAssessmentSchemeRequest, response: { 201: ZAssessmentScheme } },
  }, async (request, reply) => reply.status(201).send(await assessment.createScheme(db, request.actor, request.body)));

  r.get('/schemes/:id', {
    config: { permission: 'assessment:scheme:read' },
    schema: { tags, summary: '考核方案详情 Get a scheme', params: schemeParams, response: { 200: ZAssessmentScheme } },
  }, async (request) => assessment.getSchemeById(db, request.actor, request.params.id));

  r.put('/schemes/:id', {
    config: { permission: 'assessment:scheme:write' },
    schema: { tags, summary: '修改考核方案（仅草稿） Change a draft scheme', params: schemeParams, body: ZAssessmentSchemeRequest, response: { 200: ZAssessmentScheme } },
  }, async (request) => assessment.updateScheme(db, request.actor, request.params.id, request.body));

  for (const action of ['activate', 'retire'] as const) {
    r.post(`/schemes/:id/${action}`, {
      config: { permission: 'assessment:scheme:write' },
      schema: { tags, summary: action === 'activate' ? '启用考核方案 Activate a draft' : '停用考核方案 Retire an active scheme', params: schemeParams, response: { 200: ZAssessmentScheme } },
    }, async (request) => assessment.changeSchemeStatus(db, request.actor, request.params.id, action));
  }

  r.post('/schemes/:id/periods/:period/compute', {
    config: { permission: 'assessment:result:adjust' },
    schema: { tags, summary: '计算考核结果 Compute a period from the records', params: periodParams, response: { 200: ZResults } },
  }, async (request) => assessment.computeResults(db, request.actor, request.params.id, request.params.period));

  r.get('/schemes/:id/periods/:period/results', {
    config: { permission: 'assessment:result:read' },
    schema: { tags, summary: '考核结果与排名 Results and ranking of a period', params: periodParams, querystring: ZResultsQuery, response: { 200: ZResults } },
  }, async (request) => assessment.findResults(db, request.actor, request.params.id, request.params.period, request.query));

  r.get('/schemes/:id/periods/:period/results/export.xlsx', {
    config: { permission: 'assessment:result:read' },
    schema: { tags, summary: '导出考核结果 Export results (.xlsx)', params: periodParams, querystring: ZResultsQuery, produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => {
    const { name, body } = await exportResultsXlsx(db, request.actor, request.params.id, request.params.period, request.query);
    return sendXlsx(reply, { name, fallback: `assessment-${request.params.period}` }, body);
  });

  r.post('/schemes/:id/periods/:period/lock', {
    config: { permission: 'assessment:result:adjust' },
    schema: { tags, summary: '锁定考核结果 Lock a period', params: periodParams, response: { 200: ZResults } },
  }, async (request) => assessment.lockPeriod(db, request.actor, request.params.id, request.params.period));

  r.post('/results/:id/adjust', {
    config: { permission: 'assessment:result:adjust' },
    schema: { tags, summary: '调整考核得分 Adjust a result (the computed score stays)', params: resultParams, body: ZAdjustAssessmentRequest, response: { 200: ZAssessmentResult } },
  }, async (request) => assessment.adjustResult(db, request.actor, request.params.id, request.body));
}
