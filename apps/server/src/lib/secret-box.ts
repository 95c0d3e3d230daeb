import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Seals small secrets (TOTP seeds, later reporter identities) with AES-256-GCM under a key
 * that is NOT in the database: an environment variable or a key file. Sealed form:
 * v1.<keyId>.<iv b64>.<tag b64>.<ciphertext b64>. Several keys may be loaded so old
 * values stay readable after rotation; new values use the first (current) key.
 */
export class SecretBox {
  private readonly keys: { id: string; key: Buffer }[];

  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error('SecretBox needs a key');
    this.keys = keys.map((key) => {
      if (key.length !== 32) throw new Error('secret key must be 32 bytes');
      return { id: keyIdOf(key), key };
    });
  }

  seal(plain: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
  }

  /**
   * A key for one purpose (signing proof-of-work challenges, short-lived reporter tokens), derived
   * from the current key: shared by every instance that holds the key, never stored. Rotating the
   * key invalidates what was signed with the old one.
   */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.keys[0]!.key).update(`mpw:${purpose}`).digest();
  }

  open(sealed: string): string {
    const [v, id, iv, tag, ct] = sealed.split('.');
    const entry = this.keys.find((k) => k.id === id);
    if (v !== 'v1' || !entry || !iv || !tag || ct === undefined) throw new Error('cannot open sealed value (unknown key or format)');
    const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  }
}

function keyIdOf(key: Buffer): string {
  return createCipheriv('aes-256-gcm', key, Buffer.alloc(12)).update(Buffer.alloc(8)).toString('hex');
}

/** Env value (hex; comma-separated, current first, then older keys) wins; otherwise keyDir/secret.key (hex), created with mode 0600 on first use. Older keys: secret.key.old-*. */
export function loadSecretBox(envHex: string | undefined, keyDir: string): SecretBox {
  if (envHex) return new SecretBox(envHex.split(',').map((k) => Buffer.from(k.trim(), 'hex')));
  const file = path.join(keyDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const current = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  const old = readdirSync(keyDir)
    .filter((f) => f.startsWith('secret.key.old'))
    .map((f) => Buffer.from(readFileSync(path.join(keyDir, f), 'utf8').trim(), 'hex'));
  return new SecretBox([current, ...old]);
}
