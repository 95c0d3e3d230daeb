import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZPage,
  ZReplaceSupervisionMemberRequest,
  ZReplaceSupervisionMemberResult,
  ZSupervisionMember,
  ZSupervisionMemberInput,
  ZSupervisionMemberUpdate,
  ZSupervisionMemberListQuery,
  ZSupervisionStructure,
  ZSupervisionStructureQuery,
} from '@mpw/contracts';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import { exportRosterXlsx } from './supervision.export.js';
import * as teams from './supervision.service.js';

const memberParams = z.object({ id: z.uuid({ message: '成员编号格式不正确' }) });

/** 监督队伍: the roster, replacements with a recorded reason, the structure of the teams, the roster in Excel. */
export async function supervisionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['supervision'];

  r.get('/members', {
    config: { permission: 'supervision:member:read' },
    schema: { tags, summary: '监督队伍名册 List members', querystring: ZSupervisionMemberListQuery, response: { 200: ZPage(ZSupervisionMember) } },
  }, async (request) => teams.findMembers(db, request.actor, request.query));

  r.post('/members', {
    config: { permission: 'supervision:member:write' },
    schema: { tags, summary: '登记成员 Add a member', body: ZSupervisionMemberInput, response: { 201: ZSupervisionMember } },
  }, async (request, reply) => reply.status(201).send(await teams.createMember(db, request.actor, request.body)));

  r.get('/members/export.xlsx', {
    config: { permission: 'supervision:member:read' },
    schema: { tags, summary: '导出监督队伍名册 Export the roster (.xlsx)', querystring: ZSupervisionMemberListQuery, produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => {
    const { current: _c, pageSize: _p, ...q } = request.query;
    return sendXlsx(reply, { name: '监督队伍名册', fallback: 'supervision-roster' }, await exportRosterXlsx(db, request.actor, q));
  });

  r.put('/members/:id', {
    config: { permission: 'supervision:member:write' },
    schema: { tags, summary: '修改成员信息 Update a member', params: memberParams, body: ZSupervisionMemberUpdate, response: { 200: ZSupervisionMember } },
  }, async (request) => teams.updateMember(db, request.actor, request.params.id, request.body));

  r.post('/members/:id/replace', {
    config: { permission: 'supervision:member:write' },
    schema: { tags, summary: '更换成员 The member leaves with a reason; a successor may start', params: memberParams, body: ZReplaceSupervisionMemberRequest, response: { 200: ZReplaceSupervisionMemberResult } },
  }, async (request) => teams.replaceMember(db, request.actor, request.params.id, request.body));

  r.get('/structure', {
    config: { permission: 'supervision:member:read' },
    schema: { tags, summary: '队伍结构 Structure of the teams of a region', querystring: ZSupervisionStructureQuery, response: { 200: ZSupervisionStructure } },
  }, async (request) => teams.teamStructure(db, request.actor, request.query));
}
