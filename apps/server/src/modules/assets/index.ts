import type { FastifyInstance } from 'fastify';

/** Routes of the assets module, mounted at /api/v1/assets by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/assets. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
