import { z } from 'zod';
import { ZPageQuery } from './common.js';

export const ZAuditEvent = z.object({
  seq: z.number().int(),
  id: z.string(),
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  regionCode: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  leafHash: z.string(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

export const ZAuditListQuery = ZPageQuery.extend({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(200).optional(),
  regionCode: z.string().regex(/^\d{12}$/, { message: '区划代码必须是12位数字' }).optional(),
});

export const ZCheckpoint = z.object({
  treeSize: z.number().int(),
  rootHash: z.string(),
  timestamp: z.string(),
  hashAlg: z.string(),
  signatureAlg: z.string(),
  keyId: z.string(),
  publicKeyHex: z.string(),
  signature: z.string(),
});
export type TCheckpoint = z.infer<typeof ZCheckpoint>;

export const ZInclusionProof = z.object({
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  leafHash: z.string(),
  proof: z.array(z.string()),
  checkpoint: ZCheckpoint,
});
export const ZConsistencyProof = z.object({
  first: z.number().int(),
  second: z.number().int(),
  proof: z.array(z.string()),
});

export const ZVerifyReport = z.object({
  ok: z.boolean(),
  eventsChecked: z.number().int(),
  checkpointsChecked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
});
export type TVerifyReport = z.infer<typeof ZVerifyReport>;
