/**
 * Checkpoint signing keys: SM2 (GB/T 32918, via sm-crypto-v2) or Ed25519 (RFC 8032, via
 * node:crypto).
 *
 * Encodings (all lowercase hex):
 *  - SM2 private key: 32-byte scalar d, 1 <= d <= n-2. Public key: uncompressed 04||X||Y (65 bytes).
 *  - Ed25519 private key: the 32-byte RFC 8032 seed. Public key: the 32-byte encoded point.
 *  - Signatures: SM2 raw r||s (2 x 32 bytes big-endian, not DER) over SM3(Z_A || M) with the
 *    user id (default "1234567812345678", GB/T 35276); Ed25519 the 64-byte RFC 8032 signature.
 *  - keyId: first 16 hex chars of H(raw public key bytes), H = SM3 for SM2 and SHA-256 for
 *    Ed25519, so an SM-only deployment never depends on SHA-2.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { createHasher, type HashAlgorithm } from './hash.js';

export type SignatureAlgorithm = 'sm2' | 'ed25519';
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['sm2', 'ed25519'];
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Order n of the sm2p256v1 base point. */
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
// DER wrappers turning raw Ed25519 keys into KeyObjects (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface Signer {
  readonly alg: SignatureAlgorithm;
  readonly publicKeyHex: string;
  /** First 16 hex chars of H(public key); see the module comment for H. */
  readonly keyId: string;
  /** Lowercase hex; SM2 r||s (128 chars) or Ed25519 (128 chars). */
  sign(message: Uint8Array): string;
}

export interface Sm2Options {
  /** SM2 distinguishing identifier (ID_A); ignored for Ed25519. */
  userId?: string | undefined;
}

export function isSignatureAlgorithm(value: unknown): value is SignatureAlgorithm {
  return value === 'sm2' || value === 'ed25519';
}

const isHex = (s: unknown, chars: number): s is string =>
  typeof s === 'string' && s.length === chars && /^[0-9a-fA-F]*$/.test(s);

