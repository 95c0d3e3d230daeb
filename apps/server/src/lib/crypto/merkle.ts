/**
 * RFC 9162 section 2.1 Merkle Tree Hash, inclusion proofs (PATH) and consistency proofs
 * (PROOF), generic over a Hasher so the same code serves SM3 and SHA-256 logs.
 *
 * Proof generation is split in two steps: a pure function lists which leaf ranges
 * [start, end) the proof is made of (straight from the RFC's recursive definitions), and
 * the MTH of each range is computed either from an in-memory array or from an async
 * LeafSource. That keeps the sync and async variants from drifting apart.
 *
 * Tree sizes and indices are JS numbers (safe integers); the verifiers use arithmetic
 * instead of bit operators because `>>` truncates to 32 bits.
 */
import { canonicalJsonBytes } from './canonical-json.js';
import type { Hasher } from './hash.js';

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(h: Hasher, data: Uint8Array): Buffer {
  return h.hash(LEAF_PREFIX, data);
}

/** Leaf hash of an audit event: H(0x00 || canonicalJson(event)), as receipts define it. */
export function eventLeafHash(h: Hasher, event: unknown): Buffer {
  return leafHash(h, canonicalJsonBytes(event));
}

export function nodeHash(h: Hasher, left: Uint8Array, right: Uint8Array): Buffer {
  return h.hash(NODE_PREFIX, left, right);
}

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

function assertSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}

export type Range = readonly [start: number, end: number];

/** Ranges whose MTHs form PATH(index, D[0:n]), ordered leaf-to-root as in RFC 9162 2.1.3.1. */
export function inclusionProofRanges(index: number, n: number): Range[] {
  assertSize(n, 'tree size');
  assertSize(index, 'leaf index');
  if (index >= n) throw new RangeError(`leaf index ${index} out of range for tree size ${n}`);
  const out: Range[] = [];
  const walk = (m: number, lo: number, hi: number): void => {
    if (hi - lo === 1) return;
    const k = splitPoint(hi - lo);
    if (m < k) {
      walk(m, lo, lo + k);
      out.push([lo + k, hi]);
    } else {
      walk(m - k, lo + k, hi);
      out.push([lo, lo + k]);
    }
  };
  walk(index, 0, n);
  return out;
}

/**
 * Ranges whose MTHs form PROOF(m, D[0:n]) (RFC 9162 2.1.4.1). The RFC defines it for
 * 0 < m < n; m === n and m === 0 yield an empty proof, which verifyConsistency accepts
 * only together with the matching roots.
 */
