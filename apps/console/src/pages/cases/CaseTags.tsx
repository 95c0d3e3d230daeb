import { Tag } from 'antd';
import type { TCaseKind, TCaseStatus, TFaultToleranceStatus, TTypicalCaseStatus } from '@mpw/contracts';
import { useI18n } from '../../i18n';

const STATUS_COLORS: Record<TCaseStatus, string> = {
  preliminary: 'blue',
  closed_unfiled: 'default',
  filed: 'cyan',
  investigating: 'geekblue',
  reviewing: 'purple',
  decided: 'orange',
  executed: 'green',
};

export function CaseStatusTag({ status }: { status: TCaseStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {tl('case.status', status)}
    </Tag>
  );
}

/** 一案双查 records stand out from main cases. */
export function CaseKindTag({ kind }: { kind: TCaseKind }) {
  const { tl } = useI18n();
  return kind === 'accountability' ? <Tag color="magenta">{tl('case.kind', kind)}</Tag> : null;
}

const TOLERANCE_COLORS: Record<TFaultToleranceStatus, string> = { pending: 'gold', approved: 'green', rejected: 'default' };

export function ToleranceTag({ status }: { status: TFaultToleranceStatus | null }) {
  const { tl } = useI18n();
  if (!status) return null;
  return (
    <Tag color={TOLERANCE_COLORS[status]} data-testid="case-tolerance">
      {tl('case.tolerance', status)}
    </Tag>
  );
}

const TYPICAL_COLORS: Record<TTypicalCaseStatus, string> = { draft: 'gold', approved: 'blue', published: 'green', withdrawn: 'default' };

export function TypicalStatusTag({ status }: { status: TTypicalCaseStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={TYPICAL_COLORS[status]} data-testid="typical-status">
      {tl('typical.status', status)}
    </Tag>
  );
}
