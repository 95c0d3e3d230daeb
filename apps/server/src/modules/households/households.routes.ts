import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZHouseholdListQuery, ZHouseholdRow, ZIssueHouseholdCodesRequest, ZIssueHouseholdCodesResponse, ZPage, ZSatisfactionQuery, ZSatisfactionResults } from '@mpw/contracts';
import * as households from './households.service.js';

/** 户查询码 for staff: the registry's households, issuing and re-issuing their codes, and survey results. */
export async function householdRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;
  const tags = ['households'];

  r.get('/', {
    config: { permission: 'household:code:read' },
    schema: { tags, summary: '户列表与查询码状态 Households and their query code status', querystring: ZHouseholdListQuery, response: { 200: ZPage(ZHouseholdRow) } },
  }, async (request) => households.findHouseholds(db, request.actor, request.query));

  r.post('/codes', {
    config: { permission: 'household:code:issue' },
    schema: { tags, summary: '发放或重新发放户查询码 Issue or re-issue query codes (the answer is the only copy of the codes)', body: ZIssueHouseholdCodesRequest, response: { 201: ZIssueHouseholdCodesResponse } },
  }, async (request, reply) => {
    // Without a configured public address the cards point at the address this request came to.
    const baseUrl = config.publicUrl ?? `${request.protocol}://${request.host}`;
    const result = await households.issueHouseholdCodes(db, request.actor, request.body, { baseUrl });
    return reply.status(201).header('cache-control', 'no-store').send(result);
  });

  r.get('/satisfaction', {
    config: { permission: 'survey:result:read' },
    schema: { tags, summary: '满意度测评结果 Satisfaction survey results per village (and township) for a quarter', querystring: ZSatisfactionQuery, response: { 200: ZSatisfactionResults } },
  }, async (request) => households.satisfactionResults(db, request.actor, request.query));
}
