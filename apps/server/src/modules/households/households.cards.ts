import type { THouseholdCard } from '@mpw/contracts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A printable page of household query cards (户查询卡): two per row on A4, cut along the dashed
 * lines. Each card names the village, the household and its head, shows the code large and its
 * QR code, and says in a few words how to use it. Self-contained (inline SVG and CSS).
 */
export function renderCardsHtml(cards: THouseholdCard[]): string {
  const title = cards[0] ? `${cards[0].villageName}户查询卡` : '户查询卡';
  const card = (c: THouseholdCard) => `
  <section class="card">
    <header><span class="place">${escape(c.townshipName)} ${escape(c.villageName)}</span><span class="serial">第${c.serial}版</span></header>
    <h2>我家的待遇查询卡</h2>
    <div class="body">
      <div class="qr">${c.qrSvg.replace(/^<\?xml[^>]*>\s*/, '')}</div>
      <dl>
        <dt>户号</dt><dd>${escape(c.householdId)}</dd>
        <dt>户主</dt><dd>${escape(c.headName ?? '—')}</dd>
        <dt>查询码</dt><dd class="code">${escape(c.code)}</dd>
      </dl>
    </div>
    <p class="how">用手机扫码，或在村务公开网“我家的待遇查询”中，填写本户成员的身份证号、姓名和查询码，即可查看本户的补贴发放和办事进度。</p>
    <p class="keep">请妥善保管，不要告诉他人。丢失或泄露请到村委会补发，旧码随即作废。发放日期：${c.issuedAt.slice(0, 10)}</p>
  </section>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
  @page { size: A4; margin: 10mm; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; color: #000; }
  .sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
  .card { border: 1px dashed #888; padding: 5mm; height: 69mm; break-inside: avoid; page-break-inside: avoid; overflow: hidden; }
  header { display: flex; justify-content: space-between; font-size: 10pt; color: #444; }
  h2 { margin: 1mm 0 2mm; font-size: 14pt; color: #b71c1c; }
  .body { display: flex; gap: 4mm; align-items: center; }
  .qr { width: 30mm; height: 30mm; flex: none; }
  .qr svg { width: 100%; height: 100%; }
  dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 1mm 3mm; font-size: 11pt; }
  dt { color: #555; }
  dd { margin: 0; }
  .code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 17pt; font-weight: bold; letter-spacing: 1px; }
  .how { font-size: 8.5pt; margin: 2mm 0 1mm; line-height: 1.35; }
  .keep { font-size: 7.5pt; margin: 0; color: #555; line-height: 1.3; }
</style>
</head>
<body>
<main class="sheet">${cards.map(card).join('')}
</main>
</body>
</html>
`;
}
