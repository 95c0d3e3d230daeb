import type { FastifyInstance } from 'fastify';

/** Routes of the decisions module, mounted at /api/v1/decisions by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/decisions. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
