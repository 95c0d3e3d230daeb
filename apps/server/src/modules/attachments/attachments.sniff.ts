import type { TAttachmentType } from '@mpw/contracts';

export interface SniffedType {
  mimeType: TAttachmentType;
  kind: 'document' | 'image' | 'audio';
  /** File name extensions for the type, the usual one first. */
  extensions: string[];
}

/** How many leading bytes the sniffer wants (fewer when the file is shorter). */
export const SNIFF_BYTES = 256;

const TYPES = {
  pdf: { mimeType: 'application/pdf', kind: 'document', extensions: ['pdf'] },
  png: { mimeType: 'image/png', kind: 'image', extensions: ['png'] },
  jpeg: { mimeType: 'image/jpeg', kind: 'image', extensions: ['jpg', 'jpeg'] },
  webp: { mimeType: 'image/webp', kind: 'image', extensions: ['webp'] },
  mp3: { mimeType: 'audio/mpeg', kind: 'audio', extensions: ['mp3'] },
  m4a: { mimeType: 'audio/mp4', kind: 'audio', extensions: ['m4a'] },
  amr: { mimeType: 'audio/amr', kind: 'audio', extensions: ['amr'] },
  amrWb: { mimeType: 'audio/amr-wb', kind: 'audio', extensions: ['awb', 'amr'] },
  wav: { mimeType: 'audio/wav', kind: 'audio', extensions: ['wav'] },
} satisfies Record<string, SniffedType>;

/** Every extension of an accepted type, plus the usual office ones, which a misnamed upload may carry. */
export const KNOWN_EXTENSIONS = new Set([
  ...Object.values(TYPES).flatMap((t) => t.extensions),
  'doc', 'docx', 'xls', 'xlsx', 'txt', 'gif', 'bmp', 'tif', 'tiff', 'heic', 'ogg', 'aac', 'exe',
]);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const M4A_BRANDS = new Set(['M4A ', 'M4B ']);

const ascii = (b: Buffer, start: number, end: number) => (b.length >= end ? b.toString('latin1', start, end) : '');

/** An MPEG-1/2/2.5 Layer III frame header (no ID3 tag in front). */
function isMp3Frame(b: Buffer): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return false;
  const version = (b[1]! >> 3) & 3;
  const layer = (b[1]! >> 1) & 3;
  const bitrate = b[2]! >> 4;
  const sampleRate = (b[2]! >> 2) & 3;
  return version !== 1 && layer === 1 && bitrate !== 15 && sampleRate !== 3;
}

/** An ISO media file whose major or compatible brand says audio-only MPEG-4 (not video). */
function isM4a(b: Buffer): boolean {
  if (ascii(b, 4, 8) !== 'ftyp') return false;
  const boxEnd = Math.min(b.readUInt32BE(0), b.length);
  if (M4A_BRANDS.has(ascii(b, 8, 12))) return true;
  for (let at = 16; at + 4 <= boxEnd; at += 4) if (M4A_BRANDS.has(ascii(b, at, at + 4))) return true;
  return false;
}

/** Decides the content type from the leading bytes alone; null for anything not accepted. */
export function sniffContentType(head: Buffer): SniffedType | null {
  if (ascii(head, 0, 5) === '%PDF-') return TYPES.pdf;
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return TYPES.png;
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return TYPES.jpeg;
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return TYPES.webp;
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return TYPES.wav;
  if (ascii(head, 0, 6) === '#!AMR\n') return TYPES.amr;
  if (ascii(head, 0, 9) === '#!AMR-WB\n') return TYPES.amrWb;
  if (ascii(head, 0, 3) === 'ID3' || isMp3Frame(head)) return TYPES.mp3;
  if (head.length >= 12 && isM4a(head)) return TYPES.m4a;
  return null;
}
