import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecretBox, SecretBox } from './secret-box.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function keyDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-keys-'));
  dirs.push(dir);
  return path.join(dir, 'keys');
}

/** Flips one bit of the base64 part `index` of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join('.');
}

describe('SecretBox', () => {
  it('seals and opens, with a fresh IV each time and no plaintext in the sealed form', () => {
    const box = new SecretBox([randomBytes(32)]);
    for (const plain of ['JBSWY3DPEHPK3PXP', '举报人：张三 13800000000', '']) {
      const sealed = box.seal(plain);
      expect(sealed).toMatch(/^v1\.[0-9a-f]+\.[^.]+\.[^.]+\.[^.]*$/);
      if (plain) expect(sealed).not.toContain(plain);
      expect(box.open(sealed)).toBe(plain);
    }
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a tampered ciphertext, IV or tag, and a value sealed under an unknown key', () => {
    const box = new SecretBox([randomBytes(32)]);
    const sealed = box.seal('secret seed');
    for (const index of [2, 3, 4]) expect(() => box.open(tamper(sealed, index))).toThrow();
    expect(() => box.open(sealed.replace(/^v1\./, 'v2.'))).toThrow(/unknown key or format/);
    expect(() => new SecretBox([randomBytes(32)]).open(sealed)).toThrow(/unknown key or format/);
    expect(() => box.open('garbage')).toThrow();
  });

  it('accepts only 32-byte keys', () => {
    expect(() => new SecretBox([])).toThrow();
    expect(() => new SecretBox([randomBytes(16)])).toThrow(/32 bytes/);
  });
});

describe('loadSecretBox', () => {
  it('creates the key file with mode 0600 on first use and reuses it afterwards', () => {
    const dir = keyDir();
    const box = loadSecretBox(undefined, dir);
    const file = path.join(dir, 'secret.key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const sealed = box.seal('kept across restarts');
    expect(loadSecretBox(undefined, dir).open(sealed)).toBe('kept across restarts');
  });

  it('still opens values sealed under an old key after rotation, and seals new ones under the new key', () => {
    const dir = keyDir();
    const before = loadSecretBox(undefined, dir);
    const old = before.seal('sealed before rotation');
    const oldKeyId = old.split('.')[1];

    // Rotation: keep the old key as secret.key.old-*, start a new current key.
    renameSync(path.join(dir, 'secret.key'), path.join(dir, 'secret.key.old-2026-01'));
    const after = loadSecretBox(undefined, dir);
    expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(after.open(old)).toBe('sealed before rotation');
    const fresh = after.seal('sealed after rotation');
    expect(fresh.split('.')[1]).not.toBe(oldKeyId);
    expect(after.open(fresh)).toBe('sealed after rotation');
    // The old key alone cannot open what the new key sealed.
    expect(() => before.open(fresh)).toThrow();
  });

  it('prefers the key from the environment and then writes no key file', () => {
    const dir = keyDir();
    const hex = randomBytes(32).toString('hex');
    const sealed = loadSecretBox(hex, dir).seal('from env');
    expect(existsSync(path.join(dir, 'secret.key'))).toBe(false);
    expect(new SecretBox([Buffer.from(hex, 'hex')]).open(sealed)).toBe('from env');
  });
});
