import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAlert,
  ZAlertAssignee,
  ZAlertEvidence,
  ZAlertExportQuery,
  ZAlertHeat,
  ZAlertHeatQuery,
  ZAlertListQuery,
  ZAlertPrecision,
  ZAlertPrecisionQuery,
  ZAssignAlertRequest,
  ZAuditEvent,
  ZCloseAlertRequest,
  ZConfirmAlertRequest,
  ZDismissAlertRequest,
  ZPage,
  ZReopenAlertRequest,
} from '@mpw/contracts';
import * as alerts from './alerts.service.js';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import { exportAlertsCsv, exportAlertsXlsx } from './alerts.export.js';
import { alertPrecision } from './alerts.precision.js';
import { getAlertEvidence } from './alerts.evidence.js';

const ZAlertParams = z.object({ id: z.uuid({ message: '预警编号格式不正确' }) });

export async function alertRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['alerts'];

  r.get('/', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '预警列表 List alerts', querystring: ZAlertListQuery, response: { 200: ZPage(ZAlert) } },
  }, async (request) => alerts.findAlerts(db, request.actor, request.query));

  r.get('/export.csv', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '导出预警 alerts.csv (shared/spec/data-exchange.md)', querystring: ZAlertExportQuery, produces: ['text/csv'] },
  }, async (request, reply) => {
    const csv = await exportAlertsCsv(db, { ...request.query, scopeCode: request.actor.regionCode });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="alerts.csv"').send(csv);
  });

  r.get('/export.xlsx', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '导出预警台账 Export alerts (.xlsx)', querystring: ZAlertListQuery.omit({ current: true, pageSize: true }), produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => sendXlsx(reply, { name: '预警台账', fallback: 'alerts' }, await exportAlertsXlsx(db, request.actor, request.query)));

  r.get('/heat', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '预警热力表（村×规则） Alert counts per village and rule', querystring: ZAlertHeatQuery, response: { 200: ZAlertHeat } },
  }, async (request) => alerts.alertHeat(db, request.actor, request.query));

  r.get('/precision', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '规则准确率 Measured precision per rule', querystring: ZAlertPrecisionQuery, response: { 200: ZAlertPrecision } },
  }, async (request) => alertPrecision(db, request.actor, request.query));

  r.get('/:id', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '预警详情 Get an alert', params: ZAlertParams, response: { 200: ZAlert } },
  }, async (request) => alerts.getAlertById(db, request.actor, request.params.id));

  r.get('/:id/evidence', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '预警依据（原始数据对照） The rows that made the alert fire', params: ZAlertParams, response: { 200: ZAlertEvidence } },
  }, async (request) => getAlertEvidence(db, request.actor, request.params.id));

  r.get('/:id/history', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '处置记录 Audit events of the alert', params: ZAlertParams, response: { 200: z.array(ZAuditEvent) } },
  }, async (request) => alerts.getAlertHistory(db, request.actor, request.params.id));

  r.get('/:id/assignees', {
    config: { permission: 'alert:alert:assign' },
    schema: { tags, summary: '可分派的处置人 Who may be given the alert', params: ZAlertParams, response: { 200: z.array(ZAlertAssignee) } },
  }, async (request) => alerts.listAssignees(db, request.actor, request.params.id));

  r.post('/:id/assign', {
    config: { permission: 'alert:alert:assign' },
    schema: { tags, summary: '分派 Assign (default: the township discipline officer)', params: ZAlertParams, body: ZAssignAlertRequest.nullish(), response: { 200: ZAlert } },
  }, async (request) => alerts.assignAlert(db, request.actor, request.params.id, request.body ?? {}));

  r.post('/:id/confirm', {
    config: { permission: 'alert:alert:handle' },
    schema: { tags, summary: '确认 Confirm with a reason', params: ZAlertParams, body: ZConfirmAlertRequest, response: { 200: ZAlert } },
  }, async (request) => alerts.confirmAlert(db, request.actor, request.params.id, request.body));

  r.post('/:id/dismiss', {
    config: { permission: 'alert:alert:handle' },
    schema: { tags, summary: '排除 Dismiss with a reason (false positive or not)', params: ZAlertParams, body: ZDismissAlertRequest, response: { 200: ZAlert } },
  }, async (request) => alerts.dismissAlert(db, request.actor, request.params.id, request.body));

  r.post('/:id/close', {
    config: { permission: 'alert:alert:close' },
    schema: { tags, summary: '办结 Close a confirmed or dismissed alert', params: ZAlertParams, body: ZCloseAlertRequest, response: { 200: ZAlert } },
  }, async (request) => alerts.closeAlert(db, request.actor, request.params.id, request.body));

  r.post('/:id/reopen', {
    config: { permission: 'alert:alert:handle' },
    schema: { tags, summary: '重新打开 Reopen a closed or dismissed alert', params: ZAlertParams, body: ZReopenAlertRequest, response: { 200: ZAlert } },
  }, async (request) => alerts.reopenAlert(db, request.actor, request.params.id, request.body));
}
