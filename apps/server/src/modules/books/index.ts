import type { FastifyInstance } from 'fastify';

/** Routes of the books module, mounted at /api/v1/books by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/books. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
