import type { FastifyInstance } from 'fastify';

/** 教育培训 and 警示教育: sessions, attendance, per-person history and coverage (/api/v1/training). */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
