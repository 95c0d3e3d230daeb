import type { Lang } from './i18n';

export function fmtDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}

export function fmtDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB');
}

/** Integer fen → "1,234.50" yuan. */
export function fenToYuanText(fen: unknown): string {
  const n = typeof fen === 'number' ? fen : Number(fen);
  if (!Number.isFinite(n)) return String(fen);
  return (n / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Yuan (as typed, up to 2 decimals) → integer fen, without float drift. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function shortHash(hash: string | null | undefined, n = 12): string {
  if (!hash) return '—';
  return hash.length > n * 2 ? `${hash.slice(0, n)}…${hash.slice(-4)}` : hash;
}

/** A random initial password that meets the complexity rules (upper, lower, digit, symbol; 14 chars). */
export function generatePassword(length = 14): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%^&*-_=+?'];
  const all = sets.join('');
  const rand = (max: number) => {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return a[0]! % max;
  };
  const chars = sets.map((s) => s[rand(s.length)]!);
  while (chars.length < length) chars.push(all[rand(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
