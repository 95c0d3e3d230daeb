import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createHasher, type HashAlgorithm } from './hash.js';
import { eventLeafHash, inclusionProof, rootFromLeafHashes } from './merkle.js';
import { createSigner, generateKeyPair, signCheckpoint, type AuditReceipt, type SignatureAlgorithm } from './signer.js';

const SCRIPT = fileURLToPath(new URL('../../../../../tools/verify-receipt.mjs', import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mpw-receipt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
async function verify(receipt: unknown, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `receipt-${fileNo++}.json`);
  writeFileSync(file, JSON.stringify(receipt, null, 2));
  try {
    // cwd outside the repo: the script must not depend on where it is run from.
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, file, ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function buildReceipt(hashAlg: HashAlgorithm, sigAlg: SignatureAlgorithm, leafIndex: number, treeSize = 13) {
  const h = createHasher(hashAlg);
  const events = Array.from({ length: treeSize }, (_, i) => ({
    seq: i,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    occurredAt: new Date(Date.UTC(2024, 4, 1, 8, i)).toISOString(),
    action: 'payment.approve',
    entityType: 'payment',
    actorName: '张三',
    after: { amount: 1200.5 + i, note: 'village road "repair"', tags: ['b', 'a'] },
  }));
  const leaves = events.map((e) => eventLeafHash(h, e));
  const signer = createSigner(sigAlg, generateKeyPair(sigAlg).privateKeyHex);
  const checkpoint = signCheckpoint(signer, {
    treeSize,
    rootHash: rootFromLeafHashes(h, leaves),
    timestamp: new Date(Date.UTC(2024, 4, 2)),
  });
  const receipt: AuditReceipt = {
    version: 1,
    hashAlg,
    leafIndex,
    leafHash: leaves[leafIndex]!.toString('hex'),
    event: events[leafIndex],
    checkpoint,
    inclusionProof: inclusionProof(h, leaves, leafIndex).map((p) => p.toString('hex')),
  };
  return { receipt, signer };
}

const clone = <T>(x: T): T => structuredClone(x);
const flipHex = (hex: string, i = 0) => hex.slice(0, i) + (parseInt(hex[i]!, 16) ^ 1).toString(16) + hex.slice(i + 1);

describe.each([
  ['sm3', 'sm2'],
  ['sha256', 'ed25519'],
] as const)('tools/verify-receipt.mjs with %s + %s', (hashAlg, sigAlg) => {
  const { receipt, signer } = buildReceipt(hashAlg, sigAlg, 6);

  it('accepts a valid receipt, with and without a pinned key', async () => {
    const pinned = await verify(receipt, '--public-key', signer.publicKeyHex);
    expect(pinned.stdout).toMatch(/^OK leaf 6 is included/);
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).toBe('');

    const unpinned = await verify(receipt);
    expect(unpinned.code).toBe(0);
    expect(unpinned.stdout).toMatch(/^OK/);
    expect(unpinned.stderr).toMatch(/no --public-key/);
  });

  it('accepts a receipt without the event, and first/last leaves', async () => {
    const { event: _omit, ...bare } = receipt;
    expect((await verify(bare)).code).toBe(0);
    for (const i of [0, 12]) expect((await verify(buildReceipt(hashAlg, sigAlg, i).receipt)).stdout).toMatch(/^OK/);
    expect((await verify(buildReceipt(hashAlg, sigAlg, 0, 1).receipt)).stdout).toMatch(/^OK/);
  });

  const tamper: Array<[string, (r: AuditReceipt) => void, RegExp]> = [
    ['event field', (r) => ((r.event as { after: { amount: number } }).after.amount += 1), /event does not match/],
    ['leafHash', (r) => { delete r.event; r.leafHash = flipHex(r.leafHash); }, /inclusion proof/],
    ['leafIndex', (r) => (r.leafIndex = 7), /inclusion proof/],
    ['proof element', (r) => (r.inclusionProof[1] = flipHex(r.inclusionProof[1]!, 5)), /inclusion proof/],
    ['proof truncated', (r) => r.inclusionProof.pop(), /inclusion proof/],
    ['rootHash', (r) => (r.checkpoint.rootHash = flipHex(r.checkpoint.rootHash)), /signature is invalid/],
    ['treeSize', (r) => (r.checkpoint.treeSize = 14), /signature is invalid/],
    ['timestamp', (r) => (r.checkpoint.timestamp = '2024-05-02T00:00:00.001Z'), /signature is invalid/],
    ['signature', (r) => (r.checkpoint.signature = flipHex(r.checkpoint.signature, 70)), /signature is invalid/],
    ['keyId', (r) => (r.checkpoint.keyId = flipHex(r.checkpoint.keyId)), /keyId/],
    ['hashAlg', (r) => (r.hashAlg = r.hashAlg === 'sm3' ? 'sha256' : 'sm3'), /event does not match/],
    ['version', (r) => ((r as { version: number }).version = 2), /version/],
  ];

  it.each(tamper)('rejects a tampered %s', async (_name, mutate, reason) => {
    const bad = clone(receipt);
    mutate(bad);
    const res = await verify(bad, '--public-key', signer.publicKeyHex);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^FAIL: /);
    expect(res.stdout).toMatch(reason);
  });

  it('rejects a receipt re-signed with another key when the key is pinned', async () => {
    const forger = createSigner(sigAlg, generateKeyPair(sigAlg).privateKeyHex);
    const forged = clone(receipt);
    forged.checkpoint = signCheckpoint(forger, forged.checkpoint);
    expect((await verify(forged)).code).toBe(0); // self-consistent...
    const res = await verify(forged, '--public-key', signer.publicKeyHex);
    expect(res.code).toBe(1); // ...but not from the trusted key
    expect(res.stdout).toMatch(/different key/);
  });
});

describe('tools/verify-receipt.mjs usage errors', () => {
  it('fails with a reason on bad input', async () => {
    const missing = await run(process.execPath, [SCRIPT]).catch((e: { code: number; stdout: string }) => e);
    expect(missing.stdout).toMatch(/^FAIL: usage/);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{');
    const res = await run(process.execPath, [SCRIPT, notJson]).catch((e: { code: number; stdout: string }) => e);
    expect('code' in res && res.code).toBe(1);
    expect(res.stdout).toMatch(/^FAIL: cannot read/);
  });
});
