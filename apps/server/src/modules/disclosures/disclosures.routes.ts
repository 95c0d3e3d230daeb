import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAnswerQuestionRequest,
  ZAskQuestionRequest,
  ZCorrectDisclosureRequest,
  ZCreateDisclosureRequest,
  ZDisclosure,
  ZDisclosureDetail,
  ZDisclosureListQuery,
  ZDisclosureQuestionListQuery,
  ZDisclosureQuestionRow,
  ZOverdueQuery,
  ZOverdueSummary,
  ZPage,
  ZPublicDisclosure,
  ZPublicDisclosureListQuery,
  ZPublicDisclosureSummary,
  ZPublicDisclosureVersion,
  ZUpdateDisclosureRequest,
} from '@mpw/contracts';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import * as disclosures from './disclosures.service.js';
import { exportDisclosureQuestionsXlsx, exportDisclosuresXlsx } from './disclosures.export.js';
import { posterLink, renderPoster } from './disclosures.poster.js';
import { revalidated } from '../../lib/revalidate.js';

const params = z.object({ id: z.uuid({ message: '公开事项编号格式不正确' }) });
const questionParams = params.extend({ qid: z.uuid({ message: '问题编号格式不正确' }) });
const versionParams = params.extend({ n: z.coerce.number().int().min(1, { message: '版本号从1开始' }).max(10_000) });

