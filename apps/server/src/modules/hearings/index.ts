import type { FastifyInstance } from 'fastify';

/**
 * 村民问政: sessions, cadres' reports (述职述廉), villagers' questions and answers, ratings of
 * cadres (民主评议). Staff routes at /api/v1/hearings, portal routes at /api/v1/public/hearings.
 */
export async function routes(_app: FastifyInstance): Promise<void> {}

export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
