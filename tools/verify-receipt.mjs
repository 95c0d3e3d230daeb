#!/usr/bin/env node
/**
 * verify-receipt.mjs: offline verifier for Micro-Power Watch audit receipts.
 *
 *   node tools/verify-receipt.mjs receipt.json [--public-key HEX]
 *
 * Prints "OK ..." and exits 0 when the receipt is valid, otherwise prints "FAIL: <reason>"
 * and exits 1. It needs no server and no network: Node >= 20 plus, for SM2/SM3 receipts,
 * the npm package sm-crypto-v2 (`npm install sm-crypto-v2` next to this file). SHA-256 /
 * Ed25519 receipts need nothing but Node.
 *
 * A receipt (see docs/audit-receipts.md) is
 *   { "version": 1, "hashAlg": "sm3" | "sha256", "leafIndex": n, "leafHash": hex,
 *     "event": {...} (optional),
 *     "checkpoint": { "treeSize", "rootHash", "timestamp", "signatureAlg": "sm2" | "ed25519",
 *                     "publicKeyHex", "keyId", "signature" },
 *     "inclusionProof": [hex, ...] }
 *
 * Checks, in order:
 *  1. if "event" is present, leafHash == H(0x00 || canonicalJson(event)) (sorted keys, no spaces);
 *  2. keyId == first 16 hex chars of H'(public key), H' = SM3 for sm2 and SHA-256 for ed25519;
 *  3. with --public-key, the checkpoint key is that key (otherwise only self-consistency is shown:
 *     anyone can sign a receipt with their own key, so pin the published audit key);
 *  4. the signature over the UTF-8 text
 *       "micropower-checkpoint/v1\n<treeSize>\n<rootHash>\n<timestamp>\n"
 *     (SM2: raw r||s hex, SM3 with Z_A for user id "1234567812345678"; Ed25519: RFC 8032);
 *  5. the RFC 9162 section 2.1.3.2 inclusion proof of leafHash at leafIndex under rootHash.
 *
 * This file intentionally duplicates the server's logic instead of importing it, so an
 * auditor can read every line that decides "OK".
 */
