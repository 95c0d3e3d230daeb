import { createHash, getHashes } from 'node:crypto';
import { sm3 as sm3Js } from 'sm-crypto-v2';

export type HashAlgorithm = 'sm3' | 'sha256';
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sm3', 'sha256'];

export interface Hasher {
  readonly alg: HashAlgorithm;
  /** Digest length in bytes (32 for both algorithms); used to reject malformed proofs early. */
  readonly size: number;
  /** Hash of the concatenation of all parts, so callers never build temporary buffers. */
  hash(...parts: Uint8Array[]): Buffer;
}

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return value === 'sm3' || value === 'sha256';
}

/**
 * Node's bundled OpenSSL 3 ships SM3, but distributions may build Node against a system
 * OpenSSL without it, so we probe once and fall back to the pure-JS implementation.
 */
export const nodeHasSm3: boolean = (() => {
  if (!getHashes().includes('sm3')) return false;
  try {
    createHash('sm3');
    return true;
  } catch {
    return false;
  }
})();

function nodeHasher(alg: HashAlgorithm): Hasher {
  return Object.freeze({
    alg,
    size: 32,
    hash(...parts: Uint8Array[]): Buffer {
      const h = createHash(alg);
      for (const p of parts) h.update(p);
      return h.digest();
    },
  });
}

function sm3JsHasher(): Hasher {
  return Object.freeze({
    alg: 'sm3' as const,
    size: 32,
    hash(...parts: Uint8Array[]): Buffer {
      return Buffer.from(sm3Js(parts.length === 1 ? parts[0]! : Buffer.concat(parts)), 'hex');
    },
  });
}

export interface CreateHasherOptions {
  /** Force a specific SM3 backend (tests use this to check both agree). Default: node if available. */
  sm3Backend?: 'node' | 'sm-crypto' | undefined;
}

const cache = new Map<HashAlgorithm, Hasher>();

export function createHasher(alg: HashAlgorithm, opts: CreateHasherOptions = {}): Hasher {
  if (!isHashAlgorithm(alg)) throw new Error(`Unsupported hash algorithm: ${String(alg)}`);
  if (alg === 'sm3' && opts.sm3Backend) {
    if (opts.sm3Backend === 'sm-crypto') return sm3JsHasher();
    if (!nodeHasSm3) throw new Error('SM3 is not available in this Node/OpenSSL build');
    return nodeHasher('sm3');
  }
  let h = cache.get(alg);
  if (!h) {
    h = alg === 'sm3' && !nodeHasSm3 ? sm3JsHasher() : nodeHasher(alg);
    cache.set(alg, h);
  }
  return h;
}
