import type { FastifyInstance } from 'fastify';

export async function reportPublicRoutes(_app: FastifyInstance): Promise<void> {}
