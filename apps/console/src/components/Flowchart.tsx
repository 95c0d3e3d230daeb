import { useEffect, useState } from 'react';
import { Alert, Button, Space, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { api, buildUrl, errorText } from '../api';
import { markFlowchartStates, type TMatterStep } from '../domain';
import { useI18n } from '../i18n';

export function flowchartUrl(itemId: string, opts: { version?: number; theme?: 'print' } = {}): string {
  return buildUrl(`/power/items/${itemId}/flowchart.svg`, { version: opts.version, theme: opts.theme });
}

/** Opens the black-on-white flowchart in a new tab, ready for the browser's print. */
export function PrintFlowchartButton({ itemId, version }: { itemId: string; version?: number }) {
  const { t } = useI18n();
  return (
    <Button icon={<PrinterOutlined />} href={flowchartUrl(itemId, { version, theme: 'print' })} target="_blank" rel="noopener" data-testid="flowchart-print">
      {t('power.print')}
    </Button>
  );
}

/**
 * The server-drawn flowchart of an item (a version of it). With `steps` (a matter's steps and their
 * states) the SVG is placed inline and each step is coloured by its state; otherwise it is an <img>.
 */
export default function Flowchart({ itemId, version, steps, overdue }: { itemId: string; version?: number; steps?: readonly TMatterStep[]; overdue?: boolean }) {
  const { t } = useI18n();
  const [svg, setSvg] = useState<{ text: string | null; error: string | null }>({ text: null, error: null });
  const inline = !!steps;

  useEffect(() => {
    if (!inline) return;
    const ac = new AbortController();
    api
      .get<string>(`/power/items/${itemId}/flowchart.svg`, { version }, { signal: ac.signal })
      .then((text) => setSvg({ text: typeof text === 'string' ? text : null, error: null }))
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setSvg({ text: null, error: errorText(e) });
      });
    return () => ac.abort();
  }, [inline, itemId, version]);

  if (!inline) {
    return (
      <div className="flowchart-box">
        <img src={flowchartUrl(itemId, { version })} alt={t('power.flowchartAlt')} className="flowchart-img" data-testid="flowchart-img" />
      </div>
    );
  }
  if (svg.error) return <Alert type="error" showIcon title={svg.error} />;
  if (!svg.text) return <Spin />;
  return (
    <div className="flowchart-col">
      <div
        className={`flowchart-box flowchart-inline${overdue ? ' is-overdue' : ''}`}
        data-testid="flowchart-inline"
        // Same-origin SVG drawn by the server from validated item content (every text escaped there).
        dangerouslySetInnerHTML={{ __html: markFlowchartStates(svg.text, steps) }}
      />
      <Space size={12} wrap className="flowchart-legend">
        <span className="legend legend-done">{t('matter.stepState.done')}</span>
        <span className="legend legend-current">{t('matter.stepState.current')}</span>
        <span className="legend legend-pending">{t('matter.stepState.pending')}</span>
        <span className="legend legend-skipped">{t('matter.stepState.skipped')}</span>
      </Space>
    </div>
  );
}
