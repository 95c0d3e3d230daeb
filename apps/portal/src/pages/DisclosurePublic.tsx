import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { TDisclosureContent, TPublicDisclosure, TPublicDisclosureVersion } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import { fmtDay } from '../format';
import { yuan } from '../books';
import { apiUrl, postJson } from '../api';
import { LoadView, SubPage } from '../components/SubPage';
import QrButton from '../components/QrButton';
import ReadAloud from '../components/ReadAloud';

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

/** Names of the totals a generated statement carries; amounts (keys ending in Fen) are shown in yuan. */
const TOTAL_LABELS: Record<string, string> = {
  incomeFen: '本期收入',
  expenseFen: '本期支出',
  balanceFen: '期末结余',
  households: '户（人）次',
  persons: '保障人数',
  monthlyAmountFen: '每月保障金',
  assetCount: '资产资源（项）',
  assetValueFen: '资产登记价值',
  contractCount: '合同（份）',
  contractAmountFen: '合同金额',
  projectCount: '工程（个）',
  paidFen: '累计已付',
  paidInPeriodFen: '本期支付',
};

export function totalLabel(key: string): string {
  return TOTAL_LABELS[key] ?? key;
}

export function totalValue(key: string, v: number | string): string {
  if (typeof v !== 'number') return v;
  return /Fen$/.test(key) ? yuan(v) : String(v);
}

/** A version's words as one text to read aloud: title, summary, totals, each section (table rows as "column: value"). */
export function disclosureSpeech(title: string, content: TDisclosureContent): string {
  const lines = [title + '。', content.summary];
  for (const [k, v] of Object.entries(content.totals ?? {})) lines.push(`${totalLabel(k)}：${totalValue(k, v)}。`);
  for (const s of content.sections) {
    lines.push(s.heading + '。');
    if (s.text) lines.push(s.text);
    for (const r of s.table?.rows ?? []) lines.push(r.map((c, i) => (s.table!.columns[i] ? `${s.table!.columns[i]}：${c}` : c)).join('，') + '。');
  }
  return lines.filter(Boolean).join('\n');
}

/** The summary, totals and sections of one version. */
function ContentView({ content }: { content: TDisclosureContent }) {
  const d = { content };
  return (
    <>
      <section className="card" data-testid="disclosure-summary">
        <p className="plain pre-wrap">{d.content.summary}</p>
        {d.content.totals && Object.keys(d.content.totals).length > 0 && (
          <dl className="facts">
            {Object.entries(d.content.totals).map(([k, v]) => (
              <div key={k}>
                <dt>{totalLabel(k)}</dt>
                <dd>{totalValue(k, v)}</dd>
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
    </>
  );
}

/** An earlier (or any) published version, fetched on its own. */
function VersionContent({ id, n }: { id: string; n: number }) {
  const [state, retry] = useJson<TPublicDisclosureVersion>(`/public/disclosures/${id}/versions/${n}`);
  return (
    <LoadView state={state} retry={retry} notFound={S.disclosureVersionNotFound}>
      {(v) => (
        <div data-testid="disclosure-old-version">
          <ContentView content={v.content} />
        </div>
      )}
    </LoadView>
  );
}

/** Says that this is an earlier version, that it was corrected, why, and where the current one is. */
function OldVersionNotice({ d, n, code }: { d: TPublicDisclosure; n: number; code: string }) {
  if (n === d.version) return null;
  const next = d.versions.find((v) => v.version === n + 1);
  return (
    <div className="card notice-card" role="note" data-testid="old-version-notice">
      <p className="plain">
        <span className="status status-late">{S.disclosureCorrectedShort}</span> {S.disclosureOldVersion(n, d.version)}
      </p>
      {next?.correctionReason && <p className="plain">{S.disclosureCorrection(next.correctionReason)}（{fmtDay(next.publishedAt)}）</p>}
      <Link className="big-link" to={`/v/${code}/disclosures/${d.id}`} data-testid="current-version-link">
        {S.disclosureSeeCurrent}
      </Link>
    </div>
  );
}

/** One published item of 村务公开: summary, sections and tables, versions, questions. */
export default function DisclosurePublic() {
  const { code = '', id = '', n: nParam } = useParams();
  const parsed = nParam === undefined ? null : Number(nParam);
  const n = parsed !== null && Number.isInteger(parsed) && parsed >= 1 ? parsed : null;
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
              <div className="page-tools">
                {n === null && <ReadAloud text={disclosureSpeech(d.title, d.content)} />}
                <QrButton villageCode={code} path={`/v/${code}/disclosures/${d.id}`} title={d.title} />
              </div>
            </header>
            {n !== null && <OldVersionNotice d={d} n={n} code={code} />}
            {n === null ? <ContentView content={d.content} /> : <VersionContent id={d.id} n={n} />}
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
                    <li key={v.version} data-testid="disclosure-version">
                      <div>
                        {(n ?? d.version) === v.version ? (
                          <strong>{S.disclosureVersion(v.version)}</strong>
                        ) : (
                          <Link to={v.version === d.version ? `/v/${code}/disclosures/${d.id}` : `/v/${code}/disclosures/${d.id}/versions/${v.version}`} data-testid={`disclosure-version-link-${v.version}`}>
                            {S.disclosureVersion(v.version)}
                          </Link>
                        )}{' '}
                        <span className="history-time">{fmtDay(v.publishedAt)}</span>{' '}
                        {v.version === d.version ? <span className="status status-completed">{S.disclosureCurrent}</span> : <span className="status status-late">{S.disclosureCorrectedShort}</span>}
                        {(n ?? d.version) === v.version && <span className="muted small"> · {S.disclosureViewing}</span>}
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
