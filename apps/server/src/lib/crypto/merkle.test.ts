import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHasher } from './hash.js';
import {
  consistencyProof,
  consistencyProofAsync,
  eventLeafHash,
  inclusionProof,
  inclusionProofAsync,
  leafHash,
  nodeHash,
  PerfectSubtreeCache,
  rootAsync,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type LeafSource,
} from './merkle.js';

const sha = createHasher('sha256');
const sm3 = createHasher('sm3');
const b = (hex: string) => Buffer.from(hex, 'hex');
const hx = (buf: Buffer) => buf.toString('hex');

// Reference vectors from the certificate-transparency / transparency-dev RFC 6962 test
// suites (the C++ ReferenceMerkleTree outputs reused by certificate-transparency-go).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(b);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // size 0 = SHA-256("")
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// [0-based leaf index, tree size, proof]
const INCLUSION: Array<[number, number, string[]]> = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
// [size1, size2, proof]
const CONSISTENCY: Array<[number, number, string[]]> = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

const leafHashes = LEAVES.map((l) => leafHash(sha, l));

/** In-memory LeafSource that records calls, to check chunking and caching. */
function memorySource(hashes: Buffer[], size = hashes.length) {
  const calls: Array<[number, number]> = [];
  const source: LeafSource = {
    size,
    async getRange(start, end) {
      calls.push([start, end]);
      return hashes.slice(start, end);
    },
  };
  return { source, calls };
}

function randomLeaves(n: number, seed: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => leafHash(sha, Buffer.from(`leaf-${seed}-${i}`)));
}

function flip(buf: Uint8Array, bit = 0): Buffer {
  const c = Buffer.from(buf);
  c[bit >> 3]! ^= 1 << (bit & 7);
  return c;
}

describe('merkle: RFC 6962/9162 reference vectors (SHA-256)', () => {
  it('computes the reference roots for sizes 0..8', () => {
    for (let n = 0; n <= 8; n++) expect(hx(rootFromLeafHashes(sha, leafHashes.slice(0, n)))).toBe(ROOTS[n]);
  });

  it('leaf and node hashes use the 0x00 / 0x01 domain separation', () => {
    expect(hx(leafHash(sha, Buffer.alloc(0)))).toBe(ROOTS[1]);
    expect(hx(nodeHash(sha, leafHashes[0]!, leafHashes[1]!))).toBe(ROOTS[2]);
  });

  it.each(INCLUSION)('inclusion proof for leaf %i in tree of size %i', (index, size, proof) => {
    const got = inclusionProof(sha, leafHashes.slice(0, size), index);
    expect(got.map(hx)).toEqual(proof);
    expect(verifyInclusion(sha, index, size, leafHashes[index]!, proof.map(b), b(ROOTS[size]!))).toBe(true);
  });

  it.each(CONSISTENCY)('consistency proof from size %i to %i', (m, n, proof) => {
    const got = consistencyProof(sha, leafHashes.slice(0, n), m);
    expect(got.map(hx)).toEqual(proof);
    expect(verifyConsistency(sha, m, n, b(ROOTS[m]!), b(ROOTS[n]!), proof.map(b))).toBe(true);
  });

  it('async variants reproduce the vectors with a tiny chunk size', async () => {
    for (const chunkSize of [1, 2, 3, 1024]) {
      const { source } = memorySource(leafHashes);
      for (let n = 0; n <= 8; n++) expect(hx(await rootAsync(sha, source, { treeSize: n, chunkSize }))).toBe(ROOTS[n]);
      for (const [index, size, proof] of INCLUSION) {
        expect((await inclusionProofAsync(sha, source, index, { treeSize: size, chunkSize })).map(hx)).toEqual(proof);
      }
      for (const [m, n, proof] of CONSISTENCY) {
        expect((await consistencyProofAsync(sha, source, m, { treeSize: n, chunkSize })).map(hx)).toEqual(proof);
      }
    }
  });
});

