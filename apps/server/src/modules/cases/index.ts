import type { FastifyInstance } from 'fastify';

/** Staff routes, mounted at /api/v1/cases by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Portal routes, mounted at /api/v1/public/cases. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
