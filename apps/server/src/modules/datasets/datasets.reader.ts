import { Transform, type Readable, type TransformCallback } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { UnsafeContentError, ZipGuard } from './datasets.content-guard.js';

/**
 * Streaming readers of dataset files: CSV (RFC 4180, UTF-8 with or without BOM, or GB18030),
 * XLSX (first sheet) and JSON (an array of objects keyed like the CSV header). They yield one
 * record at a time and never hold the whole file, so memory stays flat for any file size.
 */

export type DatasetFormat = 'csv' | 'xlsx' | 'json';

export interface RawRecord {
  /** CSV: the line where the record starts (1-based); XLSX: the sheet row; JSON: the object's position (1-based). */
  line: number;
  cells: string[];
  /** JSON only: the keys of this object, in the role of the header. */
  header?: string[];
}

/** What the reader found out about the file while reading it. */
export interface ReadState {
  encoding: 'utf-8' | 'gb18030' | null;
}

/** The file cannot be read at all (wrong format, broken encoding, malformed quoting): refused as a whole. */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** How many leading bytes decide the encoding. */
const SNIFF_BYTES = 64 * 1024;
/** A JSON object bigger than this is not a row of a department file. */
const MAX_JSON_OBJECT_CHARS = 1024 * 1024;

export function formatOfFileName(fileName: string): DatasetFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'xlsx' ? 'xlsx' : ext === 'json' ? 'json' : 'csv';
}

/** The encoding of a text file's first bytes: a BOM or valid UTF-8 means UTF-8, anything else GB18030. */
export function sniffEncoding(head: Buffer, complete: boolean): 'utf-8' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    // `stream` tolerates a multibyte character cut at the end of an incomplete head.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * Bytes → text. The encoding is decided on the first 64 KB; UTF-8 is then decoded strictly,
 * so a file that turns out not to be UTF-8 further on is refused rather than garbled.
 * Line breaks are normalised to LF, the only record separator the CSV splitter knows.
 */
class TextDecoding extends Transform {
  private head: Buffer[] = [];
  private headBytes = 0;
  private bytesSeen = 0;
  private decode: ((chunk: Buffer | null) => string) | null = null;
  private carryCr = false;

  constructor(private readonly state: ReadState) {
    super({ decodeStrings: true });
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.decode) this.emit_(this.decode(chunk));
      else {
        this.head.push(chunk);
        this.headBytes += chunk.length;
        if (this.headBytes >= SNIFF_BYTES) this.start(false);
      }
      this.bytesSeen += chunk.length;
      done();
    } catch (err) {
      done(this.explain(err));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.decode) this.start(true);
      this.emit_(this.decode!(null));
      if (this.carryCr) this.push('\n');
      done();
    } catch (err) {
      done(this.explain(err));
    }
  }

  private start(complete: boolean) {
    const head = Buffer.concat(this.head);
    this.head = [];
    if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) {
      throw new UnreadableFileError('文件内容是XLSX（Excel）工作簿而不是CSV文本，请以 .xlsx 为扩展名导入');
    }
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new UnreadableFileError('文件是UTF-16编码，请另存为UTF-8或GB18030编码的CSV');
    }
    if (head.includes(0)) throw new UnreadableFileError('文件不是文本（CSV）文件：含有二进制内容');
    const encoding = sniffEncoding(head.subarray(0, SNIFF_BYTES), complete && head.length <= SNIFF_BYTES);
    this.state.encoding = encoding;
    if (encoding === 'utf-8') {
      const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      this.decode = (chunk) => (chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
    } else {
      const decoder = iconv.getDecoder('gb18030');
      this.decode = (chunk) => (chunk ? decoder.write(chunk) : (decoder.end() ?? ''));
    }
    if (head.length) this.emit_(this.decode(head));
  }

  private emit_(text: string) {
    if (!text) return;
    let t = this.carryCr ? `\r${text}` : text;
    this.carryCr = t.endsWith('\r');
    if (this.carryCr) t = t.slice(0, -1);
    if (t) this.push(t.replace(/\r\n?/g, '\n'));
  }

  private explain(err: unknown): Error {
    if (err instanceof UnreadableFileError) return err;
    if (err instanceof TypeError) {
      return new UnreadableFileError(`文件编码无法识别：开头按UTF-8读取，但第${this.bytesSeen}字节之后不是有效的UTF-8（请统一使用UTF-8或GB18030编码）`);
    }
    return err as Error;
  }
}

/** Pipes `input` into `next`, handing an error of either to `next`'s reader. */
function feed<T extends NodeJS.WritableStream & Readable>(input: Readable, next: T): T {
  input.on('error', (err) => next.destroy(err));
  input.pipe(next);
  return next;
}

