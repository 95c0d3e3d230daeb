/** "2026-12-09" or an ISO time → "2026年12月9日" (China time), for reading aloud-easy dates. */
export function fmtDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Shanghai' });
}
