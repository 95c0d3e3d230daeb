import type { FastifyInstance } from 'fastify';

/** Routes of the matters module, mounted at /api/v1/matters by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/matters. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
