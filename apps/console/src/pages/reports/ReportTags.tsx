import { Space, Tag, Typography } from 'antd';
import type { TReportStatus, TReportSummary } from '@mpw/contracts';
import { useI18n } from '../../i18n';
import { dayOnly } from './report-logic';

const STATUS_COLORS: Record<TReportStatus, string> = {
  received: 'blue',
  not_accepted: 'default',
  accepted: 'cyan',
  assigned: 'geekblue',
  verifying: 'purple',
  concluded: 'green',
  feedback_given: 'green',
  archived: 'default',
};

export function ReportStatusTag({ status }: { status: TReportStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="report-status">
      {tl('report.status', status)}
    </Tag>
  );
}

/** High priority, retaliation reported, overdue: what makes a report stand out in the list. */
export function ReportFlags({ r }: { r: Pick<TReportSummary, 'priority' | 'retaliationFlagged' | 'isOverdue'> }) {
  const { t } = useI18n();
  return (
    <Space size={2} wrap>
      {r.priority === 'high' && (
        <Tag color="volcano" data-testid="report-priority-high">
          {t('report.priorityHigh')}
        </Tag>
      )}
      {r.retaliationFlagged && <Tag color="magenta">{t('report.retaliation')}</Tag>}
      {r.isOverdue && (
        <Tag color="red" data-testid="report-overdue">
          {t('report.overdue')}
        </Tag>
      )}
    </Space>
  );
}

/** The current time limit; red when it has passed. */
export function DueOn({ r }: { r: Pick<TReportSummary, 'dueOn' | 'isOverdue'> }) {
  if (!r.dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  return r.isOverdue ? (
    <Typography.Text type="danger" strong className="report-due-overdue">
      {dayOnly(r.dueOn)}
    </Typography.Text>
  ) : (
    <span>{dayOnly(r.dueOn)}</span>
  );
}
