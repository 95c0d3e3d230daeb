import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * A minimal streaming ustar writer and reader: regular files only, names up to 100 bytes,
 * which is all a backup archive holds. Any tar program reads what this writes.
 */

const BLOCK = 512;
const ZERO_BLOCK = Buffer.alloc(BLOCK);

export class ArchiveFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveFormatError';
  }
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar entry name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  nameBytes.copy(h, 0);
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export class TarWriter {
  private readonly mtime = new Date();

  constructor(private readonly out: Writable) {}

  /** Adds a file of exactly `size` bytes; fails when the source yields more or fewer. */
  async add(name: string, size: number, source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
    await write(this.out, header(name, size, this.mtime));
    let written = 0;
    for await (const chunk of source) {
      written += chunk.length;
      if (written > size) throw new Error(`${name} grew while it was archived`);
      await write(this.out, chunk);
    }
    if (written !== size) throw new Error(`${name} shrank while it was archived`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await write(this.out, ZERO_BLOCK.subarray(0, pad));
  }

  addBuffer(name: string, data: Buffer): Promise<void> {
    return this.add(name, data.length, [data]);
  }

  /** The end-of-archive marker; the caller ends the stream. */
  async finish(): Promise<void> {
    await write(this.out, Buffer.concat([ZERO_BLOCK, ZERO_BLOCK]));
  }
}

/** Reads exact byte counts from a stream of chunks, holding at most one chunk. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer>;
  private ended = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.it.next();
    if (r.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    return true;
  }

  /** `n` bytes, or null at a clean end of the stream. */
  async exact(n: number): Promise<Buffer | null> {
    while (this.buf.length < n) {
      if (!(await this.fill())) {
        if (this.buf.length === 0) return null;
        throw new ArchiveFormatError('备份文件被截断 (the archive is truncated)');
      }
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) throw new ArchiveFormatError('备份文件被截断 (the archive is truncated)');
      const take = Math.min(left, this.buf.length);
      const out = this.buf.subarray(0, take);
      this.buf = this.buf.subarray(take);
      left -= take;
      yield out;
    }
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; whatever the consumer leaves unread is skipped. */
  body: AsyncIterable<Buffer>;
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? b.length : end).toString('utf8');
}

function parseHeader(h: Buffer): { name: string; size: number; type: string } {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  const stored = parseInt(cString(h.subarray(148, 156)).trim(), 8);
  if (stored !== sum) throw new ArchiveFormatError('备份文件不是有效的归档（校验和错误）(bad tar header checksum)');
  const prefix = h.subarray(257, 262).toString('ascii') === 'ustar' ? cString(h.subarray(345, 500)) : '';
  const name = cString(h.subarray(0, 100));
  const size = parseInt(cString(h.subarray(124, 136)).trim() || '0', 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveFormatError('备份文件不是有效的归档 (bad tar entry size)');
  return { name: prefix ? `${prefix}/${name}` : name, size, type: String.fromCharCode(h[156]!) };
}

/** The regular files of a tar stream, in order. Consume (or abandon) each body before asking for the next entry. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source);
  for (;;) {
    const h = await reader.exact(BLOCK);
    if (h === null || h.equals(ZERO_BLOCK)) return;
    const { name, size, type } = parseHeader(h);
    let consumed = 0;
    const padded = size + ((BLOCK - (size % BLOCK)) % BLOCK);
    const body = (async function* () {
      for await (const chunk of reader.chunks(size)) {
        consumed += chunk.length;
        yield chunk;
      }
    })();
    if (type === '0' || type === '\0') yield { name, size, body };
    // Skip what the consumer did not read, then the padding.
    for await (const chunk of reader.chunks(size - consumed)) consumed += chunk.length;
    for await (const _ of reader.chunks(padded - size)) void _;
  }
}
