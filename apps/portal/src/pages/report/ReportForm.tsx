/**
 * 我要举报: the form (/report, or /v/:code/report with the village filled in), the proof-of-work,
 * the submission, the upload of the chosen files with the reporter's token, then the receipt.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { TPublicVillage, TReportReceipt } from '@mpw/contracts';
import { getJson } from '../../api';
import { SubPage } from '../../components/SubPage';
import { S } from '../../strings';
import { EMPTY_FORM, FIELD_ORDER, mapServerFields, reportBody, validateReport, type ReportFormValues } from './form';
import { Choices, Field, FilePicker, inputId, VillageChooser, type VillageChoice } from './parts';
import { powPercent, solvePow } from './pow';
import Receipt from './Receipt';
import { ReportApiError, reportApi } from './reportApi';
import { R } from './text';
import './report.css';

type Errors = Partial<Record<keyof ReportFormValues, string>>;
type Phase = { kind: 'edit' } | { kind: 'verifying'; percent: number } | { kind: 'sending' } | { kind: 'uploading'; i: number; n: number };
export interface Done {
  receipt: TReportReceipt;
  uploaded: number;
  failed: string[];
}

function focusFirstError(errors: Errors) {
  const first = FIELD_ORDER.find((k) => errors[k]);
  if (!first) return;
  const el = document.getElementById(`f-${first}`);
  el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el?.querySelector<HTMLElement>('input, textarea, button')?.focus({ preventScroll: true });
}

export default function ReportForm() {
  const { code } = useParams();
  const [v, setV] = useState<ReportFormValues>(EMPTY_FORM);
  const [village, setVillage] = useState<VillageChoice | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'edit' });
  const [done, setDone] = useState<Done | null>(null);
  const [showPass, setShowPass] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const solved = useRef<{ challenge: string; nonce: string; expiresAt: string } | null>(null);

  useEffect(() => {
    document.title = `${R.title} · ${S.appName}`;
    return () => abort.current?.abort();
  }, []);

  // /v/:code/report: the village is known.
  useEffect(() => {
    if (!code || !/^\d{12}$/.test(code)) return;
    const ac = new AbortController();
    getJson<TPublicVillage>(`/public/villages/${code}`, undefined, ac.signal)
      .then((pv) => setVillage({ code: pv.code, name: pv.name, townshipName: pv.townshipName }))
      .catch(() => undefined);
    return () => ac.abort();
  }, [code]);

  useEffect(() => {
    setV((x) => ({ ...x, regionCode: village?.code ?? '' }));
  }, [village]);

  const set = <K extends keyof ReportFormValues>(k: K, value: ReportFormValues[K]) => {
    setV((x) => ({ ...x, [k]: value }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (phase.kind !== 'edit') return;
    const local = validateReport(v);
    setGeneral('');
    if (Object.keys(local).length) {
      setErrors(local);
      setGeneral(R.fixErrors);
      focusFirstError(local);
      return;
    }
    setErrors({});
    const ac = new AbortController();
    abort.current = ac;
    let receipt: TReportReceipt;
    try {
      // A challenge solved for a submission the server turned down on a field is still good: no second wait.
      let pow = solved.current && Date.parse(solved.current.expiresAt) - Date.now() > 60_000 ? solved.current : null;
      if (!pow) {
        setPhase({ kind: 'verifying', percent: 0 });
        const ch = await reportApi.challenge(v.regionCode, ac.signal);
        const nonce = await solvePow(ch.challenge, ch.difficulty, { signal: ac.signal, onProgress: (t, x) => setPhase({ kind: 'verifying', percent: powPercent(t, x) }) });
        pow = { challenge: ch.challenge, nonce, expiresAt: ch.expiresAt };
        solved.current = pow;
      }
      setPhase({ kind: 'sending' });
      receipt = await reportApi.submit({ ...reportBody(v), challenge: pow.challenge, nonce: pow.nonce });
      solved.current = null;
    } catch (err) {
      if ((err as { name?: string })?.name === 'AbortError') return;
      setPhase({ kind: 'edit' });
      // Refused for the challenge itself (expired, used), or not a field problem: solve a fresh one next time.
      if (!(err instanceof ReportApiError) || err.status !== 400 || 'challenge' in err.fields || 'nonce' in err.fields) solved.current = null;
      if (err instanceof ReportApiError) {
        const { byField, rest } = mapServerFields(err.fields);
        setErrors(byField);
        setGeneral(Object.keys(byField).length ? (rest[0] ?? R.fixErrors) : err.message);
        focusFirstError(byField);
      } else {
        setGeneral(err instanceof Error ? err.message : S.networkError);
      }
      return;
    }
    // The report is in: from here on nothing may hide the receipt code.
    let uploaded = 0;
    const failed: string[] = [];
    if (files.length) {
      setPhase({ kind: 'uploading', i: 1, n: files.length });
      try {
        const { token } = await reportApi.access({ receiptCode: receipt.receiptCode, passphrase: v.passphrase });
        for (let i = 0; i < files.length; i++) {
          setPhase({ kind: 'uploading', i: i + 1, n: files.length });
          try {
            await reportApi.upload(token, files[i]!);
            uploaded++;
          } catch {
            failed.push(files[i]!.name);
          }
        }
      } catch {
        failed.push(...files.slice(uploaded).map((f) => f.name));
      }
    }
    setV(EMPTY_FORM);
    setFiles([]);
    setDone({ receipt, uploaded, failed });
    window.scrollTo(0, 0);
  };

  const back = code ? `/v/${code}` : '/';
  if (done) {
    return (
      <SubPage title={R.receiptTitle} back={back}>
        <Receipt done={done} />
      </SubPage>
    );
  }

  const busy = phase.kind !== 'edit';
  return (
    <SubPage title={R.title} back={back}>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="report-title">
          {R.title}
        </h1>
        <p className="sub-intro">{R.intro}</p>
        <Link className="track-link" to="/report/track" data-testid="report-track-link">
          {R.trackTitle} ›
        </Link>
      </header>
      <form className="report-form" onSubmit={submit} noValidate data-testid="report-form">
        <section className="card">
          <h2 className="form-title">{R.step1}</h2>
          <Field name="category" label={R.category} error={errors.category}>
            <Choices name="category" label={R.category} options={R.categories} value={v.category} onChange={(x) => set('category', x)} />
          </Field>
          <Field name="regionCode" label={R.village} hint={R.villageHint} error={errors.regionCode}>
            <VillageChooser
              value={village}
              onChange={(x) => {
                setVillage(x);
                if (x) setErrors((e) => ({ ...e, regionCode: undefined }));
              }}
            />
          </Field>
        </section>

        <section className="card">
          <h2 className="form-title">{R.step2}</h2>
          <Field name="subjectName" label={R.subjectName} hint={R.subjectNameHint} error={errors.subjectName} input>
            <input className="field-input" maxLength={50} value={v.subjectName} id={inputId('subjectName')} aria-invalid={!!errors.subjectName} onChange={(e) => set('subjectName', e.target.value)} data-testid="report-subject-name" />
          </Field>
          <Field name="subjectPosition" label={R.subjectPosition} hint={R.subjectPositionHint} error={errors.subjectPosition} input>
            <input className="field-input" maxLength={50} value={v.subjectPosition} id={inputId('subjectPosition')} aria-invalid={!!errors.subjectPosition} onChange={(e) => set('subjectPosition', e.target.value)} data-testid="report-subject-position" />
          </Field>
          <Field name="subjectKind" label={R.subjectKind} error={errors.subjectKind}>
            <Choices name="kind" label={R.subjectKind} options={R.subjectKinds} value={v.subjectKind} onChange={(x) => set('subjectKind', x)} />
          </Field>
        </section>

        <section className="card">
          <h2 className="form-title">{R.step3}</h2>
          <Field name="content" label={R.content} hint={R.contentHint} error={errors.content} input>
            <textarea className="field-input" rows={7} maxLength={5000} value={v.content} id={inputId('content')} aria-invalid={!!errors.content} onChange={(e) => set('content', e.target.value)} data-testid="report-content" />
            <span className="muted small counter">{[...v.content].length}/5000</span>
          </Field>
          <Field name="occurredWhen" label={R.occurredWhen} error={errors.occurredWhen} input>
            <input className="field-input" maxLength={100} placeholder={R.occurredWhenHint} value={v.occurredWhen} id={inputId('occurredWhen')} aria-invalid={!!errors.occurredWhen} onChange={(e) => set('occurredWhen', e.target.value)} data-testid="report-when" />
          </Field>
          <Field name="files" label={R.files} hint={R.filesHint}>
            <FilePicker files={files} onChange={setFiles} label={R.filesPick} testId="report-files" />
          </Field>
        </section>

        <section className="card">
          <h2 className="form-title">{R.step4}</h2>
          <div className="segmented-choice" role="radiogroup" aria-label={R.step4}>
            <button type="button" role="radio" aria-checked={v.anonymous} className={`choice${v.anonymous ? ' choice-on' : ''}`} onClick={() => set('anonymous', true)} data-testid="report-anonymous">
              {R.anonymous}
            </button>
            <button type="button" role="radio" aria-checked={!v.anonymous} className={`choice${!v.anonymous ? ' choice-on' : ''}`} onClick={() => set('anonymous', false)} data-testid="report-realname">
              {R.realName}
            </button>
          </div>
          <ul className="explain" data-testid="report-mode-explain">
            {(v.anonymous ? R.anonymousExplain : R.realNameExplain).map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          {!v.anonymous && (
            <div data-testid="report-reporter">
              <Field name="name" label={R.reporterName} error={errors.name} input>
                <input className="field-input" maxLength={50} autoComplete="name" value={v.name} id={inputId('name')} aria-invalid={!!errors.name} onChange={(e) => set('name', e.target.value)} data-testid="report-reporter-name" />
              </Field>
              <Field name="phone" label={R.reporterPhone} error={errors.phone} input>
                <input className="field-input" type="tel" inputMode="tel" maxLength={20} autoComplete="tel" value={v.phone} id={inputId('phone')} aria-invalid={!!errors.phone} onChange={(e) => set('phone', e.target.value)} data-testid="report-reporter-phone" />
              </Field>
              <Field name="idNumber" label={R.reporterIdNumber} error={errors.idNumber} input>
                <input className="field-input" maxLength={18} value={v.idNumber} id={inputId('idNumber')} aria-invalid={!!errors.idNumber} onChange={(e) => set('idNumber', e.target.value)} data-testid="report-reporter-id" />
              </Field>
              <Field name="address" label={R.reporterAddress} error={errors.address} input>
                <input className="field-input" maxLength={200} value={v.address} id={inputId('address')} aria-invalid={!!errors.address} onChange={(e) => set('address', e.target.value)} data-testid="report-reporter-address" />
              </Field>
              <label className="check-row">
                <input type="checkbox" checked={v.wantsProtection} onChange={(e) => set('wantsProtection', e.target.checked)} data-testid="report-protection" />
                <span>{R.wantsProtection}</span>
              </label>
            </div>
          )}
        </section>

        <section className="card">
          <h2 className="form-title">{R.step5}</h2>
          <p className="muted">{R.passphraseExplain}</p>
          <Field name="passphrase" label={R.passphrase} error={errors.passphrase} input>
            <input className="field-input" type={showPass ? 'text' : 'password'} autoComplete="new-password" maxLength={64} value={v.passphrase} id={inputId('passphrase')} aria-invalid={!!errors.passphrase} onChange={(e) => set('passphrase', e.target.value)} data-testid="report-passphrase" />
          </Field>
          <Field name="passphrase2" label={R.passphrase2} error={errors.passphrase2} input>
            <input className="field-input" type={showPass ? 'text' : 'password'} autoComplete="new-password" maxLength={64} value={v.passphrase2} id={inputId('passphrase2')} aria-invalid={!!errors.passphrase2} onChange={(e) => set('passphrase2', e.target.value)} data-testid="report-passphrase2" />
          </Field>
          <label className="check-row">
            <input type="checkbox" checked={showPass} onChange={(e) => setShowPass(e.target.checked)} />
            <span>{R.showPassphrase}</span>
          </label>
        </section>

        <div className="page-action">
          {general && (
            <p className="error-text" role="alert" data-testid="report-error">
              {general}
            </p>
          )}
          {phase.kind === 'verifying' && (
            <div className="pow-box" role="status" aria-live="polite" data-testid="report-verifying">
              <div className="pow-line">
                <span className="spinner small-spinner" aria-hidden="true" />
                {R.verifying}
              </div>
              <div className="bar-track" aria-hidden="true">
                <div className="bar bar-now" style={{ width: `${phase.percent}%` }} />
              </div>
              <p className="muted small">{R.verifyingHint}</p>
            </div>
          )}
          {(phase.kind === 'sending' || phase.kind === 'uploading') && (
            <div className="pow-box" role="status" aria-live="polite" data-testid="report-sending">
              <div className="pow-line">
                <span className="spinner small-spinner" aria-hidden="true" />
                {phase.kind === 'sending' ? R.sending : R.uploading(phase.i, phase.n)}
              </div>
            </div>
          )}
          <Button block type="submit" color="primary" size="large" loading={busy} disabled={busy} data-testid="report-submit">
            {R.submit}
          </Button>
        </div>
      </form>
    </SubPage>
  );
}
