import type { FastifyInstance } from 'fastify';
import { rectificationRoutes } from './rectification.routes.js';
import './rectification.jobs.js';

export { issueNotice, getNoticeById, findNotices, getItemById, findItems, answerItem, acceptItem, returnItem, reopenItem, rectificationStats, sweepOverdueRectification } from './rectification.service.js';
export { exportLedgerXlsx, LEDGER_HEADERS } from './rectification.export.js';

/** Staff routes of 整改 (rectification), mounted at /api/v1/rectification by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await rectificationRoutes(app);
}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
