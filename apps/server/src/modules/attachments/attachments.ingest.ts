import { Transform, type TransformCallback } from 'node:stream';
import { KNOWN_EXTENSIONS, SNIFF_BYTES, sniffContentType, type SniffedType } from './attachments.sniff.js';
import { jpegMetadataStripper, passThrough, pngMetadataStripper, webpMetadataStripper, type ByteFilter } from './attachments.strip.js';

export class EmptyContentError extends Error {
  constructor() {
    super('empty file');
    this.name = 'EmptyContentError';
  }
}

export class UnsupportedContentError extends Error {
  constructor() {
    super('unsupported content type');
    this.name = 'UnsupportedContentError';
  }
}

/** The content is also another format a browser or an unzip tool would act on (a polyglot); `what` names it. */
export class PolyglotContentError extends Error {
  constructor(readonly what: string) {
    super(`content is also ${what}`);
    this.name = 'PolyglotContentError';
  }
}

/**
 * Text that makes a file something a browser runs (compared in lower case). The long markers are
 * looked for everywhere: 7 bytes or more, they do not turn up by chance in compressed picture
 * data. The short ones only in the first KiB, where browsers sniff a page.
 */
const MARKERS_ANYWHERE = ['<script', '<iframe', '<!doctype', '<object', 'javascript:', 'onload=', 'onerror='];
const MARKERS_IN_HEAD = ['<html', '<body', '<svg', '<?php', '<meta', '<a href'];
const HEAD_BYTES = 1024;
const LONGEST_MARKER = Math.max(...MARKERS_ANYWHERE.map((m) => m.length));
/** A zip reader looks for its end record in the last 22 bytes plus an up to 64 KiB comment. */
const ZIP_TAIL_BYTES = 22 + 0xffff;
const ZIP_END_OF_CENTRAL = 0x06054b50;

/** Whether the end of a file holds a zip end-of-central-directory record whose comment fits: an unzip tool would open it. */
export function hasZipEnd(tail: Buffer): boolean {
  for (let at = tail.length - 22; at >= 0; at--) {
    at = tail.lastIndexOf(0x50, at);
    if (at < 0) return false;
    if (at + 22 <= tail.length && tail.readUInt32LE(at) === ZIP_END_OF_CENTRAL && at + 22 + tail.readUInt16LE(at + 20) <= tail.length) return true;
  }
  return false;
}

/**
 * Looks at the bytes as they arrive for a second format hidden in a picture, recording or PDF:
 * markup a browser would run (an HTML page or script behind a PNG signature) or an appended
 * zip archive (a JPEG that is also a ZIP).
 */
class PolyglotScanner {
  private carry = '';
  private tail: Buffer = Buffer.alloc(0);
  private hasMarkup = false;
  private headText = '';

  write(chunk: Buffer) {
    const text = this.carry + chunk.toString('latin1').toLowerCase();
    if (this.headText.length < HEAD_BYTES) {
      this.headText += chunk.subarray(0, HEAD_BYTES - this.headText.length).toString('latin1').toLowerCase();
      if (!this.hasMarkup) this.hasMarkup = MARKERS_IN_HEAD.some((m) => this.headText.includes(m));
    }
    if (!this.hasMarkup) this.hasMarkup = MARKERS_ANYWHERE.some((m) => text.includes(m));
    this.carry = text.slice(-(LONGEST_MARKER - 1));
    this.tail = this.tail.length + chunk.length <= ZIP_TAIL_BYTES ? Buffer.concat([this.tail, chunk]) : Buffer.from(Buffer.concat([this.tail, chunk]).subarray(-ZIP_TAIL_BYTES));
  }

  /** Throws once markup was seen (called after the type is decided, so that a plain HTML file is refused as an unknown type). */
  check() {
    if (this.hasMarkup) throw new PolyglotContentError('网页代码（HTML/脚本）');
  }

  end() {
    this.check();
    if (hasZipEnd(this.tail)) throw new PolyglotContentError('ZIP压缩包');
  }
}

function filterFor(type: SniffedType): ByteFilter {
  if (type.mimeType === 'image/jpeg') return jpegMetadataStripper();
  if (type.mimeType === 'image/png') return pngMetadataStripper();
  if (type.mimeType === 'image/webp') return webpMetadataStripper();
  return passThrough();
}

/**
 * Decides the content type from the first bytes (the client's word is never asked), refuses
 * what is not accepted or is also another format (a polyglot), and strips picture metadata on
 * the way through. `detected` is set once the type is known.
 */
export class SanitizingStream extends Transform {
  detected: SniffedType | null = null;
  private head: Buffer[] = [];
  private headLength = 0;
  private byteFilter: ByteFilter | null = null;
  private readonly polyglots = new PolyglotScanner();

  constructor(private readonly opts: { allowAudio: boolean }) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      this.polyglots.write(chunk);
      if (this.byteFilter) {
        this.pushAll(this.byteFilter.write(chunk));
      } else {
        this.head.push(chunk);
        this.headLength += chunk.length;
        if (this.headLength >= SNIFF_BYTES) this.decide();
      }
      if (this.byteFilter) this.polyglots.check();
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback) {
    try {
      if (!this.byteFilter) {
        if (this.headLength === 0) throw new EmptyContentError();
        this.decide();
      }
      this.polyglots.end();
      this.pushAll(this.byteFilter!.end());
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  private decide() {
    const head = Buffer.concat(this.head);
    this.head = [];
    const type = sniffContentType(head);
    if (!type || (type.kind === 'audio' && !this.opts.allowAudio)) throw new UnsupportedContentError();
    this.detected = type;
    this.byteFilter = filterFor(type);
    this.pushAll(this.byteFilter.write(head));
  }

  private pushAll(chunks: Buffer[]) {
    for (const c of chunks) if (c.length) this.push(c);
  }
}

const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f"*/:<>?\\|\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name a file is kept and offered under: no folders, control or bidirectional-override
 * characters, at most 120 characters, and an extension that matches the sniffed type (a PNG
 * uploaded as "scan.pdf" is kept as "scan.png", one named "scan" as "scan.png").
 */
export function safeFileName(name: string, type: SniffedType): string {
  const base = (name.split(/[/\\]/).pop() ?? '').normalize('NFC').replace(UNSAFE_NAME_CHARS, '_').trim().replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  // A known extension is replaced when it names another type; anything else is kept in the stem.
  const hasKnownExt = KNOWN_EXTENSIONS.has(ext);
  const stem = Array.from(hasKnownExt ? base.slice(0, dot) : base).slice(0, 120).join('').trim() || '附件';
  return `${stem}.${type.extensions.includes(ext) ? ext : type.extensions[0]}`;
}
