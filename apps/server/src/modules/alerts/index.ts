import type { FastifyInstance } from 'fastify';
import { alertRoutes } from './alerts.routes.js';
import { sweepRoutes } from './alerts.sweep.routes.js';
import './alerts.jobs.js';

export {
  raiseAlert,
  resolveAlertByData,
  assignDefaultHandlers,
  escalateOverdueAlerts,
  type RaiseAlertInput,
  type RaiseAlertResult,
} from './alerts.service.js';
export { exportAlertsCsv, ALERTS_CSV_COLUMNS } from './alerts.export.js';
export { ALERT_ESCALATION_DAYS } from './alerts.settings.js';
export { runSweep, sweepAllDistricts, type SweepOptions, type SweepResult } from './alerts.sweep.js';
export { listDistrictCodes as listSweepDistricts } from './alerts.sweep.repository.js';

/** Routes of the alerts module, mounted at /api/v1/alerts by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await alertRoutes(app);
  await sweepRoutes(app);
}

/** Alerts are for supervisors only: the portal shows none. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