/** A record (with its quoted line breaks) longer than this is not a row of a department file. */
const MAX_CSV_RECORD_CHARS = 16 * 1024 * 1024;

class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * RFC 4180 records from text with LF line breaks, fed in pieces: comma-separated fields, a field
 * that starts with a double quote runs to the closing quote (commas, line breaks and doubled
 * quotes inside), anything else after a closing quote or a quote inside an unquoted field is an
 * error. Blank lines and records whose cells are all blank are skipped; every record carries the
 * line it starts on. A line without quotes (nearly every line) is split as it is.
 */
export class CsvRecordSplitter {
  private rest = '';
  /** The line number of the first character of `rest`. */
  private line = 1;
  private first = true;

  /** The complete records in `rest + text`; an unfinished one waits for the next piece. */
  push(text: string): RawRecord[] {
    return this.run(this.rest + text, false);
  }

  /** The last record (the text need not end with a line break). */
  end(): RawRecord[] {
    const out = this.run(this.rest, true);
    this.rest = '';
    return out;
  }

  private run(text: string, final: boolean): RawRecord[] {
    if (this.first && text.length) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: RawRecord[] = [];
    let pos = 0;
    const n = text.length;
    // The next quote at or after pos (-1: none left), looked up again only once passed.
    let quote = text.indexOf('"');
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = n;
      }
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || quote > nl) {
        // No quote on this line: the record is the line.
        if (nl > pos) {
          const cells = text.slice(pos, nl).split(',');
          if (!isBlank(cells)) out.push({ line: this.line, cells });
        }
        this.line++;
        pos = nl + 1;
        continue;
      }
      const r = this.quoted(text, pos, final);
      if (!r) break;
      if (!isBlank(r.cells)) out.push({ line: this.line, cells: r.cells });
      this.line += r.lines;
      pos = r.next;
    }
    this.rest = pos < n ? text.slice(pos) : '';
    if (this.rest.length > MAX_CSV_RECORD_CHARS) throw new CsvSyntaxError(this.line, `第${this.line}行开始的一条记录超过${MAX_CSV_RECORD_CHARS / 1024 / 1024}MB，可能是引号没有闭合`);
    return out;
  }

  /** One record with quotes from `start`; null when the text ends inside it (more is coming). */
  private quoted(text: string, start: number, final: boolean): { cells: string[]; next: number; lines: number } | null {
    const cells: string[] = [];
    const n = text.length;
    let pos = start;
    let lines = 1;
    for (;;) {
      // At the start of a field.
      if (pos < n && text.charCodeAt(pos) === 34) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            if (!final) return null;
            throw new CsvSyntaxError(this.line, `第${this.line}行开始的引号没有闭合`);
          }
          if (q + 1 >= n && !final) return null;
          const piece = text.slice(from, q);
          value += piece;
          lines += countBreaks(piece);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        cells.push(value);
        if (pos >= n) return { cells, next: pos, lines };
        const c = text.charCodeAt(pos);
        if (c === 44) {
          pos++;
          continue;
        }
        if (c === 10) return { cells, next: pos + 1, lines };
        throw new CsvSyntaxError(this.line + lines - 1, `第${this.line + lines - 1}行第${cells.length}列的引号后面应是逗号或换行，却是“${text[pos]}”（内容中的引号应写作两个引号）`);
      }
      // An unquoted field: up to the next comma or line break; a quote inside it is an error.
      let end = pos;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10) break;
        if (c === 34) throw new CsvSyntaxError(this.line + lines - 1, `第${this.line + lines - 1}行第${cells.length + 1}列的内容中间有引号（含引号或逗号的内容应整格用引号括起，内容中的引号写作两个引号）`);
        end++;
      }
      if (end >= n && !final) return null;
      cells.push(text.slice(pos, end));
      if (end >= n) return { cells, next: end, lines };
      if (text.charCodeAt(end) === 10) return { cells, next: end + 1, lines };
      pos = end + 1;
    }
  }
}

function countBreaks(s: string): number {
  let k = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) k++;
  return k;
}

/** Records whose cells are all blank are skipped like blank lines. */
function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

async function* readCsvBatches(input: Readable, state: ReadState): AsyncGenerator<RawRecord[]> {
  const text = feed(input, new TextDecoding(state));
  const splitter = new CsvRecordSplitter();
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      const records = splitter.push(chunk);
      if (records.length) yield records;
    }
    const last = splitter.end();
    if (last.length) yield last;
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new UnreadableFileError(`文件不是有效的CSV（第${err.line}行附近）：${err.message}`);
    throw err;
  } finally {
    text.destroy();
  }
}

