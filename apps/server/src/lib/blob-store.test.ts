import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { BlobTooLargeError, blobStoreFor, byteLimit, createFsBlobStore } from './blob-store.js';

const tmpRoot = () => mkdtempSync(path.join(os.tmpdir(), 'mpw-blobs-'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under a folder, relative, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** A stream of `n` chunks of `size` bytes each. */
function chunks(n: number, size: number, fill = 0x61): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < n; i++) yield Buffer.alloc(size, fill);
  })());
}

describe('filesystem blob store', () => {
  it('stores content under its hash, once, however it arrives', async () => {
    const root = tmpRoot();
    const store = createFsBlobStore(root);
    const content = Buffer.alloc(3 * 65536, 0x61);
    const a = await store.put(content);
    const b = await store.put(chunks(3, 65536));
    expect(a).toEqual({ sha256: sha(content), size: content.length });
    expect(b).toEqual(a);
    expect(filesUnder(root)).toEqual([path.join(a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256)]);
    expect(statSync(path.join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256)).mode & 0o777).toBe(0o600);
    expect(await buffer(store.get(a.sha256))).toEqual(content);
    expect(await store.has(a.sha256)).toBe(true);
    expect(await store.has(sha(Buffer.from('other')))).toBe(false);
    expect(await store.has('../../etc/passwd')).toBe(false);
    expect(() => store.get('../../etc/passwd')).toThrow(/not a sha256/);
  });

  it('errors when reading a blob that is not there', async () => {
    const store = createFsBlobStore(tmpRoot());
    await expect(buffer(store.get(sha(Buffer.from('missing'))))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('aborts a stream past the size limit and leaves no file behind', async () => {
    const root = tmpRoot();
    const store = createFsBlobStore(root);
    await expect(store.put(chunks(5, 1000), { maxBytes: 4999 })).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(store.put(Buffer.alloc(10), { maxBytes: 9 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(filesUnder(root)).toEqual([]);
    const ok = await store.put(chunks(5, 1000), { maxBytes: 5000 });
    expect(ok.size).toBe(5000);
    expect(filesUnder(root)).toHaveLength(1);
  });

  it('cleans up when the source fails midway', async () => {
    const root = tmpRoot();
    const store = createFsBlobStore(root);
    const failing = Readable.from((async function* () {
      yield Buffer.from('first part');
      throw new Error('connection reset');
    })());
    await expect(store.put(failing)).rejects.toThrow('connection reset');
    expect(filesUnder(root)).toEqual([]);
  });

  it('leaves no temporary file behind when a put fails before its file is even open', async () => {
    const root = tmpRoot();
    const store = createFsBlobStore(root);
    const failures = await Promise.allSettled(Array.from({ length: 20 }, () => store.put(Buffer.alloc(10), { maxBytes: 1 })));
    expect(failures.every((f) => f.status === 'rejected')).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(filesUnder(root)).toEqual([]);
  });

  it('survives concurrent puts of the same content', async () => {
    const root = tmpRoot();
    const store = createFsBlobStore(root);
    const content = Buffer.from('同一份凭证'.repeat(1000));
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(content)));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(filesUnder(root)).toHaveLength(1);
    expect(readFileSync(path.join(root, filesUnder(root)[0]!))).toEqual(content);
  });

  it('lives in <dataDir>/blobs, one store per data folder', async () => {
    const dataDir = tmpRoot();
    expect(blobStoreFor(dataDir)).toBe(blobStoreFor(dataDir + path.sep));
    const { sha256 } = await blobStoreFor(dataDir).put(Buffer.from('x'));
    expect(filesUnder(dataDir)).toEqual([path.join('blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
  });

  it('byteLimit passes exactly the limit and fails one byte past it', async () => {
    expect(await buffer(Readable.from([Buffer.alloc(4), Buffer.alloc(4)]).pipe(byteLimit(8)))).toHaveLength(8);
    const over = Readable.from([Buffer.alloc(4), Buffer.alloc(5)]).pipe(byteLimit(8));
    await expect(buffer(over)).rejects.toBeInstanceOf(BlobTooLargeError);
  });
});
