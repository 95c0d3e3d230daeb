import { S } from '../strings';

/** A CSS-only spinner (antd-mobile's SpinLoading drags react-spring into the first page). */
export default function Spinner({ label = S.loading, compact }: { label?: string; compact?: boolean }) {
  return (
    <div className={compact ? 'center-inline' : 'center-block'} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {!compact && <div>{label}</div>}
    </div>
  );
}