function ed25519PublicKeyObject(publicKeyHex: string) {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

function ed25519PrivateKeyObject(privateKeyHex: string) {
  return createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(privateKeyHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
}

function assertPrivateKey(alg: SignatureAlgorithm, privateKeyHex: string): void {
  if (!isSignatureAlgorithm(alg)) throw new Error(`Unsupported signature algorithm: ${String(alg)}`);
  if (!isHex(privateKeyHex, 64)) throw new Error(`${alg} private key must be 64 hex characters`);
  if (alg === 'sm2') {
    const d = BigInt(`0x${privateKeyHex}`);
    // d = n-1 would make (1+d) non-invertible in the signing equation.
    if (d < 1n || d > SM2_N - 2n) throw new Error('sm2 private key out of range [1, n-2]');
  }
}

export function derivePublicKeyHex(alg: SignatureAlgorithm, privateKeyHex: string): string {
  assertPrivateKey(alg, privateKeyHex);
  if (alg === 'sm2') return sm2.getPublicKeyFromPrivateKey(privateKeyHex.toLowerCase()).toLowerCase();
  const spki = createPublicKey(ed25519PrivateKeyObject(privateKeyHex)).export({ format: 'der', type: 'spki' });
  return spki.subarray(ED25519_SPKI_PREFIX.length).toString('hex');
}

export function keyIdHashAlg(alg: SignatureAlgorithm): HashAlgorithm {
  return alg === 'sm2' ? 'sm3' : 'sha256';
}

export function keyIdFor(alg: SignatureAlgorithm, publicKeyHex: string): string {
  // Buffer.from(.., 'hex') silently stops at the first bad character; refuse instead.
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(publicKeyHex)) throw new Error('public key must be hex');
  const raw = Buffer.from(publicKeyHex, 'hex');
  return createHasher(keyIdHashAlg(alg)).hash(raw).toString('hex').slice(0, 16);
}

export function generateKeyPair(alg: SignatureAlgorithm): { privateKeyHex: string; publicKeyHex: string } {
  if (alg === 'sm2') {
    for (;;) {
      const kp = sm2.generateKeyPairHex();
      // noble draws d from [1, n-1]; SM2 needs d <= n-2 (hit with probability ~2^-256).
      if (BigInt(`0x${kp.privateKey}`) <= SM2_N - 2n) return { privateKeyHex: kp.privateKey, publicKeyHex: kp.publicKey };
    }
  }
  if (alg !== 'ed25519') throw new Error(`Unsupported signature algorithm: ${String(alg)}`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    privateKeyHex: Buffer.from(jwk.d!, 'base64url').toString('hex'),
    publicKeyHex: Buffer.from(jwk.x!, 'base64url').toString('hex'),
  };
}

export function createSigner(alg: SignatureAlgorithm, privateKeyHex: string, opts: Sm2Options = {}): Signer {
  const publicKeyHex = derivePublicKeyHex(alg, privateKeyHex);
  const keyId = keyIdFor(alg, publicKeyHex);
  let sign: (message: Uint8Array) => string;
  if (alg === 'sm2') {
    const priv = privateKeyHex.toLowerCase();
    const userId = opts.userId ?? SM2_DEFAULT_USER_ID;
    sign = (message) =>
      sm2.doSignature(message, priv, { hash: true, der: false, publicKey: publicKeyHex, userId }).toLowerCase();
  } else {
    const key = ed25519PrivateKeyObject(privateKeyHex);
    sign = (message) => nodeSign(null, message, key).toString('hex');
  }
  return Object.freeze({ alg, publicKeyHex, keyId, sign });
}

/** Never throws on malformed input (keys and signatures usually come from receipts): returns false. */
export function verifySignature(
  alg: SignatureAlgorithm,
  publicKeyHex: string,
  message: Uint8Array,
  signature: string,
  opts: Sm2Options = {},
): boolean {
  try {
    if (!isHex(signature, 128)) return false;
    if (alg === 'sm2') {
      if (!isHex(publicKeyHex, 130) || !publicKeyHex.startsWith('04')) return false;
      const pub = publicKeyHex.toLowerCase();
      if (!sm2.verifyPublicKey(pub)) return false;
      // sm-crypto-v2 does not range-check r and s itself (GB/T 32918.2 step B1/B2).
      const r = BigInt(`0x${signature.slice(0, 64)}`);
      const s = BigInt(`0x${signature.slice(64)}`);
      if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
      const userId = opts.userId ?? SM2_DEFAULT_USER_ID;
      return sm2.doVerifySignature(message, signature.toLowerCase(), pub, { hash: true, der: false, userId });
    }
    if (alg === 'ed25519') {
      if (!isHex(publicKeyHex, 64)) return false;
      return nodeVerify(null, message, ed25519PublicKeyObject(publicKeyHex), Buffer.from(signature, 'hex'));
    }
    return false;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Key storage.

export interface KeyFile {
  alg: SignatureAlgorithm;
  privateKeyHex: string;
  publicKeyHex: string;
  createdAt: string;
}

function parseKeyFile(path: string, text: string, alg: SignatureAlgorithm): KeyFile {
  const kf = JSON.parse(text) as Partial<KeyFile>;
  if (kf.alg !== alg) throw new Error(`key file ${path} holds a ${String(kf.alg)} key, expected ${alg}`);
  if (typeof kf.privateKeyHex !== 'string') throw new Error(`key file ${path} has no privateKeyHex`);
  const derived = derivePublicKeyHex(alg, kf.privateKeyHex);
  // A mismatch means the file was edited by hand or corrupted; signing with it would
  // produce checkpoints that do not verify against the published key.
  if (kf.publicKeyHex?.toLowerCase() !== derived) throw new Error(`key file ${path}: publicKeyHex does not match privateKeyHex`);
  return { alg, privateKeyHex: kf.privateKeyHex.toLowerCase(), publicKeyHex: derived, createdAt: String(kf.createdAt ?? '') };
}

const errCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * Reads the key file, or creates it (mode 0600, parent directory 0700) when missing.
 * Creation writes a temp file and hard-links it into place, so concurrent first starts
 * agree on one key and no reader ever sees a half-written file.
 */
export function loadOrCreateKeyFile(path: string, alg: SignatureAlgorithm): KeyFile {
  try {
    return parseKeyFile(path, readFileSync(path, 'utf8'), alg);
  } catch (e) {
    if (errCode(e) !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKeyHex, publicKeyHex } = generateKeyPair(alg);
  const kf: KeyFile = { alg, privateKeyHex, publicKeyHex, createdAt: new Date().toISOString() };
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(kf, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
    return kf;
  } catch (e) {
    if (errCode(e) !== 'EEXIST') throw e;
    return parseKeyFile(path, readFileSync(path, 'utf8'), alg); // lost the race: use the winner's key
  } finally {
    unlinkSync(tmp);
  }
}

/** `envValue` (if non-empty) is the private key hex and wins over the key file. */
export function signerFromEnvOrFile(
  opts: { envValue?: string; filePath: string; alg: SignatureAlgorithm } & Sm2Options,
): Signer {
  const fromEnv = opts.envValue?.trim();
  const privateKeyHex = fromEnv ? fromEnv : loadOrCreateKeyFile(opts.filePath, opts.alg).privateKeyHex;
  return createSigner(opts.alg, privateKeyHex, { userId: opts.userId });
}

// ---------------------------------------------------------------------------
// Checkpoints (signed tree heads) and receipts.

export interface CheckpointHead {
  treeSize: number;
  /** Lowercase hex, or raw bytes. */
  rootHash: string | Uint8Array;
  /** A Date, or exactly what Date#toISOString() produces. */
  timestamp: string | Date;
}

export interface SignedCheckpoint {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signatureAlg: SignatureAlgorithm;
  publicKeyHex: string;
  keyId: string;
  signature: string;
}

export interface AuditReceipt {
  version: 1;
  hashAlg: HashAlgorithm;
  leafIndex: number;
  leafHash: string;
  /** The event object whose canonical JSON is the leaf data, when disclosed. */
  event?: unknown;
  checkpoint: SignedCheckpoint;
  inclusionProof: string[];
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const CHECKPOINT_PREFIX = 'micropower-checkpoint/v1';

function normalizeHead(head: CheckpointHead): { treeSize: number; rootHash: string; timestamp: string } {
  const { treeSize } = head;
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new RangeError(`invalid treeSize ${treeSize}`);
  const rootHash = typeof head.rootHash === 'string' ? head.rootHash : Buffer.from(head.rootHash).toString('hex');
  if (!/^(?:[0-9a-f]{2})+$/.test(rootHash)) throw new Error('rootHash must be lowercase hex');
  const timestamp = head.timestamp instanceof Date ? head.timestamp.toISOString() : head.timestamp;
  // One canonical spelling only: the verifier signs/compares the text byte for byte, and
  // e.g. Postgres' "2024-01-01 08:00:00+08" would silently break every signature.
  if (!ISO_RE.test(timestamp) || new Date(timestamp).toISOString() !== timestamp) {
    throw new Error(`timestamp must be a Date or Date#toISOString() output, got ${JSON.stringify(timestamp)}`);
  }
  return { treeSize, rootHash, timestamp };
}

/** UTF-8 of "micropower-checkpoint/v1\n<treeSize>\n<rootHashHex>\n<timestampISO>\n". */
export function checkpointMessage(head: CheckpointHead): Buffer {
  const { treeSize, rootHash, timestamp } = normalizeHead(head);
  return Buffer.from(`${CHECKPOINT_PREFIX}\n${treeSize}\n${rootHash}\n${timestamp}\n`, 'utf8');
}

export function signCheckpoint(signer: Signer, head: CheckpointHead): SignedCheckpoint {
  const n = normalizeHead(head);
  return {
    ...n,
    signatureAlg: signer.alg,
    publicKeyHex: signer.publicKeyHex,
    keyId: signer.keyId,
    signature: signer.sign(checkpointMessage(n)),
  };
}

/**
 * Checks the signature and that keyId belongs to publicKeyHex. Pass trustedPublicKeyHex to
 * pin the key; without it this only proves self-consistency, not who signed.
 */
export function verifyCheckpoint(cp: SignedCheckpoint, opts: { trustedPublicKeyHex?: string } & Sm2Options = {}): boolean {
  try {
    if (!isSignatureAlgorithm(cp.signatureAlg) || typeof cp.publicKeyHex !== 'string') return false;
    if (opts.trustedPublicKeyHex && opts.trustedPublicKeyHex.toLowerCase() !== cp.publicKeyHex.toLowerCase()) return false;
    if (keyIdFor(cp.signatureAlg, cp.publicKeyHex) !== cp.keyId) return false;
    return verifySignature(cp.signatureAlg, cp.publicKeyHex, checkpointMessage(cp), cp.signature, opts);
  } catch {
    return false;
  }
}