describe('merkle: verifier edge cases (RFC 9162 algorithms)', () => {
  const root8 = b(ROOTS[8]!);
  const [, , proof0of8] = INCLUSION[1]!;
  const p = proof0of8.map(b);

  it('rejects corrupted inclusion proofs (probes from the CT reference tests)', () => {
    const leaf = leafHashes[0]!;
    const some = b('abacaba000000000000000000000000000000000000000000060061e00123456');
    expect(verifyInclusion(sha, 0, 8, leaf, p, root8)).toBe(true);
    expect(verifyInclusion(sha, 1, 8, leaf, p, root8)).toBe(false);
    expect(verifyInclusion(sha, 0 ^ 2, 8, leaf, p, root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 16, leaf, p, root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 4, leaf, p, root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leafHashes[1]!, p, root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leaf, p, b(ROOTS[0]!))).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leaf, p, some)).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leaf, [...p, root8], root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leaf, [root8, ...p], root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leaf, p.slice(0, -1), root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leaf, [p[0]!, some, ...p.slice(1)], root8)).toBe(false);
    expect(verifyInclusion(sha, 0, 8, leaf, [...p, Buffer.alloc(0)], root8)).toBe(false);
    p.forEach((_, i) => expect(verifyInclusion(sha, 0, 8, leaf, p.map((x, j) => (i === j ? flip(x, 3) : x)), root8)).toBe(false));
    // Out-of-range indices and sizes.
    for (const [i, n] of [[0, 0], [1, 0], [2, 1], [-1, 8], [0.5, 8]] as const) {
      expect(verifyInclusion(sha, i, n, leaf, [], leaf)).toBe(false);
    }
  });

  it('handles the trivial consistency cases strictly', () => {
    const r1 = b(ROOTS[1]!);
    const r2 = b(ROOTS[2]!);
    const empty = b(ROOTS[0]!);
    expect(verifyConsistency(sha, 0, 0, empty, empty, [])).toBe(true);
    expect(verifyConsistency(sha, 0, 5, empty, b(ROOTS[5]!), [])).toBe(true);
    expect(verifyConsistency(sha, 0, 5, r1, b(ROOTS[5]!), [])).toBe(false); // size-0 root must be H("")
    expect(verifyConsistency(sha, 1, 1, r1, r1, [])).toBe(true);
    expect(verifyConsistency(sha, 1, 1, r1, r2, [])).toBe(false);
    expect(verifyConsistency(sha, 1, 1, r1, r1, [empty])).toBe(false);
    expect(verifyConsistency(sha, 2, 1, r2, r1, [])).toBe(false); // time travel
    expect(verifyConsistency(sha, 1, 2, r1, r2, [])).toBe(false); // missing proof
  });

  it('rejects corrupted consistency proofs', () => {
    const [m, n, proofHex] = CONSISTENCY[2]!; // 6 -> 8
    const proof = proofHex.map(b);
    const r1 = b(ROOTS[m]!);
    const r2 = b(ROOTS[n]!);
    expect(verifyConsistency(sha, m, n, r1, r2, proof)).toBe(true);
    expect(verifyConsistency(sha, m - 1, n, r1, r2, proof)).toBe(false);
    expect(verifyConsistency(sha, m + 1, n, r1, r2, proof)).toBe(false);
    expect(verifyConsistency(sha, m ^ 2, n, r1, r2, proof)).toBe(false);
    expect(verifyConsistency(sha, m, n * 2, r1, r2, proof)).toBe(false);
    expect(verifyConsistency(sha, m, n / 2, r1, r2, proof)).toBe(false);
    expect(verifyConsistency(sha, m, n, r2, r1, proof)).toBe(false);
    expect(verifyConsistency(sha, m, n, r1, r2, [])).toBe(false);
    expect(verifyConsistency(sha, m, n, r1, r2, [...proof, r1])).toBe(false);
    expect(verifyConsistency(sha, m, n, r1, r2, [r2, ...proof])).toBe(false);
    expect(verifyConsistency(sha, m, n, r1, r2, [proof[0]!, ...proof])).toBe(false);
    expect(verifyConsistency(sha, m, n, r1, r2, proof.slice(0, -1))).toBe(false);
    proof.forEach((_, i) =>
      expect(verifyConsistency(sha, m, n, r1, r2, proof.map((x, j) => (i === j ? flip(x, 4) : x)))).toBe(false),
    );
  });

  it('generators reject out-of-range arguments', () => {
    expect(() => inclusionProof(sha, leafHashes, 8)).toThrow(RangeError);
    expect(() => inclusionProof(sha, [], 0)).toThrow(RangeError);
    expect(() => consistencyProof(sha, leafHashes.slice(0, 3), 4)).toThrow(RangeError);
  });
});

