import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { TPublicDisclosure } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import { fmtDay } from '../format';
import { yuan } from '../books';
import { apiUrl, postJson } from '../api';
import { LoadView, SubPage } from '../components/SubPage';

function AskForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [content, setContent] = useState('');
  const [name, setName] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <div className="ok-box" role="status" data-testid="ask-done">
        {S.askDone}
      </div>
    );
  }
  if (!open) {
    return (
      <Button block color="primary" size="large" onClick={() => setOpen(true)} data-testid="ask-open">
        {S.askTitle}
      </Button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (content.trim().length === 0) {
      setError(S.askEmpty);
      return;
    }
    setSending(true);
    setError('');
    try {
      await postJson(`/public/disclosures/${id}/questions`, { content: content.trim(), ...(name.trim() ? { name: name.trim() } : {}) });
      setDone(true);
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : S.networkError);
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="objection-form card" onSubmit={submit} data-testid="ask-form">
      <h2 className="form-title">{S.askTitle}</h2>
      <p className="muted">{S.askIntro}</p>
      <label className="field">
        <span className="field-label">{S.askContent}</span>
        <textarea className="field-input" rows={4} maxLength={1000} value={content} onChange={(e) => setContent(e.target.value)} data-testid="ask-content" />
      </label>
      <label className="field">
        <span className="field-label">{S.objectName}</span>
        <input className="field-input" maxLength={20} value={name} onChange={(e) => setName(e.target.value)} data-testid="ask-name" />
        <span className="muted small">{S.objectNameHint}</span>
      </label>
      {error && (
        <p className="error-text" role="alert" data-testid="ask-error">
          {error}
        </p>
      )}
      <Button block type="submit" color="primary" size="large" loading={sending} disabled={sending} data-testid="ask-submit">
        {sending ? S.objectSending : S.askSubmit}
      </Button>
    </form>
  );
}

/** One published item of 村务公开: summary, sections and tables, versions, questions. */
export default function DisclosurePublic() {
  const { code = '', id = '' } = useParams();
  const [state, retry] = useJson<TPublicDisclosure>(id ? `/public/disclosures/${id}` : null);
  const title = state.kind === 'ok' ? state.data.title : '';
  useEffect(() => {
    document.title = `${title || S.disclosureTitle} · ${S.appName}`;
  }, [title]);
  return (
    <SubPage title={S.disclosureTitle} back={`/v/${code}/affairs?tab=disclosures`}>
      <LoadView state={state} retry={retry} notFound={S.disclosureNotFound}>
        {(d) => (
          <>
            <header className="sub-header">
              <h1 className="sub-title" data-testid="disclosure-title">
                {d.title}
              </h1>
              <div className="sub-tags">
                <span className="big-tag">{d.kindLabel}</span>
                {d.period && <span className="big-tag">{d.period}</span>}
                {d.correctedLabel && (
                  <span className="status status-late" data-testid="corrected-tag">
                    {d.correctedLabel}
                  </span>
                )}
              </div>
              <p className="muted small">
                {S.disclosurePublishedOn(fmtDay(d.firstPublishedAt))}
                {d.version > 1 ? ` · ${S.disclosureVersion(d.version)}` : ''}
              </p>
            </header>
            <section className="card" data-testid="disclosure-summary">
              <p className="plain pre-wrap">{d.content.summary}</p>
              {d.content.totals && Object.keys(d.content.totals).length > 0 && (
                <dl className="facts">
                  {Object.entries(d.content.totals).map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>{typeof v === 'number' ? yuan(v) : v}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </section>
            {d.content.sections.map((s, i) => (
              <section className="card" key={i} data-testid="disclosure-section">
                <h2 className="form-title">{s.heading}</h2>
                {s.text && <p className="plain pre-wrap">{s.text}</p>}
                {s.table && (
                  <div className="table-wrap">
                    <table className="plain-table">
                      <thead>
                        <tr>
                          {s.table.columns.map((c, j) => (
                            <th key={j}>{c}</th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {s.table.rows.map((r, j) => (
                          <tr key={j}>
                            {r.map((c, k) => (
                              <td key={k}>{c}</td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            ))}
            <div className="page-action">
              <a className="big-link" href={apiUrl(`/public/disclosures/${d.id}/poster.pdf`)} target="_blank" rel="noreferrer" data-testid="poster-link">
                {S.disclosurePoster}
              </a>
            </div>
            {d.versions.length > 1 && (
              <section className="card" data-testid="disclosure-versions">
                <h2 className="form-title">{S.disclosureVersions}</h2>
                <ul className="history">
                  {d.versions.map((v) => (
                    <li key={v.version}>
                      <div>
                        <strong>{S.disclosureVersion(v.version)}</strong> <span className="history-time">{fmtDay(v.publishedAt)}</span>
                      </div>
                      {v.correctionReason && <div className="history-note">{S.disclosureCorrection(v.correctionReason)}</div>}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <section className="card" data-testid="disclosure-questions">
              <h2 className="form-title">{S.disclosureQuestions}</h2>
              {d.questions.length === 0 ? (
                <p className="muted">{S.disclosureNoQuestions}</p>
              ) : (
                <ul className="history">
                  {d.questions.map((q) => (
                    <li key={q.id} data-testid="disclosure-question">
                      <div className="plain pre-wrap">{q.content}</div>
                      <div className="history-time">
                        {q.askerName ?? S.anonymous} · {fmtDay(q.askedAt)}
                      </div>
                      <div className="history-note">{q.answer ? `${S.answer}：${q.answer}` : S.answerWaiting(fmtDay(q.dueOn))}</div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <div className="page-action">
              <AskForm id={d.id} onDone={() => undefined} />
            </div>
          </>
        )}
      </LoadView>
    </SubPage>
  );
}
