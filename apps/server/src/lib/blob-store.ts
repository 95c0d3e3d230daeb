import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where file contents live: addressed by their SHA-256, stored once however many records
 * point at them. Kept this small on purpose so that an S3-compatible store can replace the
 * filesystem one; several app instances need a shared volume or such a store.
 */
export interface BlobStore {
  /** Stores the bytes (streamed); with `maxBytes`, a longer input fails with BlobTooLargeError and leaves nothing behind. */
  put(data: Readable | Buffer, opts?: { maxBytes?: number }): Promise<{ sha256: string; size: number }>;
  /** The stored bytes; the stream errors when the blob does not exist. */
  get(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`content exceeds ${limit} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Passes bytes through and fails with BlobTooLargeError as soon as more than `maxBytes` went by. */
export function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new BlobTooLargeError(maxBytes));
      done(null, chunk);
    },
  });
}

/** Files under `<root>/<aa>/<bb>/<sha256>`, written to `<root>/tmp` first and renamed into place. */
export function createFsBlobStore(root: string): BlobStore {
  const tmpDir = path.join(root, 'tmp');
  const pathOf = (sha256: string) => {
    if (!isSha256Hex(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  const exists = async (file: string) => access(file).then(() => true, () => false);

  return {
    async put(data, opts = {}) {
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
      const out = createWriteStream(tmp, { mode: 0o600 });
      try {
        if (opts.maxBytes === undefined) await pipeline(source, measure, out);
        else await pipeline(source, byteLimit(opts.maxBytes), measure, out);
        await fsyncFile(tmp);
        const sha256 = hash.digest('hex');
        const final = pathOf(sha256);
        if (await exists(final)) {
          // Same content already stored: the bytes are identical, keep the first copy.
          await rm(tmp, { force: true });
        } else {
          await mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
          await rename(tmp, final);
          await fsyncDir(path.dirname(final));
        }
        return { sha256, size };
      } catch (err) {
        // A write stream destroyed before its file was open still creates the file afterwards.
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        await rm(tmp, { force: true });
        throw err;
      }
    },
    get(sha256) {
      return createReadStream(pathOf(sha256));
    },
    has(sha256) {
      return isSha256Hex(sha256) ? exists(pathOf(sha256)) : Promise.resolve(false);
    },
  };
}

async function fsyncFile(file: string) {
  const fh = await open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes the rename durable; some filesystems refuse to sync a directory, which only weakens durability. */
async function fsyncDir(dir: string) {
  try {
    await fsyncFile(dir);
  } catch {
    /* not supported here */
  }
}

const stores = new Map<string, BlobStore>();

/** The platform's blob store for a data folder: `<dataDir>/blobs`. */
export function blobStoreFor(dataDir: string): BlobStore {
  const root = path.join(path.resolve(dataDir), 'blobs');
  let store = stores.get(root);
  if (!store) {
    store = createFsBlobStore(root);
    stores.set(root, store);
  }
  return store;
}
