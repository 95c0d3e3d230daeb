import type { FastifyInstance } from 'fastify';
import { trainingRoutes } from './training.routes.js';

export { findTrainings, getTrainingById, createTraining, updateTraining, deleteTraining, personHistory, trainingCoverage, coverageWindow } from './training.service.js';
export { exportTrainingsXlsx, TRAINING_HEADERS } from './training.export.js';

/** 教育培训 and 警示教育: sessions, attendance, per-person history and coverage (/api/v1/training). */
export async function routes(app: FastifyInstance): Promise<void> {
  await trainingRoutes(app);
}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
