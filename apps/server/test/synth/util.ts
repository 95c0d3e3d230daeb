/**
 * Small deterministic building blocks of the synthetic district: a seeded PRNG, calendar
 * arithmetic on ISO dates, GB 11643 identity numbers, Chinese names, and a streaming CSV writer.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

/** mulberry32: a tiny 32-bit PRNG, good enough for test data and fully reproducible from its seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}

// ---- dates (ISO YYYY-MM-DD, calendar days, UTC arithmetic) ----

const DAY = 86_400_000;
const toMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(d: string, n: number): string {
  return fromMs(toMs(d) + n * DAY);
}
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY);
}
export function monthEnd(d: string): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return fromMs(Date.UTC(y, m, 0));
}
/** `YYYY-MM` shifted by n months. */
export function addMonths(ym: string, n: number): string {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}`;
}
export function dateIn(rng: Rng, from: string, to: string): string {
  return addDays(from, rng.int(0, Math.max(0, daysBetween(from, to))));
}

// ---- GB 11643 identity numbers ----

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** A valid 18-character identity number: address code, birth date, sequence (odd for men), check. */
export function makeIdNumber(prefix6: string, birth: string, seq: number, male: boolean): string {
  let s = seq % 1000;
  if (male !== (s % 2 === 1)) s = (s + 1) % 1000;
  const first17 = `${prefix6}${birth.replace(/-/g, '')}${String(s).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** The same number with a wrong check character (fails GB 11643, still well-shaped). */
export function breakCheck(id: string): string {
  const good = id[17]!;
  const bad = ID_CHECK.split('').find((c) => c !== good && c !== 'X')!;
  return id.slice(0, 17) + bad;
}

// ---- names ----

/** Common surnames, most frequent first (weights roughly follow their real frequency). */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const MALE_CHARS = '伟强军平刚建国华明新志勇杰峰海兵东林波辉斌洪根龙生德荣金福水宝才良顺发文'.split('');
const FEMALE_CHARS = '芳英秀娟敏静丽艳萍红玲霞燕梅琴兰凤洁美珍菊月雪娣仙彩春桂芬叶花'.split('');

export function makeName(rng: Rng, male: boolean): string {
  // Zipf-like surname choice: a few surnames are very common, so homonyms occur naturally.
  const i = Math.floor(SURNAMES.length * Math.pow(rng.next(), 2.2));
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.3) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
  return SURNAMES[i]! + given;
}

/** A unified social credit code shape: 91 + region + 10 characters (check digit not computed: no rule reads it). */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function makeCreditCode(rng: Rng, prefix6: string): string {
  let s = `91${prefix6}`;
  while (s.length < 18) s += rng.pick(CREDIT_CHARS.split(''));
  return s;
}

export function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

// ---- CSV ----

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes rows to a file as they come (RFC 4180), buffering a little and honouring back-pressure. */
export class CsvWriter {
  private out: WriteStream;
  private buf = '';
  rows = 0;
  constructor(
    readonly file: string,
    header: readonly string[],
  ) {
    this.out = createWriteStream(file, { encoding: 'utf8' });
    this.buf = header.join(',') + '\n';
  }
  async row(values: readonly (string | number | null | undefined)[]): Promise<void> {
    this.buf += values.map(cell).join(',') + '\n';
    this.rows++;
    if (this.buf.length > 1 << 16) await this.flush();
  }
  private async flush(): Promise<void> {
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