describe('merkle: properties (random sizes up to 300)', () => {
  const hashers = [sha, sm3];
  const arbCase = fc
    .record({ n: fc.integer({ min: 1, max: 300 }), seed: fc.nat(), h: fc.constantFrom(...hashers) })
    .chain(({ n, seed, h }) =>
      fc.record({
        n: fc.constant(n),
        seed: fc.constant(seed),
        h: fc.constant(h),
        i: fc.integer({ min: 0, max: n - 1 }),
        m: fc.integer({ min: 1, max: n }),
        bit: fc.nat({ max: 255 }),
      }),
    );

  it('every inclusion proof verifies, and any alteration fails', () => {
    fc.assert(
      fc.property(arbCase, ({ n, seed, h, i, bit }) => {
        const leaves = randomLeaves(n, seed).map((x) => (h === sha ? x : leafHash(h, x)));
        const root = rootFromLeafHashes(h, leaves);
        const proof = inclusionProof(h, leaves, i);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(verifyInclusion(h, i, n, leaves[i]!, proof, root)).toBe(true);
        expect(verifyInclusion(h, i, n, flip(leaves[i]!, bit), proof, root)).toBe(false);
        expect(verifyInclusion(h, i, n, leaves[i]!, proof, flip(root, bit))).toBe(false);
        if (n > 1) expect(verifyInclusion(h, (i + 1) % n, n, leaves[i]!, proof, root)).toBe(false);
        for (let k = 0; k < proof.length; k++) {
          const bad = proof.map((x, j) => (j === k ? flip(x, bit) : x));
          expect(verifyInclusion(h, i, n, leaves[i]!, bad, root)).toBe(false);
        }
        if (proof.length > 0) expect(verifyInclusion(h, i, n, leaves[i]!, proof.slice(1), root)).toBe(false);
        expect(verifyInclusion(h, i, n, leaves[i]!, [...proof, root], root)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('every consistency proof verifies, and any alteration fails', () => {
    fc.assert(
      fc.property(arbCase, ({ n, seed, h, m, bit }) => {
        const leaves = randomLeaves(n, seed).map((x) => (h === sha ? x : leafHash(h, x)));
        const r1 = rootFromLeafHashes(h, leaves.slice(0, m));
        const r2 = rootFromLeafHashes(h, leaves);
        const proof = consistencyProof(h, leaves, m);
        expect(verifyConsistency(h, m, n, r1, r2, proof)).toBe(true);
        if (m === n) return;
        expect(verifyConsistency(h, m, n, flip(r1, bit), r2, proof)).toBe(false);
        expect(verifyConsistency(h, m, n, r1, flip(r2, bit), proof)).toBe(false);
        for (let k = 0; k < proof.length; k++) {
          const bad = proof.map((x, j) => (j === k ? flip(x, bit) : x));
          expect(verifyConsistency(h, m, n, r1, r2, bad)).toBe(false);
        }
        expect(verifyConsistency(h, m, n, r1, r2, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(h, m, n, r1, r2, [...proof, r2])).toBe(false);
        // A tree that rewrote an old leaf cannot be proven consistent.
        const forked = leaves.map((x, j) => (j === m - 1 ? flip(x, bit) : x));
        const forkedProof = consistencyProof(h, forked, m);
        expect(verifyConsistency(h, m, n, r1, rootFromLeafHashes(h, forked), forkedProof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('async proofs equal in-memory proofs, for historical sizes too', async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, fc.integer({ min: 1, max: 64 }), async ({ n, seed, i, m }, chunkSize) => {
        const leaves = randomLeaves(n + 17, seed); // source holds more leaves than the tree we ask for
        const { source } = memorySource(leaves);
        const cache = new PerfectSubtreeCache(1);
        const opts = { treeSize: n, chunkSize, cache };
        const mem = leaves.slice(0, n);
        expect(await rootAsync(sha, source, opts)).toEqual(rootFromLeafHashes(sha, mem));
        expect(await inclusionProofAsync(sha, source, i, opts)).toEqual(inclusionProof(sha, mem, i));
        expect(await consistencyProofAsync(sha, source, m, opts)).toEqual(consistencyProof(sha, mem, m));
      }),
      { numRuns: 100 },
    );
  });
});

describe('merkle: LeafSource chunking and cache', () => {
  it('never fetches more than chunkSize leaves per call and reuses cached subtrees', async () => {
    const leaves = randomLeaves(5000, 7);
    const { source, calls } = memorySource(leaves);
    const cache = new PerfectSubtreeCache(64);
    const root = await rootAsync(sha, source, { chunkSize: 256, cache });
    expect(root).toEqual(rootFromLeafHashes(sha, leaves));
    expect(calls.every(([s, e]) => e - s <= 256)).toBe(true);
    expect(calls.reduce((acc, [s, e]) => acc + e - s, 0)).toBe(5000); // each leaf read exactly once
    expect(cache.entries).toBeGreaterThan(0);

    // With a warm cache, a proof for an older leaf only touches the right edge of the tree.
    calls.length = 0;
    const proof = await inclusionProofAsync(sha, source, 123, { chunkSize: 256, cache });
    expect(verifyInclusion(sha, 123, 5000, leaves[123]!, proof, root)).toBe(true);
    const fetched = calls.reduce((acc, [s, e]) => acc + e - s, 0);
    expect(fetched).toBeLessThan(600);
  });

  it('rejects a cache bound to another hash algorithm and short reads', async () => {
    const cache = new PerfectSubtreeCache();
    const { source } = memorySource(leafHashes);
    await rootAsync(sha, source, { cache });
    await expect(rootAsync(sm3, source, { cache })).rejects.toThrow(/bound to sha256/);
    const short: LeafSource = { size: 8, getRange: async (s, e) => leafHashes.slice(s, e - 1) };
    await expect(rootAsync(sha, short)).rejects.toThrow(/returned/);
    await expect(rootAsync(sha, source, { treeSize: 9 })).rejects.toThrow(RangeError);
  });
});

describe('merkle: event leaf hash', () => {
  it('hashes canonical JSON with the leaf prefix', () => {
    const ev = { b: 2, a: 1 };
    expect(eventLeafHash(sha, ev)).toEqual(leafHash(sha, Buffer.from('{"a":1,"b":2}')));
    expect(eventLeafHash(sm3, { a: 1, b: 2 })).toEqual(eventLeafHash(sm3, ev));
  });
});
