/**
 * 查询举报进度 (/report/track): receipt code + passphrase → a 30-minute token kept only in this page's
 * memory → progress in plain words, the handler's questions with a reply box, more evidence, the result,
 * and 遭受打击报复.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from 'antd-mobile';
import type { TReporterView } from '@mpw/contracts';
import { SubPage } from '../../components/SubPage';
import { fmtDay } from '../../format';
import { S } from '../../strings';
import { Field, FilePicker, inputId } from './parts';
import { formatReceiptCode, RECEIPT_CODE, ReportApiError, reportApi } from './reportApi';
import { R } from './text';
import './report.css';

type Access = { token: string; view: TReporterView };

function fmtAt(at: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(at) ? fmtDay(at) : new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function LookUp({ notice, onOpen }: { notice: string; onOpen: (a: Access) => void }) {
  const [code, setCode] = useState('');
  const [pass, setPass] = useState('');
  const [errors, setErrors] = useState<{ receiptCode?: string; passphrase?: string }>({});
  const [general, setGeneral] = useState(notice);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const receiptCode = formatReceiptCode(code);
    const local: typeof errors = {};
    if (!RECEIPT_CODE.test(receiptCode)) local.receiptCode = '受理码格式不正确（4组4位字母或数字，如 K7QM-3XHP-9WTD-RB2F）';
    if (pass.length < 8) local.passphrase = R.passphraseShort;
    setErrors(local);
    setGeneral('');
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const { token } = await reportApi.access({ receiptCode, passphrase: pass });
      const view = await reportApi.mine(token);
      setPass('');
      onOpen({ token, view });
    } catch (err) {
      if (err instanceof ReportApiError) {
        setErrors({ receiptCode: err.fields.receiptCode, passphrase: err.fields.passphrase });
        if (!err.fields.receiptCode && !err.fields.passphrase) setGeneral(err.message);
      } else setGeneral(err instanceof Error ? err.message : S.networkError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="track-form">
      <p className="plain">{R.trackIntro}</p>
      <Field name="receiptCode" label={R.receiptCodeInput} hint={R.receiptCodeHint} error={errors.receiptCode} input>
        <input
          id={inputId('receiptCode')}
          className="field-input code-input"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={19}
          value={code}
          onChange={(e) => setCode(formatReceiptCode(e.target.value))}
          data-testid="track-code"
        />
      </Field>
      <Field name="passphrase" label={R.passphraseInput} error={errors.passphrase} input>
        <input id={inputId('passphrase')} className="field-input" type="password" autoComplete="current-password" maxLength={64} value={pass} onChange={(e) => setPass(e.target.value)} data-testid="track-passphrase" />
      </Field>
      {general && (
        <p className="error-text" role="alert" data-testid="track-error">
          {general}
        </p>
      )}
      <Button block type="submit" color="primary" size="large" loading={busy} disabled={busy} data-testid="track-submit">
        {busy ? R.lookingUp : R.lookUp}
      </Button>
    </form>
  );
}

/** A small form with one textarea, its error from the server, and a send button. */
function TextForm({ label, hint, submitLabel, testId, send }: { label: string; hint?: string; submitLabel: string; testId: string; send: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setError(R.required(label));
      return;
    }
    setBusy(true);
    setError('');
    try {
      await send(text.trim());
      setText('');
      setSent(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : S.networkError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid={`${testId}-form`}>
      <Field name={testId} label={label} hint={hint} error={error} input>
        <textarea
          id={inputId(testId)}
          className="field-input"
          rows={4}
          maxLength={2000}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setSent(false);
          }}
          data-testid={`${testId}-text`}
        />
      </Field>
      {sent && (
        <p className="ok-line" role="status" data-testid={`${testId}-sent`}>
          {R.sent}
        </p>
      )}
      <Button block type="submit" color="primary" size="large" loading={busy} disabled={busy} data-testid={`${testId}-submit`}>
        {submitLabel}
      </Button>
    </form>
  );
}

function Evidence({ view, upload }: { view: TReporterView; upload: (f: File) => Promise<void> }) {
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const send = async () => {
    setBusy(true);
    setError('');
    const left: File[] = [];
    const messages: string[] = [];
    for (const f of files) {
      try {
        await upload(f);
      } catch (err) {
        left.push(f);
        messages.push(`${f.name}：${err instanceof Error ? err.message : S.networkError}`);
      }
    }
    setFiles(left);
    setError(messages.join('；'));
    setBusy(false);
  };
  return (
    <section className="card" data-testid="track-evidence">
      <h2 className="form-title">{R.evidence}</h2>
      {view.attachments.length === 0 ? (
        <p className="muted">{R.noEvidence}</p>
      ) : (
        <ul className="file-list">
          {view.attachments.map((a) => (
            <li key={a.id} data-testid="track-attachment">
              <span className="file-name">{a.fileName}</span>
              <span className="muted small">{R.sizeKb(a.sizeBytes)}</span>
            </li>
          ))}
        </ul>
      )}
      {view.isOpen && (
        <>
          <FilePicker files={files} onChange={setFiles} label={R.addEvidence} testId="track-files" />
          {error && (
            <p className="error-text" role="alert" data-testid="track-upload-error">
              {error}
            </p>
          )}
          {files.length > 0 && (
            <Button block color="primary" size="large" loading={busy} disabled={busy} onClick={send} data-testid="track-upload">
              {R.send}
            </Button>
          )}
        </>
      )}
    </section>
  );
}