export async function disclosureRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['disclosures'];

  r.get('/', {
    config: { permission: 'disclosure:item:read' },
    schema: { tags, summary: '村务公开事项列表 List disclosure items', querystring: ZDisclosureListQuery, response: { 200: ZPage(ZDisclosure) } },
  }, async (request) => disclosures.findDisclosures(db, request.actor, request.query));

  r.get('/export.xlsx', {
    config: { permission: 'disclosure:item:read' },
    schema: { tags, summary: '导出村务公开台账 Export disclosure items (.xlsx)', querystring: ZDisclosureListQuery.omit({ current: true, pageSize: true }), produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => sendXlsx(reply, { name: '村务公开台账', fallback: 'disclosures' }, await exportDisclosuresXlsx(db, request.actor, request.query)));

  r.get('/questions', {
    config: { permission: 'disclosure:item:read' },
    schema: { tags, summary: '公开事项提问列表 List questions on disclosure items', querystring: ZDisclosureQuestionListQuery, response: { 200: ZPage(ZDisclosureQuestionRow) } },
  }, async (request) => disclosures.findDisclosureQuestions(db, request.actor, request.query));

  r.get('/questions/export.xlsx', {
    config: { permission: 'disclosure:item:read' },
    schema: { tags, summary: '导出公开事项提问台账 Export questions on disclosure items (.xlsx)', querystring: ZDisclosureQuestionListQuery.omit({ current: true, pageSize: true }), produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => sendXlsx(reply, { name: '公开事项提问台账', fallback: 'disclosure-questions' }, await exportDisclosureQuestionsXlsx(db, request.actor, request.query)));

  r.get('/overdue', {
    config: { permission: 'disclosure:item:read' },
    schema: { tags, summary: '逾期未公开与逾期未答复（按村统计） Overdue items per village', querystring: ZOverdueQuery, response: { 200: ZOverdueSummary } },
  }, async (request) => disclosures.overdueSummary(db, request.actor, request.query));

  r.get('/:id', {
    config: { permission: 'disclosure:item:read' },
    schema: { tags, summary: '公开事项详情（草稿、各版本、村民提问） Get an item', params, response: { 200: ZDisclosureDetail } },
  }, async (request) => disclosures.getDisclosureById(db, request.actor, request.params.id));

  r.post('/', {
    config: { permission: 'disclosure:item:publish' },
    schema: { tags, summary: '新建公开草稿 Create a draft', body: ZCreateDisclosureRequest, response: { 201: ZDisclosureDetail } },
  }, async (request, reply) => reply.status(201).send(await disclosures.createDisclosure(db, request.actor, request.body)));

  r.patch('/:id', {
    config: { permission: 'disclosure:item:publish' },
    schema: { tags, summary: '编辑草稿 Update a draft', params, body: ZUpdateDisclosureRequest, response: { 200: ZDisclosureDetail } },
  }, async (request) => disclosures.updateDisclosure(db, request.actor, request.params.id, request.body));

  r.post('/:id/fill-from-books', {
    config: { permission: 'disclosure:item:publish' },
    schema: { tags, summary: '从账簿生成月度财务公开草稿 Fill a monthly statement draft from the books', params, response: { 200: ZDisclosureDetail } },
  }, async (request) => disclosures.fillFromBooks(db, request.actor, request.params.id));

  r.post('/:id/fill-from-data', {
    config: { permission: 'disclosure:item:publish' },
    schema: { tags, summary: '从台账数据生成草稿（财务、救助对象、资产合同、工程） Fill a draft from the records behind its kind', params, response: { 200: ZDisclosureDetail } },
  }, async (request) => disclosures.fillFromData(db, request.actor, request.params.id));

  r.post('/:id/publish', {
    config: { permission: 'disclosure:item:publish' },
    schema: { tags, summary: '公开（第1版） Publish the draft as version 1', params, response: { 200: ZDisclosureDetail } },
  }, async (request) => disclosures.publishDisclosure(db, request.actor, request.params.id));

  r.post('/:id/correct', {
    config: { permission: 'disclosure:item:publish' },
    schema: { tags, summary: '发布更正（新版本） Publish a correction as a new version', params, body: ZCorrectDisclosureRequest, response: { 200: ZDisclosureDetail } },
  }, async (request) => disclosures.correctDisclosure(db, request.actor, request.params.id, request.body));

  r.post('/:id/questions/:qid/answer', {
    config: { permission: 'disclosure:question:answer' },
    schema: { tags, summary: '公开答复村民提问 Answer a question', params: questionParams, body: ZAnswerQuestionRequest, response: { 200: ZDisclosureDetail } },
  }, async (request) => disclosures.answerQuestion(db, request.actor, request.params.id, request.params.qid, request.body));
}

/** What villagers read and ask on the portal without an account. */
export async function disclosurePublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['public'];

  r.get('/', {
    config: { auth: 'public' },
    schema: { tags, summary: '本村村务公开 Published items of a village', querystring: ZPublicDisclosureListQuery, response: { 200: ZPage(ZPublicDisclosureSummary) } },
  }, async (request, reply) => {
    // Answers and corrections must show at once: revalidate every time.
    return revalidated(request, reply, await disclosures.findPublicDisclosures(db, request.query));
  });

  r.get('/:id', {
    config: { auth: 'public' },
    schema: { tags, summary: '公开内容（当前版本、历次更正、问答） An item as villagers see it', params, response: { 200: ZPublicDisclosure } },
  }, async (request, reply) => {
    // Answers and corrections must show at once: revalidate every time.
    return revalidated(request, reply, await disclosures.getPublicDisclosure(db, request.params.id));
  });

  r.get('/:id/versions/:n', {
    config: { auth: 'public' },
    schema: { tags, summary: '某一版本的公开内容 One published version', params: versionParams, response: { 200: ZPublicDisclosureVersion } },
  }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return disclosures.getPublicVersion(db, request.params.id, request.params.n);
  });

  r.get('/:id/poster.pdf', {
    config: { auth: 'public' },
    schema: { tags, summary: '公开栏海报（A3 PDF） Notice-board poster', params, produces: ['application/pdf'] },
  }, async (request, reply) => {
    const item = await disclosures.getPublicDisclosure(db, request.params.id);
    // The public address is optional deployment information; without it the QR code carries the path.
    const pdf = await renderPoster(item, posterLink(item.portalPath, app.deps.config.publicUrl));
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="disclosure-${item.id}-v${item.version}.pdf"`)
      .header('cache-control', 'public, no-cache')
      .send(pdf);
  });

  r.post('/:id/questions', {
    config: { auth: 'public', rateLimit: { max: 5, windowSeconds: 600 } },
    schema: { tags, summary: '对公开内容提问（可匿名） Ask about a published item', params, body: ZAskQuestionRequest, response: { 201: z.object({ id: z.string(), dueOn: z.string() }) } },
  }, async (request, reply) => reply.status(201).send(await disclosures.askQuestion(db, request.actor, request.params.id, request.body)));
}
