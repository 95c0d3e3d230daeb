import type { FastifyInstance } from 'fastify';

/** Routes of the calendar module, mounted at /api/v1/calendar by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/calendar. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
