import type { FastifyInstance } from 'fastify';

/** Routes of the notifications module, mounted at /api/v1/notifications by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/notifications. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
