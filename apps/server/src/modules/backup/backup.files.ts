import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AppError, ErrorCode } from '../../lib/errors.js';
import { isSha256Hex } from '../../lib/blob-store.js';

/** Files on disk for backup and restore: hashed writes, durable renames, the blob store's layout. */

async function writeChunk(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function closeStream(out: Writable): Promise<void> {
  out.end();
  if (!out.writableFinished) await once(out, 'finish');
}

/** Writes chunks to a new file (mode 0600), returning its SHA-256 and size. */
export async function writeHashed(file: string, fill: (write: (chunk: Buffer) => Promise<void>) => Promise<void>): Promise<{ sha256: string; bytes: number }> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await fill(async (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
      await writeChunk(out, chunk);
    });
    await closeStream(out);
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function fsyncPath(p: string): Promise<void> {
  try {
    const fh = await open(p, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* some filesystems refuse to sync a directory: only durability is weaker */
  }
}

export const blobRoot = (dataDir: string) => path.join(path.resolve(dataDir), 'blobs');

/** Every blob of a store, by the fan-out layout `<aa>/<bb>/<sha256>` of the blob store. */
export async function listBlobs(root: string): Promise<{ sha256: string; size: number; file: string }[]> {
  const out: { sha256: string; size: number; file: string }[] = [];
  const dirs = async (dir: string) => (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)).map((d) => d.name);
  for (const a of (await dirs(root)).sort()) {
    for (const b of (await dirs(path.join(root, a))).sort()) {
      const names = (await readdir(path.join(root, a, b))).filter((n) => isSha256Hex(n) && n.startsWith(a + b)).sort();
      for (const sha256 of names) {
        const file = path.join(root, a, b, sha256);
        out.push({ sha256, size: (await stat(file)).size, file });
      }
    }
  }
  return out;
}

export async function hasBlobs(root: string): Promise<boolean> {
  const entries = await readdir(root).catch(() => [] as string[]);
  return entries.some((e) => e !== 'tmp');
}

/** A blob's bytes, failing when they no longer match their name (the store's copy is damaged). */
export async function* verifiedBlob(file: string, sha256: string): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    yield chunk;
  }
  if (hash.digest('hex') !== sha256) throw new AppError(ErrorCode.INTERNAL, { message: `附件文件 ${sha256} 已损坏（内容与其 SHA-256 不符），备份中止 (a stored file is damaged)` });
}
