import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAcceptReportRequest,
  ZAskReporterRequest,
  ZAssignReportRequest,
  ZConcludeReportRequest,
  ZDecideRewardRequest,
  ZIntakeReportRequest,
  ZLinkReportRequest,
  ZNotAcceptReportRequest,
  ZPage,
  ZProposeRewardRequest,
  ZReportAssignee,
  ZReportDetail,
  ZReportFeedbackRequest,
  ZReportHandoverRequest,
  ZReportListQuery,
  ZReportNoteRequest,
  ZReportReceipt,
  ZReportSummary,
  ZRevealReporterRequest,
  ZRevealedReporter,
  ZTransferReportRequest,
} from '@mpw/contracts';
import { isValidIdNumber } from '../assets/assets.policy.js';
import { chinaDate } from '../../lib/time.js';
import * as reports from './reports.service.js';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import { exportReportsCsv, exportReportsXlsx } from './reports.export.js';
import { renderReportPrint } from './reports.print.js';

const params = z.object({ id: z.uuid({ message: '举报编号格式不正确' }) });
const rewardParams = params.extend({ rid: z.uuid({ message: '奖励编号格式不正确' }) });
const ZEmpty = z.object({}).nullish();

/** The reported person's identity number, once the handler knows it (GB 11643, check character verified). */
const ZSetReportSubjectRequest = z.object({
  subjectIdNumber: z
    .string({ message: '请填写被举报人身份证号' })
    .trim()
    .toUpperCase()
    .regex(/^\d{17}[\dX]$/, { message: '身份证号应为18位（最后一位可为X）' })
    .refine(isValidIdNumber, { message: '身份证号校验位不正确' }),
});

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, secrets } = app.deps;
  const tags = ['reports'];

  r.get('/', {
    config: { permission: 'report:report:read' },
    schema: { tags, summary: '举报列表 List reports', querystring: ZReportListQuery, response: { 200: ZPage(ZReportSummary) } },
  }, async (request) => reports.findReports(db, request.actor, request.query));

  r.post('/', {
    config: { permission: 'report:report:intake' },
    schema: { tags, summary: '登记来电、来信、来访举报 Record a report received by phone, letter or visit', body: ZIntakeReportRequest, response: { 201: ZReportReceipt } },
  }, async (request, reply) => {
    // The receipt code is shown once: never kept by a cache.
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(await reports.intakeReport(db, secrets, request.actor, request.body));
  });

  r.get('/export.csv', {
    config: { permission: 'report:report:read' },
    schema: { tags, summary: '导出举报（不含举报人信息） Export reports as CSV', querystring: ZReportListQuery, produces: ['text/csv'] },
  }, async (request, reply) => {
    const csv = await exportReportsCsv(db, request.actor, request.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="reports-${chinaDate()}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  r.get('/export.xlsx', {
    config: { permission: 'report:report:read' },
    schema: { tags, summary: '导出举报台账（不含举报人信息） Export reports (.xlsx)', querystring: ZReportListQuery.omit({ current: true, pageSize: true }), produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => sendXlsx(reply, { name: '举报台账', fallback: 'reports' }, await exportReportsXlsx(db, request.actor, request.query)));

  r.post('/handover', {
    config: { permission: 'report:report:assign' },
    schema: { tags, summary: '工作交接 Move all open reports of one handler to another', body: ZReportHandoverRequest, response: { 200: z.object({ moved: z.number().int() }) } },
  }, async (request) => reports.handoverReports(db, request.actor, request.body));

  r.get('/:id', {
    config: { permission: 'report:report:read' },
    schema: { tags, summary: '举报详情 Get a report', params, response: { 200: ZReportDetail } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return reports.getReportById(db, request.actor, request.params.id);
  });

  r.get('/:id/print', {
    config: { permission: 'report:report:read' },
    schema: { tags, summary: '打印举报件处理单（不含举报人信息） Printable page', params, produces: ['text/html'] },
  }, async (request, reply) => {
    const detail = await reports.getReportById(db, request.actor, request.params.id);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderReportPrint(detail, new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'));
  });

  r.get('/:id/assignees', {
    config: { permission: 'report:report:assign' },
    schema: { tags, summary: '可交办的人员（含回避情况） Who may take the report', params, response: { 200: z.array(ZReportAssignee) } },
  }, async (request) => reports.listAssignees(db, request.actor, request.params.id));

  r.post('/:id/accept', {
    config: { permission: 'report:report:assign' },
    schema: { tags, summary: '受理 Accept', params, body: ZAcceptReportRequest.nullish(), response: { 200: ZReportDetail } },
  }, async (request) => reports.acceptReport(db, request.actor, request.params.id, request.body ?? {}));

  r.post('/:id/not-accept', {
    config: { permission: 'report:report:assign' },
    schema: { tags, summary: '不予受理 Refuse with a reason', params, body: ZNotAcceptReportRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.notAcceptReport(db, request.actor, request.params.id, request.body));

  r.post('/:id/assign', {
    config: { permission: 'report:report:assign' },
    schema: { tags, summary: '交办 Assign to a person of the handling unit', params, body: ZAssignReportRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.assignReport(db, request.actor, request.params.id, request.body));

  r.post('/:id/transfer', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '转办 Pass to another level', params, body: ZTransferReportRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.transferReport(db, request.actor, request.params.id, request.body));

  r.post('/:id/subject', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '填写被举报人身份证号（用于回避审查） Record the reported person\'s identity number', params, body: ZSetReportSubjectRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.setSubjectIdNumber(db, request.actor, request.params.id, request.body));

  r.post('/:id/notes', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '核查记录 Add a verification note', params, body: ZReportNoteRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.addNote(db, request.actor, request.params.id, request.body));

  r.post('/:id/conclude', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '办结 Conclude', params, body: ZConcludeReportRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.concludeReport(db, request.actor, request.params.id, request.body));

  r.post('/:id/feedback', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '反馈举报人 Feed the result back to the reporter', params, body: ZReportFeedbackRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.giveFeedback(db, request.actor, request.params.id, request.body));

  r.post('/:id/archive', {
    config: { permission: 'report:report:assign' },
    schema: { tags, summary: '归档 Archive', params, body: ZEmpty, response: { 200: ZReportDetail } },
  }, async (request) => reports.archiveReport(db, request.actor, request.params.id));

  r.post('/:id/questions', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '向举报人提问 Ask the reporter', params, body: ZAskReporterRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.askReporter(db, request.actor, request.params.id, request.body));

  r.post('/:id/reveal', {
    config: { permission: 'report:identity:reveal' },
    schema: { tags, summary: '查看举报人身份（承办人，留痕） Reveal the reporter to the assigned handler', params, body: ZRevealReporterRequest, response: { 200: ZRevealedReporter } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return reports.revealReporter(db, secrets, request.actor, request.params.id, request.body);
  });

  r.post('/:id/link', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '关联案件或整改 Link to a case or rectification', params, body: ZLinkReportRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.linkReport(db, request.actor, request.params.id, request.body));

  r.post('/:id/rewards', {
    config: { permission: 'report:report:handle' },
    schema: { tags, summary: '提出举报奖励 Propose a reward', params, body: ZProposeRewardRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.proposeReward(db, request.actor, request.params.id, request.body));

  r.post('/:id/rewards/:rid/decide', {
    config: { permission: 'report:reward:approve' },
    schema: { tags, summary: '审批举报奖励 Approve or refuse a reward', params: rewardParams, body: ZDecideRewardRequest, response: { 200: ZReportDetail } },
  }, async (request) => reports.decideReward(db, request.actor, request.params.id, request.params.rid, request.body));

  r.post('/:id/rewards/:rid/paid', {
    config: { permission: 'report:reward:approve' },
    schema: { tags, summary: '登记奖励已发放 Mark an approved reward paid', params: rewardParams, body: ZEmpty, response: { 200: ZReportDetail } },
  }, async (request) => reports.markRewardPaid(db, request.actor, request.params.id, request.params.rid));
}
