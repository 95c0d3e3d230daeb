import type { FastifyInstance } from 'fastify';

/**
 * 户查询码 and the own-household query: staff list households and issue query codes
 * (/api/v1/households); villagers verify and see their household (/api/v1/public/households),
 * and answer the quarterly satisfaction survey.
 */
export async function routes(_app: FastifyInstance): Promise<void> {}

export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
