import type { FastifyInstance } from 'fastify';

/** Routes of the disclosures module, mounted at /api/v1/disclosures by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Public (portal) routes of the module, mounted at /api/v1/public/disclosures. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
