import { once } from 'node:events';
import { Transform, type TransformCallback } from 'node:stream';
import { createInflateRaw, type InflateRaw } from 'node:zlib';

/**
 * Checks on the bytes of a department file before anything reads it as a workbook: an XLSX is
 * a zip archive, and an archive can be a decompression bomb (a few KB that inflate to
 * gigabytes: the workbook reader would write them to temporary files and parse them), hold
 * entries named like `../../etc/passwd`, or nest further archives. The guard walks the
 * archive the way the streaming reader (unzipper, inside ExcelJS) does, inflates every entry
 * itself and counts what comes out, and passes each chunk on only after it has been checked,
 * so the reader never gets ahead of it.
 */

export interface ZipLimits {
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed for one entry, applied once the entry passes `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const XLSX_LIMITS: ZipLimits = {
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 1000,
};

/**
 * The file is refused as a whole; the message says why, in the words shown to the uploader.
 * `kind`: 'empty' (0 bytes), 'type' (the content is not what the format says), 'unsafe' (a hostile archive).
 */
export class UnsafeContentError extends Error {
  constructor(
    message: string,
    readonly kind: 'empty' | 'type' | 'unsafe' = 'unsafe',
  ) {
    super(message);
    this.name = 'UnsafeContentError';
  }
}

const LOCAL_FILE = 0x04034b50;
const CENTRAL_FILE = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const DATA_DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const END_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const EMPTY = Buffer.alloc(0);
const NESTED_ARCHIVE_NAME = /\.(zip|xlsx|xlsm|xlsb|docx|pptx|jar|7z|rar|gz|tgz|bz2|xz|tar|cab)$/i;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Why an entry name is refused (null: acceptable). Names are never used as paths, but a workbook has no reason to carry such names. */
export function unsafeEntryName(name: string): string | null {
  if (!name) return '压缩包内有无名称的条目';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return '压缩包内条目名称含有控制字符';
  if (name.includes('\\')) return `压缩包内条目名称含有反斜杠：${name.slice(0, 80)}`;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `压缩包内条目使用了绝对路径：${name.slice(0, 80)}`;
  if (name.split('/').some((segment) => segment === '..')) return `压缩包内条目名称含有“..”（路径穿越）：${name.slice(0, 80)}`;
  return null;
}

/** Looks a zip archive over as it streams by; see the module comment. */
export class ZipGuard extends Transform {
  private buf: Buffer = EMPTY;
  private state: 'signature' | 'local' | 'data' | 'scan' | 'descriptor' | 'central' | 'end' | 'seek-end' | 'done' = 'signature';
  private entries = 0;
  private totalOut = 0;
  private reachedCentral = false;
  /** The entry being read. */
  private entry: { name: string; inflater: InflateRaw | null; remaining: number; inBytes: number; outBytes: number; head: Buffer } | null = null;
  private failure: UnsafeContentError | null = null;

  constructor(private readonly limits: ZipLimits = XLSX_LIMITS) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    this.run().then(() => done(null, chunk), (err: Error) => done(err));
  }

  override _flush(done: TransformCallback): void {
    if (this.state === 'signature' && !this.reachedCentral && this.entries === 0 && this.buf.length === 0) return done(new UnsafeContentError('文件为空', 'empty'));
    if (this.state !== 'done') return done(new UnsafeContentError('文件不是完整的XLSX（Excel）工作簿：压缩包不完整'));
    done();
  }

  override _destroy(err: Error | null, cb: (error: Error | null) => void): void {
    this.entry?.inflater?.destroy();
    cb(err);
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      switch (this.state) {
        case 'done':
          this.buf = EMPTY;
          return;
        case 'signature': {
          if (this.buf.length < 4) return;
          const sig = this.buf.readUInt32LE(0);
          if (sig === LOCAL_FILE) this.state = 'local';
          else if (sig === CENTRAL_FILE) {
            this.reachedCentral = true;
            this.state = 'central';
          } else if (sig === END_OF_CENTRAL) this.state = 'end';
          else if (this.reachedCentral) this.state = 'seek-end';
          else if (this.entries === 0) throw new UnsafeContentError(`文件内容不是XLSX（Excel）工作簿${describeHead(this.buf) ? `，而是${describeHead(this.buf)}` : ''}`, 'type');
          else throw new UnsafeContentError('XLSX（Excel）工作簿的压缩包结构异常');
          continue;
        }
        case 'local': {
          if (this.buf.length < 30) return;
          const flags = this.buf.readUInt16LE(6);
          const method = this.buf.readUInt16LE(8);
          let compressed = this.buf.readUInt32LE(18);
          const nameLength = this.buf.readUInt16LE(26);
          const extraLength = this.buf.readUInt16LE(28);
          if (this.buf.length < 30 + nameLength + extraLength) return;
          const name = this.buf.toString('utf8', 30, 30 + nameLength);
          const extra = this.buf.subarray(30 + nameLength, 30 + nameLength + extraLength);
          this.buf = this.buf.subarray(30 + nameLength + extraLength);
          if (++this.entries > this.limits.maxEntries) throw new UnsafeContentError(`XLSX（Excel）工作簿的压缩包条目超过${this.limits.maxEntries}个，已拒绝`);
          const why = unsafeEntryName(name);
          if (why) throw new UnsafeContentError(why);
          if (NESTED_ARCHIVE_NAME.test(name)) throw new UnsafeContentError(`压缩包内嵌套了压缩包（${name.slice(0, 80)}），已拒绝`);
          if (flags & 0x01) throw new UnsafeContentError('XLSX（Excel）工作簿已加密，请取消密码后再导入');
          if (method !== 0 && method !== 8) throw new UnsafeContentError(`XLSX（Excel）工作簿使用了不支持的压缩方式（${method}）`);
          if (compressed === 0xffffffff) compressed = zip64CompressedSize(extra) ?? compressed;
          const sizeKnown = !(flags & 0x08) || compressed > 0;
          this.entry = { name, inflater: method === 8 ? this.inflater() : null, remaining: sizeKnown ? compressed : 0, inBytes: 0, outBytes: 0, head: EMPTY };
          this.state = sizeKnown ? 'data' : 'scan';
          continue;
        }
        case 'data': {
          const entry = this.entry!;
          if (entry.remaining > 0) {
            if (this.buf.length === 0) return;
            const take = Math.min(entry.remaining, this.buf.length);
            const piece = this.buf.subarray(0, take);
            this.buf = this.buf.subarray(take);
            entry.remaining -= take;
            await this.feed(piece);
            if (entry.remaining > 0) return;
          }
          await this.closeEntry();
          this.state = 'signature';
          continue;
        }
        case 'scan': {
          // Size given after the data: the data runs to the first descriptor signature, as the reader sees it.
          const at = this.buf.indexOf(DATA_DESCRIPTOR);
          if (at === -1) {
            const keep = Math.min(this.buf.length, DATA_DESCRIPTOR.length - 1);
            const piece = this.buf.subarray(0, this.buf.length - keep);
            this.buf = this.buf.subarray(this.buf.length - keep);
            if (piece.length) await this.feed(piece);
            return;
          }
          const piece = this.buf.subarray(0, at);
          this.buf = this.buf.subarray(at);
          if (piece.length) await this.feed(piece);
          await this.closeEntry();
          this.state = 'descriptor';
          continue;
        }
        case 'descriptor':
          if (this.buf.length < 16) return;
          this.buf = this.buf.subarray(16);
          this.state = 'signature';
          continue;
        case 'central': {
          if (this.buf.length < 46) return;
          const skip = 46 + this.buf.readUInt16LE(28) + this.buf.readUInt16LE(30) + this.buf.readUInt16LE(32);
          if (this.buf.length < skip) return;
          this.buf = this.buf.subarray(skip);
          this.state = 'signature';
          continue;
        }
        case 'seek-end': {
          const at = this.buf.indexOf(END_SIGNATURE);
          if (at === -1) {
            this.buf = this.buf.subarray(Math.max(0, this.buf.length - 3));
            return;
          }
          this.buf = this.buf.subarray(at);
          this.state = 'end';
          continue;
        }
        case 'end': {
          if (this.buf.length < 22) return;
          this.state = 'done';
          continue;
        }
      }
    }
  }

  private inflater(): InflateRaw {
    const inflater = createInflateRaw();
    inflater.on('data', (out: Buffer) => this.counted(out));
    inflater.on('error', () => {
      this.failure ??= new UnsafeContentError(`XLSX（Excel）工作簿中的“${this.entry?.name.slice(0, 80) ?? ''}”压缩数据已损坏`);
    });
    return inflater;
  }

  /** Counts inflated bytes against the limits; the first bytes tell a nested archive. */
  private counted(out: Buffer) {
    const entry = this.entry;
    if (!entry || this.failure) return;
    if (entry.head.length < 4) entry.head = Buffer.concat([entry.head, out.subarray(0, 4 - entry.head.length)]);
    entry.outBytes += out.length;
    this.totalOut += out.length;
    const { maxTotalBytes, maxRatio, ratioFloorBytes } = this.limits;
    if (this.totalOut > maxTotalBytes) {
      this.failure = new UnsafeContentError(`XLSX（Excel）工作簿解压后超过${mb(maxTotalBytes)}（疑似压缩炸弹），已拒绝`);
    } else if (entry.outBytes > ratioFloorBytes && entry.outBytes > maxRatio * Math.max(entry.inBytes, 1)) {
      this.failure = new UnsafeContentError(`XLSX（Excel）工作簿中的“${entry.name.slice(0, 80)}”压缩比超过${maxRatio}倍（疑似压缩炸弹），已拒绝`);
    }
    if (this.failure) entry.inflater?.destroy();
  }

  /** Inflates a piece of the entry and waits until the output is counted. */
  private async feed(piece: Buffer): Promise<void> {
    const entry = this.entry!;
    entry.inBytes += piece.length;
    if (!entry.inflater) {
      this.counted(piece);
      return;
    }
    const inflater = entry.inflater;
    if (this.failure || inflater.destroyed) return;
    // The write callback follows the output of the piece; a destroyed inflater (limit passed) closes instead.
    await new Promise<void>((resolve) => {
      const settle = () => {
        inflater.off('close', settle);
        resolve();
      };
      inflater.once('close', settle);
      inflater.write(piece, settle);
    });
  }

  private async closeEntry(): Promise<void> {
    const entry = this.entry!;
    const inflater = entry.inflater;
    if (inflater && !inflater.destroyed && !this.failure) {
      inflater.end();
      await Promise.race([once(inflater, 'end'), once(inflater, 'close')]).catch(() => undefined);
    }
    if (this.failure) throw this.failure;
    if ((entry.head.length >= 4 && entry.head.readUInt32LE(0) === LOCAL_FILE) || (entry.head[0] === 0x1f && entry.head[1] === 0x8b)) {
      throw new UnsafeContentError(`压缩包内嵌套了压缩包（${entry.name.slice(0, 80)}），已拒绝`);
    }
    this.entry = null;
  }
}

/** The compressed size from a Zip64 extra field (local header: uncompressed then compressed size). */
function zip64CompressedSize(extra: Buffer): number | null {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001 && size >= 16 && at + 20 <= extra.length) return Number(extra.readBigUInt64LE(at + 12));
    at += 4 + size;
  }
  return null;
}

/** Binary formats a text file (CSV, JSON) is sometimes confused with, by their first bytes. */
const BINARY_SIGNATURES: { magic: Buffer; name: string }[] = [
  { magic: Buffer.from('PK\x03\x04', 'latin1'), name: 'XLSX（Excel）工作簿或ZIP压缩包' },
  { magic: Buffer.from('PK\x05\x06', 'latin1'), name: 'ZIP压缩包' },
  { magic: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), name: '旧版Excel（.xls）或Word文件' },
  { magic: Buffer.from('%PDF-', 'latin1'), name: 'PDF文件' },
  { magic: Buffer.from([0x89, 0x50, 0x4e, 0x47]), name: 'PNG图片' },
  { magic: Buffer.from([0xff, 0xd8, 0xff]), name: 'JPEG图片' },
  { magic: Buffer.from('GIF8', 'latin1'), name: 'GIF图片' },
  { magic: Buffer.from([0x1f, 0x8b]), name: 'GZIP压缩包' },
  { magic: Buffer.from('Rar!', 'latin1'), name: 'RAR压缩包' },
  { magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), name: '7z压缩包' },
  { magic: Buffer.from([0x7f, 0x45, 0x4c, 0x46]), name: '可执行程序' },
];

/** What the first bytes say the file is, in words, or null when they are no known binary format. */
export function describeHead(head: Buffer): string | null {
  for (const s of BINARY_SIGNATURES) if (head.length >= s.magic.length && head.subarray(0, s.magic.length).equals(s.magic)) return s.name;
  return null;
}

const FORMAT_NAMES = { csv: 'CSV文本', json: 'JSON文本', xlsx: 'XLSX（Excel）工作簿' } as const;

/**
 * Decides from the first bytes whether a text file (CSV, JSON) is one: empty files and known
 * binary formats (a workbook or an archive named .csv, a picture, a program) are refused. Finer
 * checks (encoding, UTF-16) stay with the reader, which reports them.
 */
export class TextHeadGuard extends Transform {
  private head: Buffer[] = [];
  private headLength = 0;
  private decided = false;

  constructor(private readonly format: 'csv' | 'json') {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.decided) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < 16) return done();
    this.decide(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.decided) return done();
    if (this.headLength === 0) return done(new UnsafeContentError('文件为空', 'empty'));
    this.decide(done);
  }

  private decide(done: TransformCallback) {
    this.decided = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    const found = describeHead(head);
    if (found) return done(new UnsafeContentError(`文件内容是${found}，不是${FORMAT_NAMES[this.format]}${found.startsWith('XLSX') ? '（XLSX工作簿请以 .xlsx 为扩展名导入）' : ''}`, 'type'));
    done(null, head);
  }
}

/** The check a department file of a format passes through before it is stored. */
export function contentGuard(format: 'csv' | 'json' | 'xlsx', limits: ZipLimits = XLSX_LIMITS): Transform {
  return format === 'xlsx' ? new ZipGuard(limits) : new TextHeadGuard(format);
}
