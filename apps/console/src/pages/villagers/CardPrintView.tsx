import { useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { Alert, Button, Space, Typography } from 'antd';
import { CloseOutlined, PrinterOutlined } from '@ant-design/icons';
import type { THouseholdCard } from '@mpw/contracts';
import { useI18n } from '../../i18n';
import { dayOnly } from '../reports/report-logic';

/**
 * Print on A4 only the cards: everything else of the page is hidden while printing. Kept in the
 * component (not styles.css) so the rules exist only while the view is open.
 */
const PRINT_CSS = `
.hh-print { position: fixed; inset: 0; z-index: 2000; background: #f5f6f8; overflow: auto; }
.hh-print-toolbar { position: sticky; top: 0; z-index: 1; background: #fff; padding: 12px 24px; border-bottom: 1px solid #f0f0f0; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; }
.hh-print-sheet { width: 210mm; margin: 16px auto; padding: 10mm; box-sizing: border-box; background: #fff; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 5mm 6mm; }
.hh-card { border: 1px dashed #888; border-radius: 3mm; padding: 3.5mm 4mm; height: 62mm; box-sizing: border-box; display: flex; flex-direction: column; gap: 1.5mm; break-inside: avoid; page-break-inside: avoid; color: #000; overflow: hidden; }
.hh-card-title { font-size: 11pt; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.hh-card-main { display: flex; gap: 4mm; align-items: center; }
.hh-card-qr { width: 30mm; height: 30mm; flex: none; }
.hh-card-qr img { width: 100%; height: 100%; display: block; }
.hh-card-body { display: flex; flex-direction: column; min-width: 0; font-size: 9.5pt; line-height: 1.4; }
.hh-card-code { font: bold 17pt ui-monospace, Menlo, Consolas, monospace; letter-spacing: 1px; white-space: nowrap; }
.hh-card-hint { font-size: 7pt; line-height: 1.35; color: #333; overflow-wrap: anywhere; }
@media print {
  @page { size: A4; margin: 0; }
  html, body { background: #fff !important; }
  body > *:not(.hh-print) { display: none !important; }
  .hh-print { position: static; overflow: visible; background: #fff; }
  .hh-print-toolbar { display: none; }
  .hh-print-sheet { margin: 0; }
}
`;

/** A portal URL of the card as printed (the code itself stays out of it: the QR carries it in the fragment). */
function cardDisplayUrl(url: string): string {
  return url.split('#')[0] ?? url;
}

/**
 * The cards of the codes just issued, two per row on A4, with a 打印 button. The codes exist only in
 * this view's props: closing it drops them, nothing is written to storage. The QR is the server's SVG
 * shown as an image (an SVG in <img> runs no script).
 */
export default function CardPrintView({ cards, onClose }: { cards: readonly THouseholdCard[]; onClose: () => void }) {
  const { t } = useI18n();
  const images = useMemo(() => cards.map((c) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(c.qrSvg)}`), [cards]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return createPortal(
    <div className="hh-print" role="dialog" aria-label={t('vil.print.title')} data-testid="hh-print">
      <style>{PRINT_CSS}</style>
      <div className="hh-print-toolbar">
        <Space orientation="vertical" size={4}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('vil.print.title')}（{t('vil.print.count', { n: cards.length })}）
          </Typography.Title>
          <Alert type="warning" showIcon title={t('vil.print.once')} />
        </Space>
        <Space>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="hh-print-button">
            {t('vil.print.print')}
          </Button>
          <Button icon={<CloseOutlined />} onClick={onClose} data-testid="hh-print-close">
            {t('vil.print.close')}
          </Button>
        </Space>
      </div>
      <div className="hh-print-sheet">
        {cards.map((c, i) => (
          <div className="hh-card" key={`${c.regionCode}:${c.householdId}:${c.serial}`} data-testid="hh-card">
            <span className="hh-card-title">
              {c.townshipName}
              {c.villageName} · {t('vil.print.cardTitle')}
            </span>
            <div className="hh-card-main">
              <div className="hh-card-qr">
                <img src={images[i]} alt={t('vil.print.qrAlt')} data-testid="hh-card-qr" />
              </div>
              <div className="hh-card-body">
                <span>
                  {t('vil.print.household')}：{c.householdId}
                </span>
                {c.headName && (
                  <span>
                    {t('vil.print.head')}：{c.headName}
                  </span>
                )}
                <span>{t('vil.print.codeLabel')}</span>
                <span className="hh-card-code" data-testid="hh-card-code">
                  {c.code}
                </span>
                <span>
                  {t('vil.print.serial', { n: c.serial })} · {t('vil.print.issuedOn', { day: dayOnly(c.issuedAt) })}
                </span>
              </div>
            </div>
            <span className="hh-card-hint">{t('vil.print.hint', { url: cardDisplayUrl(c.url) })}</span>
          </div>
        ))}
      </div>
    </div>,
    document.body,
  );
}
