import { Space, Tag } from 'antd';
import type { TAlert } from '@mpw/contracts';
import { useI18n } from '../../i18n';
import { ALERT_STATUS_COLOURS, SEVERITY_COLOURS } from '../../domain';

/** 红 / 黄 / 蓝, coloured. */
export function SeverityTag({ severity }: { severity: string }) {
  const { tl } = useI18n();
  return (
    <Tag color={SEVERITY_COLOURS[severity]} variant="solid" data-testid={`severity-${severity}`}>
      {tl('alert.severity', severity)}
    </Tag>
  );
}

/** The status, and the marks beside it: 已分派 (open with a handler), 已升级, 数据已消除. */
export function AlertStatusTags({ alert: a }: { alert: Pick<TAlert, 'status' | 'assignedTo' | 'escalated' | 'resolvedByData'> }) {
  const { t, tl } = useI18n();
  return (
    <Space size={2} wrap data-testid="alert-status">
      <Tag color={ALERT_STATUS_COLOURS[a.status]}>{tl('alert.status', a.status)}</Tag>
      {a.status === 'open' && a.assignedTo && <Tag color="geekblue">{t('alert.assigned')}</Tag>}
      {a.escalated && a.status === 'open' && <Tag color="magenta">{t('alert.escalated')}</Tag>}
      {a.resolvedByData && <Tag color="cyan">{t('alert.resolvedByData')}</Tag>}
    </Space>
  );
}
