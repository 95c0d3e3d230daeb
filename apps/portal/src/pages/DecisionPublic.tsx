import { useEffect } from 'react';
import { useParams } from 'react-router';
import type { TPublicDecision, TPublicDecisionStage } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import { fmtDay } from '../format';
import { LoadView, SubPage } from '../components/SubPage';
import { DecisionStatus } from '../components/Status';

function Stage({ label, rec, stopped }: { label: string; rec: TPublicDecisionStage | undefined; stopped: boolean }) {
  if (!rec) {
    return (
      <li className="progress-step is-pending">
        <span className="progress-mark" aria-hidden="true">
          ○
        </span>
        <div>
          <div className="progress-name">{label}</div>
          <div className="progress-state">{stopped ? S.decisionStopped : S.decisionNotYet}</div>
        </div>
      </li>
    );
  }
  const failed = rec.outcome === 'failed';
  return (
    <li className={`progress-step ${failed ? 'is-failed' : 'is-done'}`} data-testid="decision-stage">
      <span className="progress-mark" aria-hidden="true">
        {failed ? '✕' : '✓'}
      </span>
      <div>
        <div className="progress-name">{label}</div>
        <div>
          {S.decisionHeldOn(fmtDay(rec.heldOn))}
          {rec.body ? `（${rec.body}）` : ''}
        </div>
        {(rec.eligible !== null || rec.attendees !== null) && <div>{S.decisionAttendance(rec.eligible, rec.attendees)}</div>}
        {(rec.votesFor !== null || rec.votesAgainst !== null || rec.abstentions !== null) && <div>{S.decisionVotes(rec.votesFor, rec.votesAgainst, rec.abstentions)}</div>}
        <div className="stage-tags">
          {rec.outcome === 'passed' && <span className="status status-d-passed">{S.decisionPassed}</span>}
          {failed && <span className="status status-d-failed">{S.decisionFailed}</span>}
          {rec.isLate && <span className="status status-late">{S.decisionLate}</span>}
        </div>
        {failed && rec.outcomeReason && <div className="history-note">{rec.outcomeReason}</div>}
        {rec.minutes && (
          <details className="more">
            <summary className="how-title">{S.decisionMinutes}</summary>
            <p className="plain pre-wrap">{rec.minutes}</p>
          </details>
        )}
      </div>
    </li>
  );
}

function Decision({ d }: { d: TPublicDecision }) {
  useEffect(() => {
    document.title = `${d.title} · ${S.appName}`;
  }, [d.title]);
  const byStage = new Map(d.stages.map((s) => [s.stage, s]));
  return (
    <>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="decision-title">
          {d.title}
        </h1>
        <p className="sub-tags">
          <DecisionStatus status={d.status} />
        </p>
      </header>
      <section className="card">
        <dl className="facts">
          {d.amountFen !== null && (
            <div>
              <dt>{S.amount}</dt>
              <dd>{S.yuan(d.amountFen)}</dd>
            </div>
          )}
          <div>
            <dt>{S.matterNo}</dt>
            <dd className="small">{d.decisionNo}</dd>
          </div>
          <div>
            <dt>{S.matterSteps}</dt>
            <dd>{S.decisionStagesDone(d.stages.length)}</dd>
          </div>
        </dl>
      </section>
      <section className="card">
        <h2 className="card-title">{S.decisionSteps}</h2>
        <ol className="progress" data-testid="decision-stages">
          {S.decisionStages.map(([key, label]) => (
            <Stage key={key} label={label} rec={byStage.get(key)} stopped={d.status === 'failed'} />
          ))}
        </ol>
      </section>
    </>
  );
}

/** A 四议两公开 decision: the six stages with dates, attendance, votes and outcome. */
export default function DecisionPublic() {
  const { code = '', id = '' } = useParams();
  const [state, retry] = useJson<TPublicDecision>(/^[0-9a-f-]{36}$/i.test(id) ? `/public/decisions/${id}` : null);
  return (
    <SubPage title={S.affairsTitle} back={`/v/${code}/affairs?tab=decisions`}>
      <LoadView state={state} retry={retry} notFound={S.decisionNotFound}>
        {(d) => <Decision d={d} />}
      </LoadView>
    </SubPage>
  );
}