function Retaliation({ view, send }: { view: TReporterView; send: (t: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  if (view.retaliationFlagged) {
    return (
      <section className="card notice-card" data-testid="track-retaliation-done">
        <h2 className="form-title">{R.retaliationTitle}</h2>
        <p className="plain">{R.retaliationDone}</p>
      </section>
    );
  }
  if (!view.isOpen) return null;
  return (
    <section className="card" data-testid="track-retaliation">
      <h2 className="form-title">{R.retaliationTitle}</h2>
      <p className="muted">{R.retaliationExplain}</p>
      {open ? (
        <>
          <TextForm label={R.retaliationText} hint={R.retaliationHint} submitLabel={R.retaliationSubmit} testId="retaliation" send={send} />
          <button type="button" className="link-button cancel-link" onClick={() => setOpen(false)}>
            {R.cancel}
          </button>
        </>
      ) : (
        <button type="button" className="warn-button" onClick={() => setOpen(true)} data-testid="retaliation-open">
          {R.retaliationOpen}
        </button>
      )}
    </section>
  );
}

function View({ access, onView, onExpired, onLeave }: { access: Access; onView: (v: TReporterView) => void; onExpired: () => void; onLeave: () => void }) {
  const { token, view } = access;
  /** Runs a call with the token; an expired token goes back to the look-up form. */
  const withToken = async (f: () => Promise<TReporterView>) => {
    try {
      onView(await f());
    } catch (err) {
      if (err instanceof ReportApiError && err.status === 401) onExpired();
      throw err;
    }
  };
  const result = view.feedback || view.conclusion;
  const waiting = view.isOpen && view.messages.length > 0 && view.messages[view.messages.length - 1]!.direction === 'to_reporter';
  return (
    <div data-testid="track-view">
      <section className="card status-card">
        <p className="receipt-label">{R.status}</p>
        <p className="status-big" data-testid="track-status">
          {view.statusText}
        </p>
        <dl className="facts">
          <div>
            <dt>{R.number}</dt>
            <dd data-testid="track-number">{view.number}</dd>
          </div>
          <div>
            <dt>{R.receivedOn}</dt>
            <dd>{fmtDay(view.receivedOn)}</dd>
          </div>
          <div>
            <dt>{R.kind}</dt>
            <dd>{view.anonymous ? R.anonymous : R.realName}</dd>
          </div>
        </dl>
        {waiting && (
          <a className="question-waiting" href="#track-messages" data-testid="track-question-waiting">
            {R.questionWaiting}
          </a>
        )}
        <button type="button" className="link-button" onClick={() => withToken(() => reportApi.mine(token)).catch(() => undefined)} data-testid="track-refresh">
          {R.refresh}
        </button>
      </section>

      {result && (
        <section className="card result-card" data-testid="track-result">
          <h2 className="form-title">{view.status === 'not_accepted' ? R.notAccepted : R.result}</h2>
          {view.conclusion && (
            <p className="plain">
              {R.conclusion}：<strong>{R.conclusions[view.conclusion] ?? view.conclusion}</strong>
            </p>
          )}
          {view.feedback && <p className="plain pre-wrap">{view.feedback}</p>}
        </section>
      )}

      <section className="card" id="track-messages" data-testid="track-messages">
        <h2 className="form-title">{R.messages}</h2>
        {view.messages.length === 0 ? (
          <p className="muted">{R.noMessages}</p>
        ) : (
          <ul className="messages">
            {view.messages.map((m) => (
              <li key={m.id} className={`message message-${m.direction}`} data-testid="track-message" data-direction={m.direction}>
                <div className="message-who">
                  {m.direction === 'to_reporter' ? R.fromHandler : R.fromMe} · {fmtAt(m.at)}
                </div>
                <div className="pre-wrap">{m.body}</div>
              </li>
            ))}
          </ul>
        )}
        {view.isOpen ? (
          <TextForm label={R.reply} hint={view.anonymous ? R.replyHint : undefined} submitLabel={R.send} testId="track-reply" send={(t) => withToken(() => reportApi.message(token, t))} />
        ) : (
          <p className="muted">{R.closed}</p>
        )}
      </section>

      <Evidence view={view} upload={(f) => withToken(() => reportApi.upload(token, f))} />

      <section className="card" data-testid="track-progress">
        <h2 className="form-title">{R.progress}</h2>
        <ol className="timeline">
          {view.progress.map((p, i) => (
            <li key={i}>
              <span className="history-time">{fmtDay(p.on)}</span>
              <div>{p.text}</div>
            </li>
          ))}
        </ol>
      </section>

      <Retaliation view={view} send={(t) => withToken(() => reportApi.retaliation(token, t))} />

      <details className="card">
        <summary className="how-title">{R.myReport}</summary>
        <p className="plain pre-wrap" data-testid="track-content">
          {view.content}
        </p>
      </details>

      <div className="page-action">
        <Button block size="large" onClick={onLeave} data-testid="track-leave">
          {R.leave}
        </Button>
        <p className="muted small center-text">{R.leaveHint}</p>
      </div>
    </div>
  );
}

export default function ReportTrack() {
  const [access, setAccess] = useState<Access | null>(null);
  const [notice, setNotice] = useState('');
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    document.title = `${R.trackTitle} · ${S.appName}`;
  }, []);
  const leave = (why: string) => {
    setAccess(null);
    setNotice(why);
    setFormKey((k) => k + 1);
    window.scrollTo(0, 0);
  };
  return (
    <SubPage title={R.trackTitle} back="/report">
      <header className="sub-header">
        <h1 className="sub-title" data-testid="track-title">
          {R.trackTitle}
        </h1>
      </header>
      {access ? (
        <View access={access} onView={(view) => setAccess((a) => (a ? { ...a, view } : a))} onExpired={() => leave(R.expired)} onLeave={() => leave('')} />
      ) : (
        <LookUp key={formKey} notice={notice} onOpen={setAccess} />
      )}
    </SubPage>
  );
}
