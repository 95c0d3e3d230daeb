import type { FastifyInstance } from 'fastify';

/** Staff routes, mounted at /api/v1/rectification by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Portal routes, mounted at /api/v1/public/rectification. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
