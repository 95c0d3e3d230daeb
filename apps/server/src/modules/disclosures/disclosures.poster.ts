import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { DISCLOSURE_KIND_LABELS, type TPublicDisclosure } from '@mpw/contracts';
import { AppError, ErrorCode } from '../../lib/errors.js';
import { periodLabel } from './disclosures.policy.js';

/**
 * CJK fonts looked for, in order; the first present is used. WenQuanYi Micro Hei is what the
 * Debian/Ubuntu package fonts-wqy-microhei installs (and CI installs it). `MICROPOWER_CJK_FONT`
 * may name another TTF/TTC/OTF file.
 */
const CJK_FONTS: { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc', family: 'AR PL UMing CN' },
];

export function findCjkFont(env: NodeJS.ProcessEnv = process.env, candidates = CJK_FONTS): { path: string; family?: string } {
  const configured = env.MICROPOWER_CJK_FONT;
  if (configured) {
    if (!existsSync(configured)) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, { message: `未找到中文字体文件 ${configured}（MICROPOWER_CJK_FONT），无法生成公开栏海报` });
    return { path: configured };
  }
  const found = candidates.find((f) => existsSync(f.path));
  if (!found) {
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, {
      message: '服务器未安装中文字体，无法生成公开栏海报。请安装 fonts-wqy-microhei（apt-get install fonts-wqy-microhei），或用 MICROPOWER_CJK_FONT 指定字体文件',
    });
  }
  return found;
}

/** Where the QR code points: absolute when the public address is known, else the portal path. */
export function posterLink(portalPath: string, publicUrl: string | undefined): string {
  // Relative to the public address, so a deployment under a path prefix keeps it.
  return publicUrl ? new URL(portalPath.replace(/^\/+/, ''), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString() : portalPath;
}

const chinaDay = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

/**
 * An A3 portrait notice-board poster of the current version: village, title, period, the
 * summary and sections (tables drawn with rules), publication date, version and correction
 * note, and a QR code to the portal page.
 */
export async function renderPoster(item: TPublicDisclosure, link: string): Promise<Buffer> {
  const font = findCjkFont();
  const qr = await QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360 });
  const doc = new PDFDocument({ size: 'A3', layout: 'portrait', margin: 56, info: { Title: item.title, Subject: `${item.regionName}村务公开`, Creator: 'Micro-Power Watch' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  doc.fontSize(22).fillColor('#b71c1c').text(`${item.regionName} · 村务公开栏`, { align: 'center' });
  doc.moveDown(0.4);
  doc.fontSize(30).fillColor('#000').text(item.title, { align: 'center' });
  doc.moveDown(0.3);
  const meta = [DISCLOSURE_KIND_LABELS[item.kind], periodLabel(item.period) && `公开期间：${periodLabel(item.period)}`].filter(Boolean).join('    ');
  doc.fontSize(14).fillColor('#444').text(meta, { align: 'center' });
  doc.moveDown(0.8);
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(2).strokeColor('#b71c1c').stroke();
  doc.moveDown(0.8);

  doc.fontSize(16).fillColor('#000').text(item.content.summary, { width, lineGap: 4 });
  doc.moveDown(0.8);

  for (const s of item.content.sections) {
    ensure(60);
    doc.fontSize(18).fillColor('#000').text(s.heading, left, doc.y, { width });
    doc.moveDown(0.3);
    if (s.text) {
      doc.fontSize(14).text(s.text, left, doc.y, { width, lineGap: 3 });
      doc.moveDown(0.4);
    }
    if (s.table) drawTable(doc, s.table, left, width, bottom);
    doc.moveDown(0.6);
  }

  const totals = Object.entries(item.content.totals ?? {});
  if (totals.length) {
    ensure(40);
    const fmt = (k: string, v: string | number) => (typeof v === 'number' && /Fen$/.test(k) ? `${(v / 100).toFixed(2)}元` : String(v));
    const names: Record<string, string> = {
      incomeFen: '本期收入', expenseFen: '本期支出', balanceFen: '期末结余',
      households: '户（人）次', persons: '保障人数', monthlyAmountFen: '每月保障金',
      assetCount: '资产资源（项）', assetValueFen: '资产登记价值', contractCount: '合同（份）', contractAmountFen: '合同金额',
      projectCount: '工程（个）', paidFen: '累计已付', paidInPeriodFen: '本期支付',
    };
    doc.fontSize(14).text(totals.map(([k, v]) => `${names[k] ?? k}：${fmt(k, v)}`).join('    '), left, doc.y, { width });
    doc.moveDown(0.6);
  }

  // Footer: publication, version, correction note, QR code.
  const qrSize = 130;
  ensure(qrSize + 20);
  const footTop = doc.y + 10;
  doc.moveTo(left, footTop).lineTo(left + width, footTop).lineWidth(1).strokeColor('#999').stroke();
  const current = item.versions.find((v) => v.version === item.version);
  const lines = [
    `首次公开：${chinaDay(item.firstPublishedAt)}`,
    `本版公开：${chinaDay(item.lastPublishedAt)}（第${item.version}版）`,
    ...(item.isCorrected && current?.correctionReason ? [`${item.correctedLabel}：${current.correctionReason}`] : []),
    '如有疑问，可扫描右侧二维码在线提问，村委会将在规定期限内公开答复。',
    link,
  ];
  doc.fontSize(13).fillColor('#000').text(lines.join('\n'), left, footTop + 14, { width: width - qrSize - 20, lineGap: 4 });
  doc.image(qr, left + width - qrSize, footTop + 14, { width: qrSize, height: qrSize });

  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, table: { columns: string[]; rows: string[][] }, left: number, width: number, bottom: () => number) {
  const colWidth = width / table.columns.length;
  const pad = 5;
  const drawRow = (cells: string[], header: boolean) => {
    doc.fontSize(header ? 13 : 12);
    const h = Math.max(...cells.map((c) => doc.heightOfString(c || ' ', { width: colWidth - 2 * pad }))) + 2 * pad;
    if (doc.y + h > bottom()) doc.addPage();
    const top = doc.y;
    if (header) doc.rect(left, top, width, h).fillColor('#f1e3e3').fill();
    doc.fillColor('#000');
    cells.forEach((c, i) => {
      doc.rect(left + i * colWidth, top, colWidth, h).lineWidth(0.6).strokeColor('#666').stroke();
      doc.text(c, left + i * colWidth + pad, top + pad, { width: colWidth - 2 * pad });
    });
    doc.x = left;
    doc.y = top + h;
  };
  drawRow(table.columns, true);
  for (const row of table.rows) drawRow(row, false);
}
