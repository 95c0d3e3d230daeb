import type { FastifyInstance } from 'fastify';
import { alertRoutes } from './alerts.routes.js';

export { raiseAlert, resolveAlertByData, type RaiseAlertInput, type RaiseAlertResult } from './alerts.service.js';
export { exportAlertsCsv, ALERTS_CSV_COLUMNS } from './alerts.export.js';

/** Routes of the alerts module, mounted at /api/v1/alerts by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await alertRoutes(app);
}

/** Alerts are for supervisors only: the portal shows none. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
