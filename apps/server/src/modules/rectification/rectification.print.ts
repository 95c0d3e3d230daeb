import { RECTIFICATION_ITEM_STATUS_LABELS, type TRectificationNoticeDetail } from '@mpw/contracts';
import { escapeHtml } from '../reports/reports.print.js';

const multiline = (s: string | null | undefined) => escapeHtml(s).replace(/\n/g, '<br>');
const cnDate = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** 整改通知书 as a printable page: number, date, the items table and the issuer's seal line; every value escaped. */
export function renderNoticePrint(n: TRectificationNoticeDetail): string {
  const items = n.items
    .map((i) => `<tr><td>${i.seq}</td><td>${multiline(i.problem)}</td><td>${multiline(i.requirement)}</td><td>${escapeHtml(i.responsibleName)}</td><td>${escapeHtml(i.deadline)}</td><td>${escapeHtml(RECTIFICATION_ITEM_STATUS_LABELS[i.status])}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>整改通知书 ${escapeHtml(n.number)}</title>
<style>
  body { font-family: "SimSun", "Songti SC", serif; margin: 2cm; color: #000; }
  h1 { text-align: center; font-size: 24px; letter-spacing: 6px; color: #c00; }
  .number { text-align: center; font-size: 16px; margin-bottom: 24px; }
  p { line-height: 1.8; font-size: 15px; }
  table { width: 100%; border-collapse: collapse; margin: 16px 0; }
  th, td { border: 1px solid #000; padding: 6px 8px; text-align: left; vertical-align: top; font-size: 14px; }
  th { background: #f5f5f5; white-space: nowrap; }
  .seal { text-align: right; margin-top: 48px; line-height: 2; font-size: 15px; }
  @media print { body { margin: 1.5cm; } }
</style>
</head>
<body>
<h1>整改通知书</h1>
<div class="number">${escapeHtml(n.number)}</div>
<p>${escapeHtml(n.regionName ?? n.regionCode)}：</p>
<p>${multiline(n.title)}</p>
<p>${multiline(n.requirement)}</p>
<p>请于 <b>${escapeHtml(cnDate(n.deadline))}</b> 前完成整改，并逐项书面回复整改措施和佐证材料。责任人：${escapeHtml(n.responsibleName)}。</p>
<table>
<tr><th>序号</th><th>问题</th><th>整改要求</th><th>责任人</th><th>整改期限</th><th>状态</th></tr>
${items}
</table>
<div class="seal">${escapeHtml(n.issuerRegionName ?? n.issuerRegionCode)}纪委（盖章）<br>${escapeHtml(cnDate(n.issuedOn))}</div>
</body>
</html>
`;
}
