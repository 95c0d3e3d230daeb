import { describe, expect, it } from 'vitest';
import { createHasher, nodeHasSm3, type Hasher } from './hash.js';

const hex = (b: Buffer) => b.toString('hex');
const utf8 = (s: string) => Buffer.from(s, 'utf8');

// GB/T 32905-2016 Appendix A.
const SM3_VECTORS: Array<[string, string]> = [
  ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
];

// FIPS 180-2 Appendix B examples plus the empty string.
const SHA256_VECTORS: Array<[string, string]> = [
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  [
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  ],
];

function checkVectors(h: Hasher, vectors: Array<[string, string]>) {
  for (const [msg, digest] of vectors) {
    expect(hex(h.hash(utf8(msg)))).toBe(digest);
    // Split input must hash like the concatenation.
    const m = utf8(msg);
    const cut = Math.floor(m.length / 3);
    expect(hex(h.hash(m.subarray(0, cut), new Uint8Array(0), m.subarray(cut)))).toBe(digest);
  }
}

describe('hash', () => {
  it('SM3 matches GB/T 32905-2016 vectors (default backend)', () => {
    const h = createHasher('sm3');
    expect(h.alg).toBe('sm3');
    expect(h.size).toBe(32);
    checkVectors(h, SM3_VECTORS);
  });

  it('SM3 pure-JS fallback matches the same vectors', () => {
    checkVectors(createHasher('sm3', { sm3Backend: 'sm-crypto' }), SM3_VECTORS);
  });

  it('Node OpenSSL provides SM3 on this runtime', () => {
    // Informational: if this fails the fallback is in use, which is still correct.
    expect(nodeHasSm3).toBe(true);
    checkVectors(createHasher('sm3', { sm3Backend: 'node' }), SM3_VECTORS);
  });

  it('SHA-256 matches FIPS 180-2 vectors', () => {
    checkVectors(createHasher('sha256'), SHA256_VECTORS);
    expect(hex(createHasher('sha256').hash())).toBe(SHA256_VECTORS[0]![1]);
  });

  it('SM3 of a million "a" (GM/T long-message check) agrees across backends', () => {
    const big = Buffer.alloc(1_000_000, 'a');
    expect(hex(createHasher('sm3').hash(big))).toBe(hex(createHasher('sm3', { sm3Backend: 'sm-crypto' }).hash(big)));
  });

  it('rejects unknown algorithms', () => {
    expect(() => createHasher('md5' as never)).toThrow(/Unsupported/);
  });
});
