import { S } from '../strings';
import type { TPublicMatter } from '../types';

/** A matter's state in plain words; a matter under public notice reads 公示中. */
export function MatterStatus({ m }: { m: Pick<TPublicMatter, 'status' | 'noticeEndsOn'> }) {
  const notice = m.noticeEndsOn && m.status === 'running';
  return <span className={`status status-${notice ? 'notice' : m.status}`}>{notice ? S.inNotice : (S.matterStatus[m.status] ?? m.status)}</span>;
}

/** A 四议两公开 decision's state. */
export function DecisionStatus({ status }: { status: string }) {
  return <span className={`status status-d-${status}`}>{S.decisionStatus[status] ?? status}</span>;
}
