import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { sniffContentType } from './attachments.sniff.js';
import { exifOrientation, jpegMetadataStripper, pngMetadataStripper, webpMetadataStripper, CorruptContentError, type ByteFilter } from './attachments.strip.js';
import { EmptyContentError, SanitizingStream, UnsupportedContentError, safeFileName } from './attachments.ingest.js';
import { contentDisposition } from './attachments.presenter.js';
import { GPS_LATITUDE, exifApp1, pngChunk, tinyJpeg, tinyPng } from './attachments.test-support.js';

const run = (filter: ByteFilter, input: Buffer, chunkSize = input.length) => {
  const out: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunkSize) out.push(...filter.write(input.subarray(i, i + chunkSize)));
  out.push(...filter.end());
  return Buffer.concat(out);
};

const contains = (haystack: Buffer, needle: string | Buffer) => haystack.includes(typeof needle === 'string' ? Buffer.from(needle, 'latin1') : needle);

/** The JPEG marker segments before the first scan, as [marker, payload prefix]. */
function jpegSegments(jpeg: Buffer): [number, string][] {
  const out: [number, string][] = [];
  let at = 2;
  while (at < jpeg.length) {
    const marker = jpeg[at + 1]!;
    const len = jpeg.readUInt16BE(at + 2);
    out.push([marker, jpeg.toString('latin1', at + 4, at + 4 + Math.min(len - 2, 12))]);
    if (marker === 0xda) break;
    at += 2 + len;
  }
  return out;
}

describe('content sniffing', () => {
  const ftyp = (major: string, ...compatible: string[]) => {
    const box = Buffer.alloc(16 + compatible.length * 4);
    box.writeUInt32BE(box.length, 0);
    box.write('ftyp', 4, 'latin1');
    box.write(major, 8, 'latin1');
    compatible.forEach((b, i) => box.write(b, 16 + i * 4, 'latin1'));
    return Buffer.concat([box, Buffer.alloc(32)]);
  };

  it('recognises the accepted types by their first bytes', () => {
    const riff = (kind: string) => Buffer.concat([Buffer.from('RIFF\x10\0\0\0', 'latin1'), Buffer.from(kind, 'latin1'), Buffer.alloc(8)]);
    const cases: [Buffer, string][] = [
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
      [tinyPng(), 'image/png'],
      [tinyJpeg(), 'image/jpeg'],
      [riff('WEBP'), 'image/webp'],
      [riff('WAVE'), 'audio/wav'],
      [Buffer.from('#!AMR\n\x3c\x91', 'latin1'), 'audio/amr'],
      [Buffer.from('#!AMR-WB\n\x04', 'latin1'), 'audio/amr-wb'],
      [Buffer.from('ID3\x04\0\0\0\0\0\x10', 'latin1'), 'audio/mpeg'],
      [Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0]), 'audio/mpeg'],
      [ftyp('M4A ', 'M4A ', 'mp42', 'isom'), 'audio/mp4'],
      [ftyp('mp42', 'isom', 'M4A '), 'audio/mp4'],
    ];
    for (const [bytes, mime] of cases) expect(sniffContentType(bytes)?.mimeType, mime).toBe(mime);
  });

  it('refuses everything else, whatever the name or the client says', () => {
    const refused = [
      Buffer.from('这是一个文本文件，不是PDF。\n'),
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.from('PK\x03\x04docx', 'latin1'),
      Buffer.from('GIF89a', 'latin1'),
      ftyp('isom', 'iso2', 'avc1', 'mp41'), // MP4 video
      Buffer.from([0xff, 0xf1, 0x50, 0x80]), // AAC ADTS, not MP3
      Buffer.from([0xff, 0xd8]), // too short for JPEG
      Buffer.alloc(0),
    ];
    for (const bytes of refused) expect(sniffContentType(bytes), bytes.toString('latin1', 0, 12)).toBeNull();
  });
});

