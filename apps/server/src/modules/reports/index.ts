import type { FastifyInstance } from 'fastify';
import { reportRoutes } from './reports.routes.js';
import { reportPublicRoutes } from './reports.public.routes.js';
import './reports.jobs.js';

export { createReport, type NewReportInput } from './reports.intake.js';
export { canSeeReport, reportVisibleTo, filingRegionOf, handlingRegionFor } from './reports.policy.js';
export { syncReportFiles, linkReportWithin } from './reports.service.js';
export { exportReportsCsv, REPORTS_CSV_COLUMNS } from './reports.export.js';
export {
  REPORT_ACCEPT_DAYS,
  REPORT_TRANSFER_DAYS,
  REPORT_VERIFY_DAYS,
  REPORT_FEEDBACK_DAYS,
  REPORT_REWARD_MIN_FEN,
  REPORT_REWARD_MAX_FEN,
  REPORT_IDENTITY_RETENTION_DAYS,
  REPORT_POW_DIFFICULTY,
} from './reports.settings.js';

/** Staff routes of the reports module (举报), mounted at /api/v1/reports by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await reportRoutes(app);
}

/** Reporter routes (anonymous or real-name, no account), mounted at /api/v1/public/reports. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await reportPublicRoutes(app);
}