import { createHash, createPublicKey, getHashes, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const SM2_DEFAULT_USER_ID = '1234567812345678';
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

class Fail extends Error {}
const fail = (msg) => {
  throw new Fail(msg);
};
const check = (cond, msg) => cond || fail(msg);
const isHex = (s, bytes) => typeof s === 'string' && /^(?:[0-9a-f]{2})+$/.test(s) && (bytes === undefined || s.length === bytes * 2);

let smCrypto;
async function loadSmCrypto() {
  if (!smCrypto) {
    try {
      smCrypto = await import('sm-crypto-v2');
    } catch {
      fail('SM2/SM3 receipts need the sm-crypto-v2 package (npm install sm-crypto-v2)');
    }
  }
  return smCrypto;
}

const nodeHasSm3 = getHashes().includes('sm3');

/** Returns H(parts...) as a Buffer for 'sm3' or 'sha256'. */
async function hasherFor(alg) {
  if (alg === 'sha256' || (alg === 'sm3' && nodeHasSm3)) {
    return (...parts) => {
      const h = createHash(alg);
      for (const p of parts) h.update(p);
      return h.digest();
    };
  }
  if (alg === 'sm3') {
    const { sm3 } = await loadSmCrypto();
    return (...parts) => Buffer.from(sm3(Buffer.concat(parts)), 'hex');
  }
  return fail(`unsupported hashAlg ${JSON.stringify(alg)}`);
}

/** Canonical JSON of a JSON.parse result: keys sorted by UTF-16 code units, no whitespace. */
function canonicalJson(v) {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** RFC 9162 section 2.1.3.2, with arithmetic instead of 32-bit bit operators. */
function verifyInclusion(H, index, treeSize, leafHash, proof, root) {
  if (index >= treeSize) return false;
  const lsb = (x) => x % 2 === 1;
  const half = (x) => Math.floor(x / 2);
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = H(Buffer.of(1), p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = H(Buffer.of(1), r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

async function verifySignature(alg, publicKeyHex, message, signature) {
  check(isHex(signature, 64), 'signature must be 128 lowercase hex characters');
  if (alg === 'ed25519') {
    check(isHex(publicKeyHex, 32), 'ed25519 publicKeyHex must be 64 lowercase hex characters');
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
    return nodeVerify(null, message, key, Buffer.from(signature, 'hex'));
  }
  if (alg === 'sm2') {
    check(isHex(publicKeyHex, 65) && publicKeyHex.startsWith('04'), 'sm2 publicKeyHex must be uncompressed 04||X||Y');
    const { sm2 } = await loadSmCrypto();
    check(sm2.verifyPublicKey(publicKeyHex), 'sm2 public key is not a point on sm2p256v1');
    const r = BigInt(`0x${signature.slice(0, 64)}`);
    const s = BigInt(`0x${signature.slice(64)}`);
    if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
    return sm2.doVerifySignature(message, signature, publicKeyHex, { hash: true, der: false, userId: SM2_DEFAULT_USER_ID });
  }
  return fail(`unsupported signatureAlg ${JSON.stringify(alg)}`);
}

async function verifyReceipt(receipt, pinnedKey) {
  check(receipt && typeof receipt === 'object', 'receipt is not a JSON object');
  check(receipt.version === 1, `unsupported receipt version ${JSON.stringify(receipt.version)}`);
  const H = await hasherFor(receipt.hashAlg);
  const size = H().length;
  const cp = receipt.checkpoint;
  check(cp && typeof cp === 'object', 'missing checkpoint');
  const { leafIndex, leafHash, inclusionProof } = receipt;
  const { treeSize, rootHash, timestamp, signatureAlg, publicKeyHex, keyId, signature } = cp;

  check(Number.isSafeInteger(treeSize) && treeSize > 0, 'checkpoint.treeSize must be a positive integer');
  check(Number.isSafeInteger(leafIndex) && leafIndex >= 0, 'leafIndex must be a non-negative integer');
  check(leafIndex < treeSize, `leafIndex ${leafIndex} is outside the tree of size ${treeSize}`);
  check(isHex(leafHash, size), `leafHash must be ${size * 2} lowercase hex characters`);
  check(isHex(rootHash, size), `checkpoint.rootHash must be ${size * 2} lowercase hex characters`);
  check(typeof timestamp === 'string' && ISO_RE.test(timestamp) && new Date(timestamp).toISOString() === timestamp,
    'checkpoint.timestamp must be an ISO 8601 UTC timestamp with milliseconds');
  check(Array.isArray(inclusionProof) && inclusionProof.every((p) => isHex(p, size)), 'inclusionProof must be an array of hashes');
  check(typeof publicKeyHex === 'string', 'checkpoint.publicKeyHex missing');

  // 1. The disclosed event is the one that was logged.
  if (receipt.event !== undefined) {
    const recomputed = H(Buffer.of(0), Buffer.from(canonicalJson(receipt.event), 'utf8')).toString('hex');
    check(recomputed === leafHash, `event does not match leafHash (recomputed ${recomputed})`);
  }
  // 2. keyId names the embedded key.
  check(signatureAlg === 'sm2' || signatureAlg === 'ed25519', `unsupported signatureAlg ${JSON.stringify(signatureAlg)}`);
  check(isHex(publicKeyHex), 'checkpoint.publicKeyHex must be lowercase hex');
  const keyIdHash = await hasherFor(signatureAlg === 'sm2' ? 'sm3' : 'sha256');
  const expectedKeyId = keyIdHash(Buffer.from(publicKeyHex, 'hex')).toString('hex').slice(0, 16);
  check(keyId === expectedKeyId, `checkpoint.keyId ${keyId} does not match the public key (expected ${expectedKeyId})`);
  // 3. The key is the one the auditor trusts.
  if (pinnedKey !== undefined) {
    check(pinnedKey.toLowerCase() === publicKeyHex, 'checkpoint is signed by a different key than --public-key');
  }
  // 4. The checkpoint signature.
  const message = Buffer.from(`micropower-checkpoint/v1\n${treeSize}\n${rootHash}\n${timestamp}\n`, 'utf8');
  check(await verifySignature(signatureAlg, publicKeyHex, message, signature), 'checkpoint signature is invalid');
  // 5. The leaf is in the signed tree.
  const proof = inclusionProof.map((p) => Buffer.from(p, 'hex'));
  check(
    verifyInclusion(H, leafIndex, treeSize, Buffer.from(leafHash, 'hex'), proof, Buffer.from(rootHash, 'hex')),
    'inclusion proof does not lead to the signed root hash',
  );
  return `OK leaf ${leafIndex} is included in the ${receipt.hashAlg} tree of size ${treeSize} (root ${rootHash}), ` +
    `checkpoint signed ${timestamp} by ${signatureAlg} key ${keyId}`;
}

async function main(argv) {
  let file;
  let pinnedKey;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--public-key') pinnedKey = argv[++i] ?? fail('--public-key needs a value');
    else if (argv[i].startsWith('--public-key=')) pinnedKey = argv[i].slice('--public-key='.length);
    else if (argv[i] === '-h' || argv[i] === '--help') fail('usage: node verify-receipt.mjs receipt.json [--public-key HEX]');
    else if (file === undefined) file = argv[i];
    else fail(`unexpected argument ${argv[i]}`);
  }
  if (file === undefined) fail('usage: node verify-receipt.mjs receipt.json [--public-key HEX]');
  let receipt;
  try {
    receipt = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  const ok = await verifyReceipt(receipt, pinnedKey);
  console.log(ok);
  if (pinnedKey === undefined) {
    console.error('note: no --public-key given; this proves the receipt is self-consistent, not who signed it');
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    console.log(`FAIL: ${e instanceof Fail ? e.message : `unexpected error: ${e?.stack ?? e}`}`);
    process.exit(1);
  },
);
