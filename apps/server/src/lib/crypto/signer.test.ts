import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHasher } from './hash.js';
import {
  checkpointMessage,
  createSigner,
  derivePublicKeyHex,
  generateKeyPair,
  keyIdFor,
  loadOrCreateKeyFile,
  signCheckpoint,
  signerFromEnvOrFile,
  SM2_DEFAULT_USER_ID,
  verifyCheckpoint,
  verifySignature,
  type SignatureAlgorithm,
} from './signer.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const flipHex = (hex: string, i: number) => hex.slice(0, i) + ((parseInt(hex[i]!, 16) ^ 1).toString(16)) + hex.slice(i + 1);

/**
 * GM/T 0003.5-2012 / GB/T 32918.5-2017 Annex A signature example on the recommended curve
 * sm2p256v1, message "message digest". Its ID is the default "1234567812345678"
 * (Z_A = b2e14c5c..., e = f0b43e94...). The ALICE123@YAHOO.COM example of GB/T 32918.2
 * Annex A uses a different 256-bit test curve and cannot be checked with sm2p256v1 code.
 */
const SM2_VECTOR = {
  privateKeyHex: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKeyHex:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: utf8('message digest'),
  signature:
    'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3' +
    'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

// RFC 8032 section 7.1, TEST 1 (empty message).
const ED25519_VECTOR = {
  privateKeyHex: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKeyHex: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  message: new Uint8Array(0),
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mpw-keys-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SM2', () => {
  const v = SM2_VECTOR;

  it('derives the published public key from the published private key', () => {
    expect(derivePublicKeyHex('sm2', v.privateKeyHex)).toBe(v.publicKeyHex);
    expect(derivePublicKeyHex('sm2', v.privateKeyHex.toUpperCase())).toBe(v.publicKeyHex);
  });

  it('verifies the GM/T 0003.5 published signature', () => {
    expect(verifySignature('sm2', v.publicKeyHex, v.message, v.signature)).toBe(true);
    expect(verifySignature('sm2', v.publicKeyHex, v.message, v.signature, { userId: SM2_DEFAULT_USER_ID })).toBe(true);
    expect(verifySignature('sm2', v.publicKeyHex.toUpperCase(), v.message, v.signature.toUpperCase())).toBe(true);
  });

  it('rejects the published signature after any single change', () => {
    const msg = Buffer.from(v.message);
    msg[0]! ^= 1;
    expect(verifySignature('sm2', v.publicKeyHex, msg, v.signature)).toBe(false);
    expect(verifySignature('sm2', v.publicKeyHex, v.message, flipHex(v.signature, 10))).toBe(false); // r
    expect(verifySignature('sm2', v.publicKeyHex, v.message, flipHex(v.signature, 100))).toBe(false); // s
    expect(verifySignature('sm2', v.publicKeyHex, v.message, v.signature, { userId: 'ALICE123@YAHOO.COM' })).toBe(false);
    const other = generateKeyPair('sm2').publicKeyHex;
    expect(verifySignature('sm2', other, v.message, v.signature)).toBe(false);
  });

  it('rejects malformed keys and out-of-range r/s without throwing', () => {
    const n = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123';
    const s = v.signature.slice(64);
    expect(verifySignature('sm2', v.publicKeyHex, v.message, '0'.repeat(64) + s)).toBe(false);
    expect(verifySignature('sm2', v.publicKeyHex, v.message, n + s)).toBe(false);
    expect(verifySignature('sm2', v.publicKeyHex, v.message, v.signature.slice(0, 64) + n)).toBe(false);
    expect(verifySignature('sm2', v.publicKeyHex, v.message, v.signature.slice(2))).toBe(false);
    expect(verifySignature('sm2', v.publicKeyHex, v.message, `${v.signature.slice(2)}zz`)).toBe(false);
    expect(verifySignature('sm2', `04${'00'.repeat(64)}`, v.message, v.signature)).toBe(false); // not on curve
    expect(verifySignature('sm2', v.publicKeyHex.slice(2), v.message, v.signature)).toBe(false);
  });

  it('signs with a fresh nonce each time and verifies (default and custom user id)', () => {
    const { privateKeyHex, publicKeyHex } = generateKeyPair('sm2');
    expect(privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKeyHex).toMatch(/^04[0-9a-f]{128}$/);
    const signer = createSigner('sm2', privateKeyHex);
    expect(signer.publicKeyHex).toBe(publicKeyHex);
    const msg = utf8('checkpoint');
    const s1 = signer.sign(msg);
    const s2 = signer.sign(msg);
    expect(s1).toMatch(/^[0-9a-f]{128}$/);
    expect(s1).not.toBe(s2);
    expect(verifySignature('sm2', publicKeyHex, msg, s1)).toBe(true);
    expect(verifySignature('sm2', publicKeyHex, msg, s2)).toBe(true);

    const custom = createSigner('sm2', privateKeyHex, { userId: 'audit@micropower' });
    const s3 = custom.sign(msg);
    expect(verifySignature('sm2', publicKeyHex, msg, s3, { userId: 'audit@micropower' })).toBe(true);
    expect(verifySignature('sm2', publicKeyHex, msg, s3)).toBe(false);
  });

  it('keyId is the first 16 hex chars of SM3(04||X||Y)', () => {
    const signer = createSigner('sm2', v.privateKeyHex);
    const expected = createHasher('sm3').hash(Buffer.from(v.publicKeyHex, 'hex')).toString('hex').slice(0, 16);
    expect(signer.keyId).toBe(expected);
    expect(keyIdFor('sm2', v.publicKeyHex)).toBe(expected);
  });

  it('refuses private keys outside [1, n-2]', () => {
    expect(() => createSigner('sm2', '0'.repeat(64))).toThrow(/range/);
    expect(() => createSigner('sm2', 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122')).toThrow(/range/);
    expect(() => createSigner('sm2', 'abc')).toThrow(/64 hex/);
  });
});

describe('Ed25519', () => {
  const v = ED25519_VECTOR;

  it('reproduces RFC 8032 TEST 1 exactly', () => {
    const signer = createSigner('ed25519', v.privateKeyHex);
    expect(signer.publicKeyHex).toBe(v.publicKeyHex);
    expect(signer.sign(v.message)).toBe(v.signature);
    expect(verifySignature('ed25519', v.publicKeyHex, v.message, v.signature)).toBe(true);
    expect(signer.keyId).toBe(createHasher('sha256').hash(Buffer.from(v.publicKeyHex, 'hex')).toString('hex').slice(0, 16));
  });

  it('rejects altered message, signature or key', () => {
    expect(verifySignature('ed25519', v.publicKeyHex, Uint8Array.of(0), v.signature)).toBe(false);
    expect(verifySignature('ed25519', v.publicKeyHex, v.message, flipHex(v.signature, 5))).toBe(false);
    expect(verifySignature('ed25519', flipHex(v.publicKeyHex, 5), v.message, v.signature)).toBe(false);
    expect(verifySignature('ed25519', v.publicKeyHex, v.message, v.signature.slice(2))).toBe(false);
  });

  it('round-trips with a generated key', () => {
    const { privateKeyHex, publicKeyHex } = generateKeyPair('ed25519');
    expect(privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
    const signer = createSigner('ed25519', privateKeyHex);
    expect(signer.publicKeyHex).toBe(publicKeyHex);
    const msg = utf8('hello');
    expect(verifySignature('ed25519', publicKeyHex, msg, signer.sign(msg))).toBe(true);
    expect(verifySignature('sm2', publicKeyHex, msg, signer.sign(msg))).toBe(false);
  });
});

describe('key files', () => {
  it.each<SignatureAlgorithm>(['sm2', 'ed25519'])('creates a %s key file with mode 0600 and reloads it', (alg) => {
    const path = join(tempDir(), 'nested', 'dir', 'audit-key.json');
    const created = loadOrCreateKeyFile(path, alg);
    expect(created.alg).toBe(alg);
    expect(derivePublicKeyHex(alg, created.privateKeyHex)).toBe(created.publicKeyHex);
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(created);

    const reloaded = loadOrCreateKeyFile(path, alg);
    expect(reloaded).toEqual(created);
    const signer = signerFromEnvOrFile({ filePath: path, alg });
    expect(signer.publicKeyHex).toBe(created.publicKeyHex);
  });

  it('refuses a key file for another algorithm or with a mismatched public key', () => {
    const path = join(tempDir(), 'k.json');
    const kf = loadOrCreateKeyFile(path, 'ed25519');
    expect(() => loadOrCreateKeyFile(path, 'sm2')).toThrow(/expected sm2/);
    writeFileSync(path, JSON.stringify({ ...kf, publicKeyHex: generateKeyPair('ed25519').publicKeyHex }));
    expect(() => loadOrCreateKeyFile(path, 'ed25519')).toThrow(/does not match/);
  });

  it('prefers the env value over the file, and ignores a blank env value', () => {
    const path = join(tempDir(), 'k.json');
    const fromEnv = signerFromEnvOrFile({ envValue: ` ${SM2_VECTOR.privateKeyHex}\n`, filePath: path, alg: 'sm2' });
    expect(fromEnv.publicKeyHex).toBe(SM2_VECTOR.publicKeyHex);
    expect(() => statSync(path)).toThrow(); // env key: no file written
    const fromFile = signerFromEnvOrFile({ envValue: '  ', filePath: path, alg: 'sm2' });
    expect(fromFile.publicKeyHex).toBe(loadOrCreateKeyFile(path, 'sm2').publicKeyHex);
  });
});

describe('checkpoints', () => {
  const head = {
    treeSize: 8,
    rootHash: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    timestamp: '2024-05-01T08:00:00.000Z',
  };

  it('builds the exact v1 message', () => {
    expect(checkpointMessage(head).toString('utf8')).toBe(
      'micropower-checkpoint/v1\n8\n5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n2024-05-01T08:00:00.000Z\n',
    );
    expect(checkpointMessage({ ...head, timestamp: new Date(head.timestamp), rootHash: Buffer.from(head.rootHash, 'hex') })).toEqual(
      checkpointMessage(head),
    );
  });

  it('refuses non-canonical fields instead of signing ambiguous text', () => {
    expect(() => checkpointMessage({ ...head, timestamp: '2024-05-01 08:00:00+00' })).toThrow(/toISOString/);
    expect(() => checkpointMessage({ ...head, timestamp: '2024-05-01T08:00:00Z' })).toThrow(/toISOString/);
    expect(() => checkpointMessage({ ...head, timestamp: '2024-02-30T08:00:00.000Z' })).toThrow(/toISOString/);
    expect(() => checkpointMessage({ ...head, rootHash: head.rootHash.toUpperCase() })).toThrow(/lowercase/);
    expect(() => checkpointMessage({ ...head, treeSize: -1 })).toThrow(RangeError);
    expect(() => checkpointMessage({ ...head, treeSize: 1.5 })).toThrow(RangeError);
  });

  it.each<SignatureAlgorithm>(['sm2', 'ed25519'])('signs and verifies a %s checkpoint', (alg) => {
    const signer = createSigner(alg, generateKeyPair(alg).privateKeyHex);
    const cp = signCheckpoint(signer, head);
    expect(cp).toMatchObject({ ...head, signatureAlg: alg, publicKeyHex: signer.publicKeyHex, keyId: signer.keyId });
    expect(verifyCheckpoint(cp)).toBe(true);
    expect(verifyCheckpoint(cp, { trustedPublicKeyHex: signer.publicKeyHex })).toBe(true);
    expect(verifyCheckpoint(cp, { trustedPublicKeyHex: generateKeyPair(alg).publicKeyHex })).toBe(false);
    expect(verifyCheckpoint({ ...cp, treeSize: 9 })).toBe(false);
    expect(verifyCheckpoint({ ...cp, timestamp: '2024-05-01T08:00:00.001Z' })).toBe(false);
    expect(verifyCheckpoint({ ...cp, rootHash: flipHex(cp.rootHash, 0) })).toBe(false);
    expect(verifyCheckpoint({ ...cp, keyId: flipHex(cp.keyId, 0) })).toBe(false);
    expect(verifyCheckpoint({ ...cp, timestamp: 'garbage' })).toBe(false);
  });
});
