import type { Db } from '@mpw/db';
import type { TCheckpoint, TVerifyReport } from '@mpw/contracts';
import {
  checkpointMessage,
  consistencyProofAsync,
  inclusionProofAsync,
  PerfectSubtreeCache,
  rootAsync,
  verifySignature,
  type LeafSource,
  type Signer,
  type SignatureAlgorithm,
} from '../../lib/crypto/index.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound } from '../../lib/errors.js';
import { audited, auditHasher, computeChainHash, computeLeafHash, isoTimestamp, type AuditLeaf } from './audit.log.js';
import { CompactRange } from './audit.compact-range.js';
import * as repo from './audit.repository.js';
import { presentCheckpoint, presentEvent, rowToLeaf } from './audit.presenter.js';

// Perfect subtrees never change once written: one cache per process speeds up proofs.
const subtreeCache = new PerfectSubtreeCache();

function leafSource(db: Db, size: number): LeafSource {
  return { size, getRange: (start, end) => repo.getLeafHashes(db, start, end) };
}

export async function findAuditEvents(db: Db, actor: Actor, q: { current: number; pageSize: number; action?: string; entityType?: string; entityId?: string; regionCode?: string }) {
  const { rows, total } = await repo.findAuditEvents(
    db,
    { scopeCode: actor.regionCode, action: q.action, entityType: q.entityType, entityId: q.entityId, regionCode: q.regionCode },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentEvent), total };
}

/**
 * Signs the current tree head. The checkpoint request is itself an audit event, so each
 * checkpoint covers a tree that includes the record of who asked for it.
 */
export async function createCheckpoint(db: Db, actor: Actor, signer: Signer): Promise<TCheckpoint> {
  const h = auditHasher();
  return audited(db, actor, async (w) => {
    const leaf = await w.record({ action: 'audit.checkpoint.create', entityType: 'audit_log', entityId: null, regionCode: null });
    const treeSize = leaf.seq + 1;
    const source: LeafSource = { size: treeSize, getRange: (s, e) => repo.getLeafHashes(w.tx, s, e) };
    const rootHash = (await rootAsync(h, source, { cache: subtreeCache })).toString('hex');
    const timestamp = new Date().toISOString();
    const signature = signer.sign(checkpointMessage({ treeSize, rootHash, timestamp }));
    const row = {
      treeSize,
      rootHash,
      timestamp,
      hashAlg: h.alg,
      signatureAlg: signer.alg,
      keyId: signer.keyId,
      publicKeyHex: signer.publicKeyHex,
      signature,
      createdBy: actor.userId,
    };
    await repo.insertCheckpoint(w.tx, row);
    return presentCheckpoint(row);
  });
}

export async function getLatestCheckpoint(db: Db): Promise<TCheckpoint> {
  const row = await repo.getLatestCheckpoint(db);
  if (!row) throw notFound('校验点');
  return presentCheckpoint(row);
}

export async function findCheckpoints(db: Db, page: { current: number; pageSize: number }) {
  const { rows, total } = await repo.findCheckpoints(db, { offset: (page.current - 1) * page.pageSize, limit: page.pageSize });
  return { data: rows.map(presentCheckpoint), total };
}

/** Inclusion proof of leaf `seq` under the checkpoint of `treeSize` (default: the latest that covers it). */
export async function getInclusionProof(db: Db, seq: number, treeSize?: number) {
  const cp = treeSize ? await repo.getCheckpointBySize(db, treeSize) : await repo.getLatestCheckpoint(db);
  if (!cp) throw notFound('校验点');
  if (seq >= cp.treeSize) throw new AppError(ErrorCode.NOT_FOUND, { message: '该事件尚未被此校验点覆盖，请等待下一个校验点' });
  const [leafHash] = await repo.getLeafHashes(db, seq, seq + 1);
  if (!leafHash) throw notFound('事件');
  const proof = await inclusionProofAsync(auditHasher(), leafSource(db, cp.treeSize), seq, { cache: subtreeCache });
  return {
    leafIndex: seq,
    treeSize: cp.treeSize,
    leafHash: leafHash.toString('hex'),
    proof: proof.map((b) => b.toString('hex')),
    checkpoint: presentCheckpoint(cp),
  };
}

export async function getConsistencyProof(db: Db, first: number, second: number) {
  const [a, b] = await Promise.all([repo.getCheckpointBySize(db, first), repo.getCheckpointBySize(db, second)]);
  if (!a || !b) throw notFound('校验点');
  if (first > second) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: 'first: 前一个校验点的大小不能大于后一个', details: [{ path: 'first', message: '不能大于 second' }] });
  const proof = await consistencyProofAsync(auditHasher(), leafSource(db, second), first, { cache: subtreeCache });
  return { first, second, proof: proof.map((x) => x.toString('hex')) };
}

