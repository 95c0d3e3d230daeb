import type { FastifyInstance } from 'fastify';
import { supervisionRoutes } from './supervision.routes.js';

export { findMembers, getMemberById, createMember, updateMember, replaceMember, teamStructure } from './supervision.service.js';
export { exportRosterXlsx, ROSTER_HEADERS } from './supervision.export.js';

/** 监督队伍: the roster of supervision committee members and village discipline members, its structure and conflicts (/api/v1/supervision). */
export async function routes(app: FastifyInstance): Promise<void> {
  await supervisionRoutes(app);
}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