/** An XLSX cell value as the text a CSV would have held. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return '';
  }
  return String(v);
}

async function* readXlsx(input: Readable, state: ReadState): AsyncGenerator<RawRecord> {
  state.encoding = null;
  // The workbook reader sees each chunk only after the guard has inflated and counted it.
  const guarded = feed(input, new ZipGuard());
  // The workbook reader does not hear of an error of its input stream: a refusal ends the wait here.
  let failure: Error | null = null;
  let interrupt: ((err: Error) => void) | null = null;
  guarded.once('error', (err) => {
    failure = err;
    interrupt?.(err);
  });
  const next = <T>(it: AsyncIterator<T>) =>
    new Promise<IteratorResult<T>>((resolve, reject) => {
      if (failure) return reject(failure);
      interrupt = reject;
      it.next().then(resolve, reject);
    });
  // Styles are needed to tell dates from numbers; shared strings are cached (one copy per distinct text).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(guarded, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  let first = true;
  try {
    const sheets = reader[Symbol.asyncIterator]();
    for (let sheet = await next(sheets); !sheet.done; sheet = await next(sheets)) {
      const rows = sheet.value[Symbol.asyncIterator]();
      for (let row = await next(rows); !row.done; row = await next(rows)) {
        if (!first) continue;
        const values = row.value.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (cells.some((c) => c.trim() !== '')) yield { line: row.value.number, cells };
      }
      first = false;
    }
    if (failure) throw failure;
  } catch (err) {
    const cause = failure ?? err;
    if (cause instanceof UnreadableFileError) throw cause;
    if (cause instanceof UnsafeContentError) throw new UnreadableFileError(cause.message);
    throw new UnreadableFileError(`文件不是有效的XLSX（Excel）工作簿：${(cause as Error).message}`);
  } finally {
    guarded.destroy();
  }
}

function jsonCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * A top-level JSON array split into its elements as they stream by (strings and nesting
 * tracked), each element parsed on its own.
 */
async function* readJson(input: Readable, state: ReadState): AsyncGenerator<RawRecord> {
  const text = feed(input, new TextDecoding(state));
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let position = 0;
  let done = false;
  const bad = (why: string) => new UnreadableFileError(`JSON 内容无效：${why}（应为对象数组，如 [{"id_number": "…"}]）`);
  for await (const chunk of text as AsyncIterable<string>) {
    let start = depth >= 2 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (depth >= 2) {
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') inString = false;
          continue;
        }
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 1) {
            element += chunk.slice(start, i + 1);
            start = -1;
            let obj: unknown;
            try {
              obj = JSON.parse(element);
            } catch (err) {
              throw bad(`第${position + 1}个对象无法解析：${(err as Error).message}`);
            }
            element = '';
            position++;
            const entries = Object.entries(obj as Record<string, unknown>);
            yield { line: position, header: entries.map(([k]) => k), cells: entries.map(([, v]) => jsonCell(v)) };
          }
        }
        continue;
      }
      if (/\s/.test(ch)) continue;
      if (done) throw bad('数组结束后还有内容');
      if (depth === 0) {
        if (ch !== '[') throw bad('不是数组');
        depth = 1;
      } else if (ch === ',') continue;
      else if (ch === ']') {
        depth = 0;
        done = true;
      } else if (ch === '{') {
        depth = 2;
        start = i;
      } else throw bad(`第${position + 1}个元素不是对象`);
    }
    if (start >= 0) {
      element += chunk.slice(start);
      if (element.length > MAX_JSON_OBJECT_CHARS) throw bad(`第${position + 1}个对象过大`);
    }
  }
  if (!done && (depth > 0 || position > 0)) throw bad('内容不完整');
}

/** Records one at a time gathered into arrays, so that a reader of millions of rows awaits per array. */
async function* gather(records: AsyncGenerator<RawRecord>, size = 1000): AsyncGenerator<RawRecord[]> {
  let batch: RawRecord[] = [];
  for await (const r of records) {
    batch.push(r);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * The records of a file in arrays, in order, header first (CSV and XLSX; JSON objects carry
 * their own keys). Streaming as readRecords; the arrays are what a chunk of the file held.
 */
export function readRecordBatches(input: Readable, format: DatasetFormat, state: ReadState): AsyncGenerator<RawRecord[]> {
  if (format === 'xlsx') return gather(readXlsx(input, state));
  if (format === 'json') return gather(readJson(input, state));
  return readCsvBatches(input, state);
}

/** The records of a file, header first (CSV and XLSX; JSON objects carry their own keys). */
export async function* readRecords(input: Readable, format: DatasetFormat, state: ReadState): AsyncGenerator<RawRecord> {
  for await (const batch of readRecordBatches(input, format, state)) yield* batch;
}