describe('JPEG metadata stripping', () => {
  it('drops EXIF (with GPS), XMP, comments, IPTC, MPF and the appended second image, keeping JFIF, ICC and the orientation', () => {
    const input = tinyJpeg({ withMetadata: true, orientation: 6 });
    expect(contains(input, GPS_LATITUDE)).toBe(true);
    const out = run(jpegMetadataStripper(), input);
    for (const leak of [GPS_LATITUDE, 'GPSLatitude', 'secret comment', 'Hangzhou', 'MPF', 'Camera-Model-X', 'http://ns.adobe.com']) expect(contains(out, leak), String(leak)).toBe(false);
    expect(out.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(out.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(out.indexOf(Buffer.from([0xff, 0xd8]), 2)).toBe(-1); // no second image
    const markers = jpegSegments(out).map(([m]) => m);
    expect(markers).toEqual([0xe0, 0xe1, 0xe2, 0xdb, 0xc0, 0xc4, 0xda]);
    const app1 = out.subarray(out.indexOf(Buffer.from([0xff, 0xe1])));
    expect(exifOrientation(app1)).toBe(6);
    expect(contains(out, 'ICC_PROFILE')).toBe(true);
    // The image data itself is untouched: stuffed bytes and restart markers pass through.
    expect(contains(out, Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a, 0xff, 0x00, 0xff, 0xd9]))).toBe(true);
  });

  it('keeps no EXIF at all when the orientation is the default', () => {
    const out = run(jpegMetadataStripper(), tinyJpeg({ withMetadata: true, orientation: 1 }));
    expect(jpegSegments(out).map(([m]) => m)).toEqual([0xe0, 0xe2, 0xdb, 0xc0, 0xc4, 0xda]);
  });

  it('gives the same bytes however the input is split into chunks', () => {
    const input = tinyJpeg({ withMetadata: true });
    const whole = run(jpegMetadataStripper(), input);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(run(jpegMetadataStripper(), input, size), `chunks of ${size}`).toEqual(whole);
  });

  it('leaves a JPEG without metadata as it was', () => {
    const input = tinyJpeg();
    expect(run(jpegMetadataStripper(), input)).toEqual(input);
  });

  it('refuses a file that ends inside a marker segment', () => {
    const input = tinyJpeg({ withMetadata: true });
    const cut = input.subarray(0, input.indexOf(GPS_LATITUDE) + 4);
    expect(() => run(jpegMetadataStripper(), cut)).toThrow(CorruptContentError);
  });

  it('reads the orientation in either byte order, and ignores a malformed EXIF block', () => {
    expect(exifOrientation(exifApp1(8))).toBe(8);
    const le = exifApp1(3);
    // Rewrite as little-endian: byte order mark, magic, IFD offset and the orientation entry.
    const t = 10;
    le.write('II', t, 'latin1');
    le.writeUInt16LE(42, t + 2);
    le.writeUInt32LE(8, t + 4);
    le.writeUInt16LE(2, t + 8);
    le.writeUInt16LE(0x0112, t + 10);
    le.writeUInt16LE(3, t + 12);
    le.writeUInt16LE(3, t + 18);
    expect(exifOrientation(le)).toBe(3);
    expect(exifOrientation(Buffer.concat([Buffer.from([0xff, 0xe1, 0, 10]), Buffer.from('Exif\0\0XX', 'latin1')]))).toBeNull();
  });
});

describe('PNG metadata stripping', () => {
  it('drops textual chunks, EXIF and time, keeping the picture', () => {
    const input = tinyPng({ withText: true });
    const out = run(pngMetadataStripper(), input);
    for (const leak of ['GPS 30.2741N', 'tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME', 'Location', 'Author']) expect(contains(out, leak), leak).toBe(false);
    expect(out).toEqual(tinyPng());
  });

  it('gives the same bytes in any chunking, and drops data after IEND', () => {
    const input = Buffer.concat([tinyPng({ withText: true }), Buffer.from('trailing GPS data')]);
    const whole = run(pngMetadataStripper(), input);
    expect(whole).toEqual(tinyPng());
    for (const size of [1, 3, 8, 13]) expect(run(pngMetadataStripper(), input, size)).toEqual(whole);
  });

  it('refuses a chunk with an impossible type', () => {
    const bad = Buffer.concat([tinyPng().subarray(0, 8), pngChunk('IH\0R', Buffer.alloc(13))]);
    expect(() => run(pngMetadataStripper(), bad)).toThrow(CorruptContentError);
  });
});