export function consistencyProofRanges(m: number, n: number): Range[] {
  assertSize(n, 'tree size');
  assertSize(m, 'old tree size');
  if (m > n) throw new RangeError(`old tree size ${m} exceeds tree size ${n}`);
  const out: Range[] = [];
  if (m === 0 || m === n) return out;
  const sub = (mm: number, lo: number, hi: number, complete: boolean): void => {
    if (mm === hi - lo) {
      if (!complete) out.push([lo, hi]);
      return;
    }
    const k = splitPoint(hi - lo);
    if (mm <= k) {
      sub(mm, lo, lo + k, complete);
      out.push([lo + k, hi]);
    } else {
      sub(mm - k, lo + k, hi, false);
      out.push([lo, lo + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

// ---------------------------------------------------------------------------
// In-memory variants (leaf hashes already computed).

function mthRange(h: Hasher, leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 0) return h.hash();
  if (n === 1) return leaves[lo]!;
  const k = splitPoint(n);
  return nodeHash(h, mthRange(h, leaves, lo, lo + k), mthRange(h, leaves, lo + k, hi));
}

/** MTH(D[n]) from leaf hashes; the empty tree hashes to H() of the empty string. */
export function rootFromLeafHashes(h: Hasher, leafHashes: readonly Buffer[]): Buffer {
  return mthRange(h, leafHashes, 0, leafHashes.length);
}

export function inclusionProof(h: Hasher, leafHashes: readonly Buffer[], index: number): Buffer[] {
  return inclusionProofRanges(index, leafHashes.length).map(([lo, hi]) => mthRange(h, leafHashes, lo, hi));
}

/** PROOF(m, D[n]) where n = leafHashes.length. */
export function consistencyProof(h: Hasher, leafHashes: readonly Buffer[], m: number): Buffer[] {
  return consistencyProofRanges(m, leafHashes.length).map(([lo, hi]) => mthRange(h, leafHashes, lo, hi));
}

// ---------------------------------------------------------------------------
// Async variants over a leaf source (e.g. the audit_events table).

/** Leaf hashes [start, end) must come back in order and complete; the log is append-only. */
export interface LeafSource {
  readonly size: number;
  getRange(start: number, end: number): Promise<Buffer[]>;
}

/**
 * Hashes of perfect (2^k-leaf, aligned) subtrees never change once the log has grown past
 * them, so they can be cached across tree sizes; right-edge subtrees are never cached.
 * One cache belongs to one log and one hash algorithm.
 */
export class PerfectSubtreeCache {
  private readonly map = new Map<string, Buffer>();
  private alg: string | undefined;

  constructor(
    /** Subtrees smaller than this are cheap to recompute from one chunk; skip caching them. */
    readonly minLeaves = 256,
    readonly maxEntries = 1 << 20,
  ) {}

  get entries(): number {
    return this.map.size;
  }

  bind(h: Hasher): void {
    if (this.alg === undefined) this.alg = h.alg;
    else if (this.alg !== h.alg) throw new Error(`subtree cache is bound to ${this.alg}, not ${h.alg}`);
  }

  get(start: number, size: number): Buffer | undefined {
    return this.map.get(`${start}:${size}`);
  }

  set(start: number, size: number, hash: Buffer): void {
    if (size < this.minLeaves) return;
    // Insertion-ordered Map gives cheap FIFO eviction; large subtrees are re-added on demand.
    if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value!);
    this.map.set(`${start}:${size}`, hash);
  }

  clear(): void {
    this.map.clear();
  }
}

export interface AsyncTreeOptions {
  /** Compute for a historical tree size (e.g. a signed checkpoint); defaults to source.size. */
  treeSize?: number | undefined;
  /** Max leaves fetched by one getRange call. Default 1024. */
  chunkSize?: number | undefined;
  cache?: PerfectSubtreeCache | undefined;
}

function asyncMth(h: Hasher, source: LeafSource, opts: AsyncTreeOptions) {
  const chunk = opts.chunkSize ?? 1024;
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new RangeError('chunkSize must be a positive integer');
  const cache = opts.cache;
  cache?.bind(h);

  const mth = async (lo: number, hi: number): Promise<Buffer> => {
    const n = hi - lo;
    if (n === 0) return h.hash();
    const perfect = isPowerOfTwo(n);
    const cached = perfect ? cache?.get(lo, n) : undefined;
    if (cached) return cached;
    let out: Buffer;
    if (n <= chunk) {
      const leaves = await source.getRange(lo, hi);
      if (leaves.length !== n) throw new Error(`leaf source returned ${leaves.length} hashes for [${lo}, ${hi})`);
      for (const l of leaves) if (l.length !== h.size) throw new Error('leaf source returned a malformed hash');
      out = mthRange(h, leaves, 0, n);
    } else {
      // Sequential on purpose: parallel recursion would fan out to n/chunk concurrent queries.
      const k = splitPoint(n);
      const left = await mth(lo, lo + k);
      out = nodeHash(h, left, await mth(lo + k, hi));
    }
    if (perfect) cache?.set(lo, n, out);
    return out;
  };
  return mth;
}

function resolveSize(source: LeafSource, opts: AsyncTreeOptions): number {
  const n = opts.treeSize ?? source.size;
  assertSize(n, 'tree size');
  if (n > source.size) throw new RangeError(`tree size ${n} exceeds leaf source size ${source.size}`);
  return n;
}

export async function rootAsync(h: Hasher, source: LeafSource, opts: AsyncTreeOptions = {}): Promise<Buffer> {
  const n = resolveSize(source, opts);
  return asyncMth(h, source, opts)(0, n);
}

async function hashRanges(h: Hasher, source: LeafSource, opts: AsyncTreeOptions, ranges: Range[]): Promise<Buffer[]> {
  const mth = asyncMth(h, source, opts);
  const out: Buffer[] = [];
  for (const [lo, hi] of ranges) out.push(await mth(lo, hi));
  return out;
}

export async function inclusionProofAsync(
  h: Hasher,
  source: LeafSource,
  index: number,
  opts: AsyncTreeOptions = {},
): Promise<Buffer[]> {
  return hashRanges(h, source, opts, inclusionProofRanges(index, resolveSize(source, opts)));
}

export async function consistencyProofAsync(
  h: Hasher,
  source: LeafSource,
  m: number,
  opts: AsyncTreeOptions = {},
): Promise<Buffer[]> {
  return hashRanges(h, source, opts, consistencyProofRanges(m, resolveSize(source, opts)));
}

// ---------------------------------------------------------------------------
// Verification, transcribed from RFC 9162 2.1.3.2 and 2.1.4.2.

const lsb = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

function wellFormed(h: Hasher, ...hashes: readonly Uint8Array[]): boolean {
  return hashes.every((x) => x instanceof Uint8Array && x.length === h.size);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

export function verifyInclusion(
  h: Hasher,
  index: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0) return false;
  if (index >= treeSize) return false;
  if (!wellFormed(h, leaf, root, ...proof)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(h, p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(h, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root);
}

export function verifyConsistency(
  h: Hasher,
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2) return false;
  if (!wellFormed(h, root1, root2, ...proof)) return false;
  // Outside the RFC's 0 < first < second precondition: nothing to prove, but the roots
  // must still be the right ones rather than anything at all.
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (size1 === 0) return proof.length === 0 && equal(root1, h.hash());

  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(h, c, fr);
      sr = nodeHash(h, c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(h, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return equal(fr, root1) && equal(sr, root2) && sn === 0;
}
