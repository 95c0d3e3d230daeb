import type { FastifyInstance } from 'fastify';

/** 考核评价: schemes of indicators, results computed per period from the records, adjusted and locked by the district (/api/v1/assessment). */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
