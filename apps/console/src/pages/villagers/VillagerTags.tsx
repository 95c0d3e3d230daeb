import { Tag, Typography } from 'antd';
import type { THearingStatus, TVillageQuestion, TVillageQuestionStatus } from '@mpw/contracts';
import { useI18n } from '../../i18n';
import { dayOnly } from '../reports/report-logic';

const HEARING_COLORS: Record<THearingStatus, string> = { scheduled: 'blue', in_session: 'red', closed: 'default', cancelled: 'default' };
const QUESTION_COLORS: Record<TVillageQuestionStatus, string> = { open: 'orange', answered: 'green', hidden: 'default' };

export function HearingStatusTag({ status }: { status: THearingStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={HEARING_COLORS[status]} data-testid="hr-status">
      {tl('vil.hr.status', status)}
    </Tag>
  );
}

export function QuestionStatusTag({ status }: { status: TVillageQuestionStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={QUESTION_COLORS[status]} data-testid="q-status">
      {tl('vil.q.status', status)}
    </Tag>
  );
}

/** The answer due date; red with 已超期 when an open question is overdue. */
export function QuestionDue({ q }: { q: Pick<TVillageQuestion, 'dueOn' | 'isOverdue' | 'status'> }) {
  const { t } = useI18n();
  if (q.status !== 'open') return <span>{dayOnly(q.dueOn)}</span>;
  return q.isOverdue ? (
    <Typography.Text type="danger" data-testid="q-overdue">
      {dayOnly(q.dueOn)} {t('vil.q.overdue')}
    </Typography.Text>
  ) : (
    <span>{dayOnly(q.dueOn)}</span>
  );
}
