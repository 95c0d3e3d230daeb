/**
 * Text helpers for SVG without a DOM: XML escaping, a width estimate and line wrapping.
 * Chinese has no spaces, so lines break between any two characters, keeping Latin words
 * (codes, numbers) whole and obeying the simple line-breaking rules of Chinese typesetting
 * (no line starts with a closing mark or ends with an opening one).
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attribute values; drops control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Width of one character in em. Deliberately generous: a CJK glyph is a full em in every
 * Chinese font, Latin glyphs differ between fonts, so they are rounded up.
 */
function charWidthEm(ch: string, isBold: boolean): number {
  const cp = ch.codePointAt(0)!;
  if (cp === 0x20) return 0.33;
  if (cp < 0x80) {
    const w = /[MWmw@%]/.test(ch) ? 0.92 : /[A-Z0-9#&]/.test(ch) ? 0.68 : /[il.,:;'|!]/.test(ch) ? 0.34 : 0.6;
    return isBold ? w * 1.08 : w;
  }
  return 1;
}

/** Estimated rendered width in px of `text` at `fontSize`. */
export function estimateTextWidth(text: string, fontSize: number, isBold = false): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch, isBold);
  return em * fontSize;
}

/** Marks that must not begin a line (closing punctuation). */
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〉”’…—,.;:!?)]}%']);
/** Marks that must not end a line (opening punctuation). */
const NO_LINE_END = new Set([...'（《「『【〈“‘([{']);

/** Latin words, numbers and codes stay together; every other character is its own token. */
const TOKEN = /[A-Za-z0-9_.\-/:%+#]+|\s+|[^]/gu;

/**
 * Wraps `text` into lines no wider than `maxWidth` px (by `estimateTextWidth`). A Latin word
 * longer than a whole line is split by character. Newlines in the text are kept as breaks.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, isBold = false): string[] {
  const width = (s: string) => estimateTextWidth(s, fontSize, isBold);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    const lineWidth = () => width(line.join(''));
    const queue: string[] = [...(paragraph.match(TOKEN) ?? [])];
    while (queue.length > 0) {
      const token = queue.shift()!;
      if (/^\s+$/.test(token)) {
        if (line.length > 0) line.push(' ');
        continue;
      }
      if (width(token) > maxWidth && [...token].length > 1) {
        queue.unshift(...[...token]);
        continue;
      }
      if (lineWidth() + width(token) <= maxWidth || line.length === 0) {
        line.push(token);
        continue;
      }
      while (line.length > 0 && line[line.length - 1] === ' ') line.pop();
      // Carry one character over so that punctuation sits where Chinese readers expect it.
      const carried: string[] = [];
      if (NO_LINE_START.has(token) && line.length > 1) carried.unshift(line.pop()!);
      while (line.length > 1 && NO_LINE_END.has(line[line.length - 1]!)) carried.unshift(line.pop()!);
      if (width([...carried, token].join('')) > maxWidth) {
        line.push(...carried);
        carried.length = 0;
      }
      lines.push(line.join(''));
      line = [...carried, token];
    }
    lines.push(line.join('').trimEnd());
  }
  return lines.filter((l, i, all) => l.length > 0 || all.length === 1);
}
