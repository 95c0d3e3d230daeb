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

function filterFor(type: SniffedType): ByteFilter {
  if (type.mimeType === 'image/jpeg') return jpegMetadataStripper();
  if (type.mimeType === 'image/png') return pngMetadataStripper();
  if (type.mimeType === 'image/webp') return webpMetadataStripper();
  return passThrough();
}

/**
 * Decides the content type from the first bytes (the client's word is never asked), refuses
 * what is not accepted, and strips picture metadata on the way through. `detected` is set
 * once the type is known.
 */
export class SanitizingStream extends Transform {
  detected: SniffedType | null = null;
  private head: Buffer[] = [];
  private headLength = 0;
  private byteFilter: ByteFilter | null = null;

  constructor(private readonly opts: { allowAudio: boolean }) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      if (this.byteFilter) {
        this.pushAll(this.byteFilter.write(chunk));
      } else {
        this.head.push(chunk);
        this.headLength += chunk.length;
        if (this.headLength >= SNIFF_BYTES) this.decide();
      }
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
