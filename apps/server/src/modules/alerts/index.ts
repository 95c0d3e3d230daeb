import type { FastifyInstance } from 'fastify';

/** Routes of the alerts module, mounted at /api/v1/alerts by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/alerts. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
