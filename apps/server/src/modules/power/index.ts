import type { FastifyInstance } from 'fastify';

/** Routes of the power module, mounted at /api/v1/power by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/power. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
