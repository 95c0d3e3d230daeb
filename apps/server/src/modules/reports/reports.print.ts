import {
  REPORT_CATEGORY_LABELS,
  REPORT_CHANNEL_LABELS,
  REPORT_CONCLUSION_LABELS,
  REPORT_EVENT_KIND_LABELS,
  REPORT_LEVEL_LABELS,
  REPORT_STATUS_LABELS,
  REPORT_SUBJECT_KIND_LABELS,
  type TReportDetail,
  type TReportEventKind,
} from '@mpw/contracts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string | null | undefined) => (s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Entries from the reporter: printed without their text, which may say who they are. */
const REPORTER_KINDS: readonly TReportEventKind[] = ['reply', 'evidence', 'retaliation'];

const row = (label: string, value: string | null | undefined) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value ?? '—')}</td></tr>`;
const multiline = (s: string | null | undefined) => escapeHtml(s).replace(/\n/g, '<br>');

/**
 * A report as a printable page (举报件处理单) for the file: the matter, its handling and history.
 * Nothing about the reporter — no identity, contact, anonymity, protection request or messages —
 * and every value escaped.
 */
export function renderReportPrint(d: TReportDetail, printedAt: string): string {
  const events = d.events
    .map((e) => {
      const note = REPORTER_KINDS.includes(e.kind) ? '' : multiline(e.note);
      return `<tr><td>${escapeHtml(e.at.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(REPORT_EVENT_KIND_LABELS[e.kind])}</td><td>${escapeHtml(e.actorName ?? '')}</td><td>${note}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>举报件处理单 ${escapeHtml(d.number)}</title>
<style>
  body { font-family: "SimSun", "Songti SC", serif; margin: 2cm; color: #000; }
  h1 { text-align: center; font-size: 22px; letter-spacing: 4px; }
  table { width: 100%; border-collapse: collapse; margin-bottom: 16px; }
  th, td { border: 1px solid #000; padding: 6px 8px; text-align: left; vertical-align: top; font-size: 14px; }
  th { width: 8em; white-space: nowrap; background: #f5f5f5; }
  .content { white-space: normal; line-height: 1.7; }
  .foot { font-size: 12px; color: #444; text-align: right; }
  @media print { body { margin: 1.5cm; } }
</style>
</head>
<body>
<h1>举报件处理单</h1>
<table>
${row('举报编号', d.number)}
${row('收到日期', d.receivedOn)}
${row('来源', REPORT_CHANNEL_LABELS[d.channel])}
${row('类别', REPORT_CATEGORY_LABELS[d.category])}
${row('发生地', d.regionName ?? d.regionCode)}
${row('被举报人', `${d.subjectName}（${d.subjectPosition}，${REPORT_SUBJECT_KIND_LABELS[d.subjectKind]}）`)}
${row('发生时间', d.occurredWhen)}
${row('办理层级', REPORT_LEVEL_LABELS[d.handlingLevel])}
${row('状态', REPORT_STATUS_LABELS[d.status])}
${row('承办人', d.assignedToName)}
${row('办理期限', d.dueOn)}
</table>
<table>
<tr><th>举报内容</th><td class="content">${multiline(d.content)}</td></tr>
<tr><th>核查结论</th><td class="content">${d.conclusion ? escapeHtml(REPORT_CONCLUSION_LABELS[d.conclusion]) + '<br>' : ''}${multiline(d.conclusionNote)}</td></tr>
<tr><th>不予受理理由</th><td class="content">${multiline(d.notAcceptedReason)}</td></tr>
<tr><th>反馈内容</th><td class="content">${multiline(d.feedback)}</td></tr>
<tr><th>关联</th><td>${d.linkType ? escapeHtml(`${d.linkType === 'case' ? '案件' : '整改'} ${d.linkId ?? ''}`) : '—'}</td></tr>
</table>
<table>
<tr><th>时间</th><th>环节</th><th>办理人</th><th>说明</th></tr>
${events}
</table>
<p class="foot">打印时间：${escapeHtml(printedAt)}　本单不含举报人信息，严禁向被举报人泄露。</p>
</body>
</html>
`;
}
