/**
 * Metadata removal before a picture is stored: photos taken on a phone carry EXIF (where
 * and when, the device) and PNG files textual chunks. Small streaming parsers, no native
 * dependencies; they keep what a viewer needs (colour profile, orientation) and drop the rest.
 */

/** A streaming byte filter: feed chunks, collect what to keep. */
export interface ByteFilter {
  write(chunk: Buffer): Buffer[];
  end(): Buffer[];
}

export class CorruptContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptContentError';
  }
}

const EMPTY = Buffer.alloc(0);

export const passThrough = (): ByteFilter => ({ write: (chunk) => [chunk], end: () => [] });

// ---------------------------------------------------------------- JPEG

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const ICC_HEADER = Buffer.from('ICC_PROFILE\0', 'latin1');
const ADOBE_HEADER = Buffer.from('Adobe', 'latin1');
const ORIENTATION_TAG = 0x0112;

/** The EXIF orientation (1–8) from an APP1 segment (marker included), or null. */
export function exifOrientation(segment: Buffer): number | null {
  const tiff = segment.subarray(4 + EXIF_HEADER.length);
  if (!segment.subarray(4, 4 + EXIF_HEADER.length).equals(EXIF_HEADER) || tiff.length < 8) return null;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return null;
    if (u16(entry) === ORIENTATION_TAG && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

/** An APP1 segment holding nothing but the orientation tag (big-endian TIFF, one IFD entry). */
export function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(ORIENTATION_TAG, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  // next IFD offset (0) is already zero
  const payload = Buffer.concat([EXIF_HEADER, tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

const startsWith = (segment: Buffer, header: Buffer) => segment.subarray(4, 4 + header.length).equals(header);

/**
 * What survives of a marker segment: APP0 (JFIF), APP2 ICC profiles and APP14 (Adobe colour
 * transform) stay; EXIF shrinks to its orientation; XMP, MPF, Photoshop/IPTC, other APPn and
 * comments go. Non-APP segments (tables, frame and scan headers) stay.
 */
function keptSegment(marker: number, segment: Buffer): Buffer | null {
  if (marker === 0xe0) return segment;
  if (marker === 0xe1) {
    const orientation = startsWith(segment, EXIF_HEADER) ? exifOrientation(segment) : null;
    return orientation && orientation !== 1 ? orientationSegment(orientation) : null;
  }
  if (marker === 0xe2) return startsWith(segment, ICC_HEADER) ? segment : null;
  if (marker === 0xee) return startsWith(segment, ADOBE_HEADER) ? segment : null;
  if ((marker >= 0xe3 && marker <= 0xef) || marker === 0xfe) return null;
  return segment;
}

const isRestart = (m: number) => m >= 0xd0 && m <= 0xd7;

/**
 * Walks the JPEG marker segments (each at most 64 KiB, so buffering one is cheap), passes the
 * entropy-coded data through, and drops anything after the end-of-image marker (phones append
 * secondary images there, each with its own EXIF).
 */
export function jpegMetadataStripper(): ByteFilter {
  let buf: Buffer = EMPTY;
  let state: 'start' | 'marker' | 'entropy' | 'done' = 'start';

  function run(out: Buffer[]) {
    for (;;) {
      if (state === 'done') {
        buf = EMPTY;
        return;
      }
      if (state === 'start') {
        if (buf.length < 2) return;
        if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new CorruptContentError('JPEG 文件头不正确');
        out.push(buf.subarray(0, 2));
        buf = buf.subarray(2);
        state = 'marker';
        continue;
      }
      if (state === 'marker') {
        if (buf.length < 2) return;
        if (buf[0] !== 0xff) throw new CorruptContentError('JPEG 段结构不正确');
        const marker = buf[1]!;
        if (marker === 0xff) {
          buf = buf.subarray(1); // fill byte
          continue;
        }
        if (marker === 0xd9) {
          out.push(buf.subarray(0, 2));
          state = 'done';
          continue;
        }
        if (marker === 0x01 || isRestart(marker)) {
          out.push(buf.subarray(0, 2));
          buf = buf.subarray(2);
          continue;
        }
        if (marker === 0x00 || marker === 0xd8) throw new CorruptContentError('JPEG 段结构不正确');
        if (buf.length < 4) return;
        const length = buf.readUInt16BE(2);
        if (length < 2) throw new CorruptContentError('JPEG 段长度不正确');
        if (buf.length < 2 + length) return;
        const kept = keptSegment(marker, buf.subarray(0, 2 + length));
        if (kept) out.push(Buffer.from(kept));
        buf = buf.subarray(2 + length);
        if (marker === 0xda) state = 'entropy';
        continue;
      }
      // Entropy-coded data: 0xFF is followed by 0x00 (stuffing), a restart marker, a fill
      // byte, or the next real marker (another scan's tables, or the end of the image).
      let at = 0;
      for (;;) {
        const ff = buf.indexOf(0xff, at);
        if (ff === -1) {
          if (buf.length) out.push(buf);
          buf = EMPTY;
          return;
        }
        if (ff + 1 >= buf.length) {
          if (ff > 0) out.push(buf.subarray(0, ff));
          buf = buf.subarray(ff);
          return;
        }
        const next = buf[ff + 1]!;
        if (next === 0x00 || isRestart(next)) {
          at = ff + 2;
          continue;
        }
        if (next === 0xff) {
          at = ff + 1;
          continue;
        }
        if (ff > 0) out.push(buf.subarray(0, ff));
        buf = buf.subarray(ff);
        state = 'marker';
        break;
      }
    }
  }

  return {
    write(chunk) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const out: Buffer[] = [];
      run(out);
      // Keep only the undecided tail, not a view into a large chunk.
      if (buf.length) buf = Buffer.from(buf);
      return out;
    },
    end() {
      const out: Buffer[] = [];
      run(out);
      if (state === 'start' || (state === 'marker' && buf.length > 0)) throw new CorruptContentError('JPEG 文件不完整');
      if (state === 'entropy' && buf.length) out.push(buf);
      buf = EMPTY;
      return out;
    },
  };
}

// ---------------------------------------------------------------- PNG

const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** Drops textual chunks, EXIF and the modification time, and anything after IEND. */
export function pngMetadataStripper(): ByteFilter {
  let buf: Buffer = EMPTY;
  let state: 'signature' | 'header' | 'body' | 'done' = 'signature';
  let remaining = 0;
  let keep = true;
  let isEnd = false;

  function run(out: Buffer[]) {
    for (;;) {
      if (state === 'done') {
        buf = EMPTY;
        return;
      }
      if (state === 'signature') {
        if (buf.length < 8) return;
        out.push(buf.subarray(0, 8));
        buf = buf.subarray(8);
        state = 'header';
        continue;
      }
      if (state === 'header') {
        if (buf.length < 8) return;
        const length = buf.readUInt32BE(0);
        const type = buf.toString('latin1', 4, 8);
        if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) throw new CorruptContentError('PNG 数据块结构不正确');
        keep = !PNG_DROPPED.has(type);
        isEnd = type === 'IEND';
        if (keep) out.push(buf.subarray(0, 8));
        buf = buf.subarray(8);
        remaining = length + 4; // data and CRC
        state = 'body';
        continue;
      }
      if (buf.length === 0 && remaining > 0) return;
      const take = Math.min(remaining, buf.length);
      if (keep && take > 0) out.push(buf.subarray(0, take));
      buf = buf.subarray(take);
      remaining -= take;
      if (remaining > 0) return;
      state = isEnd ? 'done' : 'header';
    }
  }

  return {
    write(chunk) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const out: Buffer[] = [];
      run(out);
      if (buf.length) buf = Buffer.from(buf);
      return out;
    },
    end() {
      const out: Buffer[] = [];
      run(out);
      if (state === 'signature') throw new CorruptContentError('PNG 文件不完整');
      buf = EMPTY;
      return out;
    },
  };
}

// ---------------------------------------------------------------- WebP

const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/**
 * Removes the EXIF and XMP chunks of a WebP file and their flags. The RIFF header states the
 * total size, which is known only at the end, so this one buffers the file (the upload size
 * limit bounds it).
 */
export function webpMetadataStripper(): ByteFilter {
  const chunks: Buffer[] = [];
  return {
    write(chunk) {
      chunks.push(chunk);
      return [];
    },
    end() {
      const file = Buffer.concat(chunks);
      if (file.length < 12) throw new CorruptContentError('WebP 文件不完整');
      const riffEnd = Math.min(file.length, 8 + file.readUInt32LE(4));
      const kept: Buffer[] = [];
      for (let at = 12; at + 8 <= riffEnd; ) {
        const fourcc = file.toString('latin1', at, at + 4);
        const size = file.readUInt32LE(at + 4);
        const end = at + 8 + size + (size % 2);
        if (end > riffEnd + (size % 2)) throw new CorruptContentError('WebP 数据块结构不正确');
        const chunk = Buffer.from(file.subarray(at, Math.min(end, file.length)));
        if (fourcc === 'VP8X' && size >= 1) chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
        if (fourcc !== 'EXIF' && fourcc !== 'XMP ') kept.push(chunk);
        at = end;
      }
      const body = Buffer.concat(kept);
      const head = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
      head.writeUInt32LE(4 + body.length, 4);
      return [head, body];
    },
  };
}