describe('WebP metadata stripping', () => {
  const chunk = (fourcc: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(fourcc, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const riff = (...chunks: Buffer[]) => {
    const body = Buffer.concat(chunks);
    const head = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
    head.writeUInt32LE(4 + body.length, 4);
    return Buffer.concat([head, body]);
  };

  it('removes EXIF and XMP chunks and their flags, fixing the RIFF size', () => {
    const vp8x = Buffer.from([0x0c | 0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    const image = chunk('VP8L', Buffer.from([0x2f, 1, 2, 3, 4]));
    const input = riff(chunk('VP8X', vp8x), image, chunk('EXIF', Buffer.from('MM\0*GPS 30N')), chunk('XMP ', Buffer.from('<xmp>GPS</xmp>')));
    const out = run(webpMetadataStripper(), input, 7);
    expect(contains(out, 'GPS')).toBe(false);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out[20]).toBe(0x10); // alpha flag kept, EXIF and XMP flags cleared
    expect(out.subarray(30)).toEqual(image);
  });
});

describe('the sanitizing stream', () => {
  const through = (input: Buffer, allowAudio = false) => {
    const s = new SanitizingStream({ allowAudio });
    return buffer(Readable.from([input]).pipe(s)).then((out) => ({ out, type: s.detected?.mimeType }));
  };
  it('sniffs, strips and reports the type', async () => {
    const { out, type } = await through(tinyPng({ withText: true }));
    expect(type).toBe('image/png');
    expect(out).toEqual(tinyPng());
  });
  it('refuses empty input, unknown types, and audio unless allowed', async () => {
    await expect(through(Buffer.alloc(0))).rejects.toBeInstanceOf(EmptyContentError);
    await expect(through(Buffer.from('hello'))).rejects.toBeInstanceOf(UnsupportedContentError);
    const mp3 = Buffer.concat([Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'), Buffer.alloc(300, 0x55)]);
    await expect(through(mp3)).rejects.toBeInstanceOf(UnsupportedContentError);
    expect((await through(mp3, true)).type).toBe('audio/mpeg');
  });
});

describe('file names', () => {
  const png = sniffContentType(tinyPng())!;
  const pdf = sniffContentType(Buffer.from('%PDF-1.4'))!;
  const jpeg = sniffContentType(tinyJpeg())!;
  it('cleans the name and makes the extension match the content', () => {
    expect(safeFileName('scan.pdf', png)).toBe('scan.png');
    expect(safeFileName('凭证.PDF', pdf)).toBe('凭证.pdf');
    expect(safeFileName('photo.jpeg', jpeg)).toBe('photo.jpeg');
    expect(safeFileName('签到表', jpeg)).toBe('签到表.jpg');
    expect(safeFileName('report.final', pdf)).toBe('report.final.pdf');
    expect(safeFileName('C:\\Users\\x\\..\\secret.pdf', pdf)).toBe('secret.pdf');
    expect(safeFileName('../../etc/passwd', pdf)).toBe('passwd.pdf');
    expect(safeFileName('evil\u202Egnp.exe', png)).toBe('evil_gnp.png');
    expect(safeFileName('a"b<c>\r\n.pdf', pdf)).toBe('a_b_c___.pdf');
    expect(safeFileName('', pdf)).toBe('附件.pdf');
    expect(safeFileName('.pdf', pdf)).toBe('pdf.pdf');
    expect(Array.from(safeFileName('长'.repeat(300) + '.pdf', pdf))).toHaveLength(124);
  });

  it('offers the name for download in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('白坑村 凭证(1).pdf')).toBe(
      `attachment; filename="___ __(1).pdf"; filename*=UTF-8''%E7%99%BD%E5%9D%91%E6%9D%91%20%E5%87%AD%E8%AF%81%281%29.pdf`,
    );
    expect(contentDisposition('a"b\\c.pdf')).toBe(`attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`);
  });
});
