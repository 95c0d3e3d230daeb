import type { FastifyInstance } from 'fastify';

/** 监督队伍: the roster of supervision committee members and village discipline members, its structure and conflicts (/api/v1/supervision). */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
