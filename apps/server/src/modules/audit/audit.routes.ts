import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAuditEvent, ZAuditListQuery, ZCheckpoint, ZConsistencyProof, ZInclusionProof, ZPage, ZPageQuery, ZVerifyReport } from '@mpw/contracts';
import * as audit from './audit.service.js';

export const ZReceipt = z.object({
  version: z.literal(1),
  hashAlg: z.string(),
  leafIndex: z.number().int(),
  leafHash: z.string(),
  event: z.unknown().optional(),
  checkpoint: ZCheckpoint,
  inclusionProof: z.array(z.string()),
});

const ZSeq = z.coerce.number({ message: '必须是数字' }).int({ message: '必须是整数' }).min(0, { message: '不能为负数' });

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, signer } = app.deps;
  const tags = ['audit'];

  r.get('/events', {
    config: { permission: 'audit:event:read' },
    schema: { tags, summary: '留痕事件 Audit events in scope', querystring: ZAuditListQuery, response: { 200: ZPage(ZAuditEvent) } },
  }, async (request) => audit.findAuditEvents(db, request.actor, request.query));

  r.get('/events/:seq/receipt', {
    config: { permission: 'audit:event:read' },
    schema: { tags, summary: '事件存证回执 Receipt for an event', params: z.object({ seq: ZSeq }), response: { 200: ZReceipt } },
  }, async (request) => audit.getEventForReceipt(db, request.actor, request.params.seq));

  r.get('/checkpoints', {
    config: { permission: 'audit:checkpoint:read' },
    schema: { tags, summary: '校验点列表 Checkpoints', querystring: ZPageQuery, response: { 200: ZPage(ZCheckpoint) } },
  }, async (request) => audit.findCheckpoints(db, request.query));

  r.post('/checkpoints', {
    config: { permission: 'audit:checkpoint:create' },
    schema: { tags, summary: '生成校验点 Make a signed checkpoint now', response: { 201: ZCheckpoint } },
  }, async (request, reply) => reply.status(201).send(await audit.createCheckpoint(db, request.actor, signer)));

  r.get('/verify', {
    config: { permission: 'audit:log:verify' },
    schema: { tags, summary: '校验整个留痕日志 Verify the whole log', response: { 200: ZVerifyReport } },
  }, async () => audit.verifyAuditLog(db));
}

/** Public proof endpoints: anyone who noted a checkpoint can check it later. */
export async function publicAuditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['public'];

  r.get('/checkpoint/latest', {
    config: { auth: 'public' },
    schema: { tags, summary: '今日留痕校验值 Latest signed checkpoint', response: { 200: ZCheckpoint } },
  }, async () => audit.getLatestCheckpoint(db));

  r.get('/checkpoints', {
    config: { auth: 'public' },
    schema: { tags, summary: '历史校验点 Checkpoints', querystring: ZPageQuery, response: { 200: ZPage(ZCheckpoint) } },
  }, async (request) => audit.findCheckpoints(db, request.query));

  r.get('/proofs/inclusion', {
    config: { auth: 'public' },
    schema: {
      tags,
      summary: '包含证明 Inclusion proof',
      querystring: z.object({ leafIndex: ZSeq, treeSize: ZSeq.optional() }),
      response: { 200: ZInclusionProof },
    },
  }, async (request) => audit.getInclusionProof(db, request.query.leafIndex, request.query.treeSize));

  r.get('/proofs/consistency', {
    config: { auth: 'public' },
    schema: {
      tags,
      summary: '一致性证明 Consistency proof between two checkpoints',
      querystring: z.object({ first: ZSeq, second: ZSeq }),
      response: { 200: ZConsistencyProof },
    },
  }, async (request) => audit.getConsistencyProof(db, request.query.first, request.query.second));

  r.get('/receipts/:leafIndex', {
    config: { auth: 'public' },
    schema: { tags, summary: '存证回执（不含事件内容） Receipt without the event content', params: z.object({ leafIndex: ZSeq }), response: { 200: ZReceipt } },
  }, async (request) => audit.getReceipt(db, request.params.leafIndex, null));
}
