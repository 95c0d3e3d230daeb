import type { FastifyInstance } from 'fastify';

/** Routes of the attachments module, mounted at /api/v1/attachments by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/attachments. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
