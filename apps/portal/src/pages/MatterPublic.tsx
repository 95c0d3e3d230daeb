import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from 'antd-mobile';
import { postJson } from '../api';
import { S } from '../strings';
import { useJson } from '../useJson';
import { fmtDay } from '../format';
import type { TPublicMatter, TStepState } from '../types';
import { LoadView, SubPage } from '../components/SubPage';
import { MatterStatus } from '../components/Status';

const STATE_TEXT: Record<TStepState, string> = { done: S.stepDone, current: S.stepCurrent, pending: S.stepPending, skipped: S.stepSkipped };
const STATE_MARK: Record<TStepState, string> = { done: '✓', current: '▶', pending: '○', skipped: '—' };

/** 我有异议: the form a villager fills during a public notice (optional name = anonymous). */
function ObjectionForm({ matterId, sent, onSent }: { matterId: string; sent: boolean; onSent: () => void }) {
  const [open, setOpen] = useState(false);
  const [content, setContent] = useState('');
  const [name, setName] = useState('');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'sending' } | { kind: 'error'; message: string } | { kind: 'done' }>({ kind: 'idle' });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (content.trim().length < 5) {
      setState({ kind: 'error', message: S.objectTooShort });
      return;
    }
    setState({ kind: 'sending' });
    try {
      await postJson(`/public/matters/${matterId}/objections`, { content: content.trim(), name: name.trim() || undefined });
      setState({ kind: 'done' });
      setContent('');
      onSent();
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error ? err.message : S.networkError });
    }
  }

  if (sent || state.kind === 'done') {
    return (
      <p className="ok-box" role="status" data-testid="objection-done">
        {S.objectDone}
      </p>
    );
  }
  if (!open) {
    return (
      <Button block color="primary" size="large" onClick={() => setOpen(true)} data-testid="objection-open">
        {S.objectTitle}
      </Button>
    );
  }
  return (
    <form className="objection-form" onSubmit={(e) => void submit(e)} data-testid="objection-form">
      <h3 className="form-title">{S.objectTitle}</h3>
      <p className="muted">{S.objectIntro}</p>
      <label className="field">
        <span className="field-label">{S.objectContent}</span>
        <textarea
          className="field-input"
          rows={5}
          maxLength={1000}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          placeholder={S.objectContentPlaceholder}
          required
          data-testid="objection-content"
        />
      </label>
      <label className="field">
        <span className="field-label">{S.objectName}</span>
        <input className="field-input" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" data-testid="objection-name" />
        <span className="muted small">{S.objectNameHint}</span>
      </label>
      {state.kind === 'error' && (
        <p className="error-text" role="alert" data-testid="objection-error">
          {state.message}
        </p>
      )}
      <Button block color="primary" size="large" type="submit" loading={state.kind === 'sending'} loadingText={S.objectSending} data-testid="objection-submit">
        {S.objectSubmit}
      </Button>
    </form>
  );
}

function Matter({ m, code, sent, onSent }: { m: TPublicMatter; code: string; sent: boolean; onSent: () => void }) {
  useEffect(() => {
    document.title = `${m.title} · ${S.appName}`;
  }, [m.title]);
  const inNotice = !!m.noticeEndsOn && (m.status === 'running' || m.status === 'paused');
  return (
    <>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="matter-title">
          {m.title}
        </h1>
        <p className="sub-tags">
          <MatterStatus m={m} />
        </p>
      </header>
      <section className="card">
        <dl className="facts">
          <div>
            <dt>{S.powerTitle}</dt>
            <dd>
              <Link to={`/v/${code}/power/${m.itemId}`}>{m.itemName}</Link>
            </dd>
          </div>
          {m.currentStepName && (
            <div>
              <dt>{S.currentStep}</dt>
              <dd>
                <strong>{m.currentStepName}</strong>
              </dd>
            </div>
          )}
          {m.applicantName && (
            <div>
              <dt>{S.applicant}</dt>
              <dd>{m.applicantName}</dd>
            </div>
          )}
          {m.amountFen !== null && (
            <div>
              <dt>{S.amount}</dt>
              <dd>{S.yuan(m.amountFen)}</dd>
            </div>
          )}
          <div>
            <dt>{S.startedOn}</dt>
            <dd>{fmtDay(m.createdAt)}</dd>
          </div>
          <div>
            <dt>{S.matterNo}</dt>
            <dd className="small">{m.matterNo}</dd>
          </div>
        </dl>
      </section>

      {inNotice && (
        <section className="card notice-card" data-testid="matter-notice">
          <p className="notice-line big">{S.noticeUntil(fmtDay(m.noticeEndsOn))}</p>
          <p className="muted">{S.noticeCanObject}</p>
          <ObjectionForm matterId={m.id} sent={sent} onSent={onSent} />
        </section>
      )}

      {m.steps && (
        <section className="card">
          <h2 className="card-title">{S.matterSteps}</h2>
          <ol className="progress" data-testid="matter-steps">
            {m.steps.map((s) => (
              <li key={s.index} className={`progress-step is-${s.state}`}>
                <span className="progress-mark" aria-hidden="true">
                  {STATE_MARK[s.state]}
                </span>
                <div>
                  <div className="progress-name">{s.name}</div>
                  <div className="progress-state">{STATE_TEXT[s.state]}</div>
                  {s.disclose && s.state !== 'skipped' && <div className="muted small">{s.disclose}</div>}
                </div>
              </li>
            ))}
          </ol>
        </section>
      )}

      {m.events && m.events.length > 0 && (
        <section className="card">
          <h2 className="card-title">{S.matterHistory}</h2>
          <ul className="history">
            {[...m.events].reverse().map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <div className="history-time">{fmtDay(e.at)}</div>
                <div>
                  <strong>{S.matterActions[e.action] ?? e.action}</strong>
                  {e.stepName && <span className="muted">（{e.stepName}）</span>}
                </div>
                {e.note && <div className="history-note">{e.note}</div>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {m.objections && m.objections.length > 0 && (
        <section className="card">
          <h2 className="card-title">{S.matterObjections}</h2>
          <ul className="history">
            {m.objections.map((o, i) => (
              <li key={`${o.raisedAt}-${i}`}>
                <div>{S.objectionRaisedOn(fmtDay(o.raisedAt))}</div>
                {o.answeredAt ? (
                  <div className="history-note">
                    <div className="muted small">{S.objectionAnswered(fmtDay(o.answeredAt))}</div>
                    {o.answer}
                  </div>
                ) : (
                  <div className="muted">{S.objectionWaiting}</div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** A public matter: status, current step, notice end date, 我有异议 during the notice, steps and history. */
export default function MatterPublic() {
  const { code = '', id = '' } = useParams();
  const [state, retry] = useJson<TPublicMatter>(/^[0-9a-f-]{36}$/i.test(id) ? `/public/matters/${id}` : null);
  // Kept here so that the confirmation survives the reload that shows the paused matter.
  const [sent, setSent] = useState(false);
  return (
    <SubPage title={S.affairsTitle} back={`/v/${code}/affairs`}>
      <LoadView state={state} retry={retry} notFound={S.matterNotFound}>
        {(m) => (
          <Matter
            m={m}
            code={code}
            sent={sent}
            onSent={() => {
              setSent(true);
              retry();
            }}
          />
        )}
      </LoadView>
    </SubPage>
  );
}
