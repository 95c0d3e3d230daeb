import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// The contracts are fine in tests (node); the page itself must not import their values (zod).
import { leadingZeroBits as contractsLeadingZeroBits } from '@mpw/contracts';
import { leadingZeroBits, powPercent, solvePow } from './pow';
import { sha256 } from './sha256';

const nodeHash = (s: string) => new Uint8Array(createHash('sha256').update(s).digest());

describe('proof-of-work solver', () => {
  it('finds a nonce whose SHA-256 (checked with node:crypto) has the difficulty in leading zero bits', async () => {
    const challenge = `v1.${Date.now() + 600_000}.${randomBytes(12).toString('base64url')}.12.sig`;
    const progress: number[] = [];
    const nonce = await solvePow(challenge, 12, { sliceMs: 0, onProgress: (tried) => progress.push(tried) });
    expect(nonce).toMatch(/^\d{1,12}$/);
    const digest = nodeHash(`${challenge}:${nonce}`);
    expect(contractsLeadingZeroBits(digest)).toBeGreaterThanOrEqual(12);
    // It is the first such nonce: no smaller one meets the difficulty.
    for (let n = 0; n < Number(nonce); n++) expect(contractsLeadingZeroBits(nodeHash(`${challenge}:${n}`))).toBeLessThan(12);
    // Progress was reported while working, with growing counts.
    if (Number(nonce) >= 64) expect(progress.length).toBeGreaterThan(0);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('gives the same answer with the plain-JavaScript SHA-256 (used where Web Crypto is missing)', async () => {
    const challenge = 'fixed-challenge-for-both-digests';
    const web = await solvePow(challenge, 10);
    const plain = await solvePow(challenge, 10, { digest: async (d) => sha256(d) });
    expect(plain).toBe(web);
  });

  it('difficulty 0 takes nonce 0', async () => {
    expect(await solvePow('anything', 0)).toBe('0');
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(solvePow('x', 30, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('counts leading zero bits exactly as the contracts do', () => {
    const samples = [new Uint8Array(32), Uint8Array.from([0, 0, 1]), Uint8Array.from([0x80]), Uint8Array.from([0, 0x0f, 0xff]), Uint8Array.from([0x01])];
    for (let i = 0; i < 500; i++) samples.push(nodeHash(`sample-${i}`));
    for (const s of samples) expect(leadingZeroBits(s)).toBe(contractsLeadingZeroBits(s));
    expect(leadingZeroBits(Uint8Array.from([0, 0x0f]))).toBe(12);
  });

  it('plain-JavaScript SHA-256 matches node:crypto for many lengths (padding edges included)', () => {
    for (const len of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 200, 1000]) {
      const data = randomBytes(len);
      expect(Buffer.from(sha256(new Uint8Array(data))).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }
    expect(Buffer.from(sha256(new TextEncoder().encode('举报:12345'))).toString('hex')).toBe(createHash('sha256').update('举报:12345').digest('hex'));
  });

  it('shows a progress figure that rises and never says 100 before the end', () => {
    expect(powPercent(0, 65536)).toBe(0);
    expect(powPercent(65536, 65536)).toBe(63);
    expect(powPercent(10 * 65536, 65536)).toBe(99);
  });
});