/** A receipt for an event: checkable offline by tools/verify-receipt.mjs. `withEvent` adds the event itself (staff only). */
export async function getReceipt(db: Db, seq: number, withEvent: AuditLeaf | null) {
  const p = await getInclusionProof(db, seq);
  return {
    version: 1 as const,
    hashAlg: auditHasher().alg,
    leafIndex: p.leafIndex,
    leafHash: p.leafHash,
    ...(withEvent ? { event: withEvent } : {}),
    checkpoint: p.checkpoint,
    inclusionProof: p.proof,
  };
}

export async function getEventForReceipt(db: Db, actor: Actor, seq: number) {
  const row = await repo.getAuditEventBySeq(db, seq, actor.regionCode);
  if (!row) throw notFound('事件');
  return getReceipt(db, seq, rowToLeaf(row));
}

/**
 * Recomputes the whole log: every leaf hash from the event's content, the hash chain, and
 * every signed checkpoint's root and signature. Reports the first event that does not match.
 */
export async function verifyAuditLog(db: Db, onProgress?: (checked: number) => void): Promise<TVerifyReport> {
  const h = auditHasher();
  const checkpoints = await repo.getAllCheckpointsAscending(db);
  const range = new CompactRange(h);
  let prevChain: Buffer | null = null;
  let expected = 0;
  let ci = 0;
  let checkpointsChecked = 0;
  const fail = (seq: number, problem: string): TVerifyReport => ({
    ok: false,
    eventsChecked: expected,
    checkpointsChecked,
    firstBadSeq: seq,
    problem,
  });
  const checkCheckpoint = (): TVerifyReport | null => {
    while (ci < checkpoints.length && checkpoints[ci]!.treeSize === expected) {
      const cp = checkpoints[ci]!;
      const root = range.root().toString('hex');
      if (cp.hashAlg !== h.alg) return fail(expected - 1, `校验点 ${cp.treeSize} 使用的哈希算法 ${cp.hashAlg} 与日志 (${h.alg}) 不同`);
      if (root !== cp.rootHash) return fail(expected - 1, `校验点 ${cp.treeSize} 的根哈希与重新计算的不一致：此前的事件被改写 (checkpoint root mismatch)`);
      const message = checkpointMessage({ treeSize: cp.treeSize, rootHash: cp.rootHash, timestamp: isoTimestamp(cp.timestamp) });
      if (!verifySignature(cp.signatureAlg as SignatureAlgorithm, cp.publicKeyHex, message, cp.signature)) {
        return fail(expected - 1, `校验点 ${cp.treeSize} 的签名无效 (bad signature)`);
      }
      ci++;
      checkpointsChecked++;
    }
    if (ci < checkpoints.length && checkpoints[ci]!.treeSize < expected) {
      return fail(checkpoints[ci]!.treeSize, `校验点 ${checkpoints[ci]!.treeSize} 不在日志序列上`);
    }
    return null;
  };
  const emptyProblem = checkCheckpoint();
  if (emptyProblem) return emptyProblem;
  for (;;) {
    const batch = await repo.getEventBatch(db, expected - 1, 2000);
    if (batch.length === 0) break;
    for (const row of batch) {
      const seq = Number(row.seq);
      if (seq !== expected) return fail(expected, `事件 #${expected} 缺失（被删除）(event missing)`);
      const leafHash = computeLeafHash(h, rowToLeaf(row));
      if (leafHash.toString('hex') !== row.leafHash) return fail(seq, `事件 #${seq} 的内容与其哈希不符（被修改）(content does not match its hash)`);
      const chain = computeChainHash(h, prevChain, leafHash);
      if (chain.toString('hex') !== row.chainHash) return fail(seq, `事件 #${seq} 的链接哈希不符（顺序被改变或有事件被插入/删除）(hash chain broken)`);
      prevChain = chain;
      range.push(leafHash);
      expected++;
      const problem = checkCheckpoint();
      if (problem) return problem;
    }
    onProgress?.(expected);
  }
  if (ci < checkpoints.length) {
    return fail(expected, `校验点 ${checkpoints[ci]!.treeSize} 所覆盖的事件 #${expected} 起已不存在（末尾事件被删除）`);
  }
  return { ok: true, eventsChecked: expected, checkpointsChecked, firstBadSeq: null, problem: null };
}

export { presentEvent, rowToLeaf };
