/**
 * Test helpers for the attachments module (used by its tests and the authorization matrix):
 * a record type to upload to, multipart bodies, and tiny pictures carrying metadata.
 */
import { deflateSync } from 'node:zlib';
import type { DbOrTx } from '@mpw/db';
import { isWithinRegion } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { registerAttachmentTarget } from './attachments.targets.js';

/** A record type for tests whose entity id is a region code: it "exists" where the region does. */
export const TEST_TARGET = 'test_record';

export function registerTestAttachmentTarget(entityType = TEST_TARGET, readPermission?: Parameters<typeof registerAttachmentTarget>[1]['readPermission']) {
  registerAttachmentTarget(entityType, {
    readPermission,
    async regionOf(db: DbOrTx, actor: Actor, entityId: string) {
      if (!/^\d{12}$/.test(entityId) || (actor.regionCode && !isWithinRegion(entityId, actor.regionCode))) return null;
      return (await getRegionInScope(db, entityId, actor.regionCode)) ? entityId : null;
    },
  });
}

export interface MultipartFile {
  name: string;
  content: Buffer;
  contentType?: string;
  field?: string;
}

/** A multipart/form-data body: the fields in order, then the file (or the file first, when asked). */
export function multipartBody(fields: Record<string, string>, file?: MultipartFile, opts: { fileFirst?: boolean } = {}) {
  const boundary = `----mpw${Math.random().toString(16).slice(2)}`;
  const fieldParts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const fileParts = file
    ? [
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"; filename*=UTF-8''${encodeURIComponent(file.name)}\r\n` +
            `content-type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        file.content,
        Buffer.from('\r\n'),
      ]
    : [];
  const payload = Buffer.concat([...(opts.fileFirst ? [...fileParts, ...fieldParts] : [...fieldParts, ...fileParts]), Buffer.from(`--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// ---------------------------------------------------------------- pictures

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid 2×2 PNG; with `withText`, it carries tEXt/iTXt/zTXt/eXIf/tIME chunks naming a place. */
export function tinyPng(opts: { withText?: boolean; seed?: number } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const seed = opts.seed ?? 0;
  const raw = Buffer.from([0, 255, seed & 255, 0, 0, 0, 255, 0, 255, 0, 0, 0, 255]);
  const chunks = [pngChunk('IHDR', ihdr)];
  if (opts.withText) {
    chunks.push(pngChunk('tEXt', Buffer.from('Comment\0GPS 30.2741N 120.1551E', 'latin1')));
    chunks.push(pngChunk('iTXt', Buffer.concat([Buffer.from('Location\0\0\0\0\0', 'latin1'), Buffer.from('白坑村村委会', 'utf8')])));
    chunks.push(pngChunk('zTXt', Buffer.concat([Buffer.from('Author\0\0', 'latin1'), deflateSync(Buffer.from('张三'))])));
    chunks.push(pngChunk('eXIf', Buffer.from('MM\0*\0\0\0\x08GPSDATA', 'latin1')));
    chunks.push(pngChunk('tIME', Buffer.from([0x07, 0xea, 1, 2, 3, 4, 5])));
  }
  chunks.push(pngChunk('IDAT', deflateSync(raw)));
  chunks.push(pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Latitude 30°16'26.76" N as EXIF rationals: recognisable bytes to look for after stripping. */
export const GPS_LATITUDE = Buffer.from([0, 0, 0, 30, 0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0x0a, 0x74, 0, 0, 0, 100]);

/** An APP1 Exif segment (big-endian): IFD0 with Orientation and a GPS IFD pointer; GPS IFD with latitude. */
export function exifApp1(orientation = 6): Buffer {
  const t = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 2 * 12 + 4 + GPS_LATITUDE.length + 16);
  t.write('MM', 0, 'latin1');
  t.writeUInt16BE(42, 2);
  t.writeUInt32BE(8, 4);
  let at = 8;
  t.writeUInt16BE(2, at);
  at += 2;
  t.writeUInt16BE(0x0112, at); // Orientation SHORT 1
  t.writeUInt16BE(3, at + 2);
  t.writeUInt32BE(1, at + 4);
  t.writeUInt16BE(orientation, at + 8);
  at += 12;
  const gpsIfd = 8 + 2 + 2 * 12 + 4;
  t.writeUInt16BE(0x8825, at); // GPSInfo LONG → GPS IFD
  t.writeUInt16BE(4, at + 2);
  t.writeUInt32BE(1, at + 4);
  t.writeUInt32BE(gpsIfd, at + 8);
  at += 12;
  t.writeUInt32BE(0, at); // no IFD1
  at = gpsIfd;
  t.writeUInt16BE(2, at);
  at += 2;
  t.writeUInt16BE(0x0001, at); // GPSLatitudeRef ASCII "N\0"
  t.writeUInt16BE(2, at + 2);
  t.writeUInt32BE(2, at + 4);
  t.write('N\0', at + 8, 'latin1');
  at += 12;
  const latAt = gpsIfd + 2 + 2 * 12 + 4;
  t.writeUInt16BE(0x0002, at); // GPSLatitude RATIONAL ×3
  t.writeUInt16BE(5, at + 2);
  t.writeUInt32BE(3, at + 4);
  t.writeUInt32BE(latAt, at + 8);
  at += 12;
  t.writeUInt32BE(0, at);
  GPS_LATITUDE.copy(t, latAt);
  t.write('Camera-Model-X', latAt + GPS_LATITUDE.length, 'latin1');
  return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t]));
}

/**
 * A structurally valid baseline JPEG (8×8 grey) with an Exif APP1 carrying GPS, an XMP APP1,
 * a comment, a Photoshop APP13, an MPF APP2 and a second image after the end marker — the
 * things phones write. Entropy data contains stuffed 0xFF00 and a restart marker.
 */
export function tinyJpeg(opts: { withMetadata?: boolean; orientation?: number } = {}): Buffer {
  const app0 = segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'));
  const icc = segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'), Buffer.alloc(16, 7)]));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof = segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
  const dht = segment(0xc4, Buffer.concat([Buffer.from([0x00, 0, 1]), Buffer.alloc(14, 0), Buffer.from([0])]));
  const sos = segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0]));
  const entropy = Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a, 0xff, 0x00]);
  const eoi = Buffer.from([0xff, 0xd9]);
  const soi = Buffer.from([0xff, 0xd8]);
  const meta = opts.withMetadata
    ? [
        exifApp1(opts.orientation ?? 6),
        segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>30,16.446N</exif:GPSLatitude></x:xmpmeta>', 'latin1')),
        segment(0xfe, Buffer.from('secret comment', 'latin1')),
        segment(0xed, Buffer.from('Photoshop 3.0\x008BIM IPTC City=Hangzhou', 'latin1')),
        segment(0xe2, Buffer.from('MPF\0MM\0*pointer-to-second-image', 'latin1')),
      ]
    : [];
  const main = Buffer.concat([soi, app0, ...meta, icc, dqt, sof, dht, sos, entropy, eoi]);
  if (!opts.withMetadata) return main;
  const second = Buffer.concat([soi, exifApp1(1), dqt, sof, dht, sos, entropy, eoi]);
  return Buffer.concat([main, second]);
}
