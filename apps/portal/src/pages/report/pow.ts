/**
 * The proof-of-work an anonymous submission carries (GET /public/reports/challenge): find a decimal
 * `nonce` so that SHA-256(challenge + ":" + nonce) starts with `difficulty` zero bits. The default
 * difficulty (16 bits, about 65,000 tries) takes a second or two on a cheap phone.
 *
 * Web Crypto does the hashing, a few dozen digests at a time; between batches the loop gives the page
 * a turn (a MessageChannel message, which background tabs do not slow down the way they slow timers),
 * so the progress line keeps moving and buttons keep answering.
 */
import { sha256 } from './sha256';

/**
 * Count of leading zero bits of a digest. The same function as `leadingZeroBits` of @mpw/contracts,
 * copied because a value import from the contracts brings zod into the page; pow.test.ts checks both agree.
 */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

export type Digest = (data: Uint8Array) => Promise<Uint8Array>;

/** SHA-256 with Web Crypto, or the plain-JavaScript one where `crypto.subtle` is missing (plain http). */
export function defaultDigest(): Digest {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return async (data) => new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  return async (data) => sha256(data);
}

export interface SolveOptions {
  /** Digests started together before checking the results (default 64). */
  batch?: number;
  /** Milliseconds of work before the page gets a turn (default 30). */
  sliceMs?: number;
  /** Called between slices with the tries so far and the tries expected on average (2^difficulty). */
  onProgress?: (tried: number, expected: number) => void;
  signal?: AbortSignal;
  digest?: Digest;
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

/** Let the browser paint and handle taps. */
function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** Finds the smallest nonce (as a decimal string) meeting the difficulty. */
export async function solvePow(challenge: string, difficulty: number, opts: SolveOptions = {}): Promise<string> {
  const digest = opts.digest ?? defaultDigest();
  const batch = Math.max(1, opts.batch ?? 64);
  const sliceMs = opts.sliceMs ?? 30;
  const expected = 2 ** Math.max(0, difficulty);
  const enc = new TextEncoder();
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  let sliceStart = now();
  for (let start = 0; start < 1e12; start += batch) {
    if (opts.signal?.aborted) throw abortError();
    const jobs: Promise<Uint8Array>[] = [];
    for (let n = start; n < start + batch; n++) jobs.push(digest(enc.encode(`${challenge}:${n}`)));
    const hashes = await Promise.all(jobs);
    for (let i = 0; i < hashes.length; i++) {
      if (leadingZeroBits(hashes[i]!) >= difficulty) return String(start + i);
    }
    if (now() - sliceStart >= sliceMs) {
      opts.onProgress?.(start + batch, expected);
      await yieldToPage();
      sliceStart = now();
    }
  }
  throw new Error('no nonce found');
}

/** A progress figure for people: the chance the work is done by now (0–99), since the tries needed are random. */
export function powPercent(tried: number, expected: number): number {
  if (expected <= 0) return 99;
  return Math.min(99, Math.floor(100 * (1 - Math.exp(-tried / expected))));
}
