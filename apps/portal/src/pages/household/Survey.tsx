/**
 * 满意度测评 (/v/:code/survey): three questions (村务公开, 便民服务, 干部廉洁) answered with
 * 满意 / 基本满意 / 不满意, an optional comment, once per household per quarter. Needs a verified
 * villager of this village: otherwise it sends the visitor to 我家的待遇查询 and back here after.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { TSatisfactionAnswerRequest, TSatisfactionLevel } from '@mpw/contracts';
import { ApiError, getJson, isAbort, postJson } from '../../api';
import Spinner from '../../components/Spinner';
import { SubPage } from '../../components/SubPage';
import { S } from '../../strings';
import { villagerFor } from '../../villager';
import { quarterLabel } from './household';
import { H } from './strings';
import './household.css';

type Dimension = (typeof H.dimensions)[number][0];
type Phase = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'form'; quarter: string } | { kind: 'thanks' } | { kind: 'already' } | { kind: 'unverified' };

export default function Survey() {
  const { code = '' } = useParams();
  const [phase, setPhase] = useState<Phase>(() => (villagerFor(code) ? { kind: 'loading' } : { kind: 'unverified' }));
  const [tick, setTick] = useState(0);

  useEffect(() => {
    document.title = `${H.surveyTitle} · ${S.appName}`;
  }, []);
  useEffect(() => {
    if (!villagerFor(code)) return;
    const ac = new AbortController();
    getJson<{ quarter: string; answered: boolean }>('/public/households/survey', undefined, ac.signal)
      .then((s) => setPhase(s.answered ? { kind: 'already' } : { kind: 'form', quarter: s.quarter }))
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        if (e instanceof ApiError && e.status === 401) setPhase({ kind: 'unverified' });
        else setPhase({ kind: 'error', message: e instanceof Error ? e.message : S.networkError });
      });
    return () => ac.abort();
  }, [code, tick]);

  const returnTo = `/v/${code}/household?return=${encodeURIComponent(`/v/${code}/survey`)}`;
  if (phase.kind === 'unverified') return <Navigate to={returnTo} replace />;

  return (
    <SubPage title={H.surveyTitle} back={`/v/${code}/household`}>
      {phase.kind === 'loading' && <Spinner />}
      {phase.kind === 'error' && (
        <div className="center-block" role="alert">
          <p className="error-text">{phase.message}</p>
          <Button color="primary" size="large" onClick={() => setTick((x) => x + 1)}>
            {S.retry}
          </Button>
        </div>
      )}
      {phase.kind === 'form' && (
        <SurveyForm
          quarter={phase.quarter}
          onDone={(r) => setPhase({ kind: r })}
          onUnverified={() => setPhase({ kind: 'unverified' })}
        />
      )}
      {(phase.kind === 'thanks' || phase.kind === 'already') && (
        <section className="card hh-thanks" role="status" data-testid={phase.kind === 'thanks' ? 'survey-thanks' : 'survey-already'}>
          <div className="hh-thanks-mark" aria-hidden="true">
            {phase.kind === 'thanks' ? '✓' : 'i'}
          </div>
          <h1 className="sub-title">{phase.kind === 'thanks' ? H.thanksTitle : H.alreadyTitle}</h1>
          <p className="plain">{phase.kind === 'thanks' ? H.thanksText : H.alreadyText}</p>
          <Link className="big-link" to={`/v/${code}/household`}>
            {H.backToHousehold}
          </Link>
        </section>
      )}
    </SubPage>
  );
}

function SurveyForm({ quarter, onDone, onUnverified }: { quarter: string; onDone: (r: 'thanks' | 'already') => void; onUnverified: () => void }) {
  const [answers, setAnswers] = useState<Partial<Record<Dimension, TSatisfactionLevel>>>({});
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState<Dimension[]>([]);
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    const gaps = H.dimensions.map((d) => d[0]).filter((d) => !answers[d]);
    setMissing(gaps);
    setError('');
    if (gaps.length) {
      document.getElementById(`sv-${gaps[0]}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    if (comment.trim().length > 300) {
      setError(H.commentTooLong);
      return;
    }
    const body: TSatisfactionAnswerRequest = {
      disclosure: answers.disclosure!,
      services: answers.services!,
      integrity: answers.integrity!,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    };
    setSending(true);
    try {
      await postJson('/public/households/survey', body);
      onDone('thanks');
    } catch (err) {
      setSending(false);
      if (err instanceof ApiError && err.status === 409) onDone('already');
      else if (err instanceof ApiError && err.status === 401) onUnverified();
      else setError(err instanceof Error ? err.message : S.networkError);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="survey-form">
      <header className="sub-header">
        <h1 className="sub-title" data-testid="survey-title">
          {H.surveyTitle}
        </h1>
        <p className="sub-intro">{H.surveyIntro(quarterLabel(quarter))}</p>
      </header>
      {H.dimensions.map(([key, label, question], i) => (
        <section key={key} className="card" id={`sv-${key}`} data-testid={`survey-q-${key}`}>
          <h2 className="form-title" id={`sv-${key}-label`}>
            {i + 1}. {label}
          </h2>
          <p className="plain">{question}</p>
          <div className="hh-levels" role="radiogroup" aria-labelledby={`sv-${key}-label`}>
            {H.levels.map(([level, levelLabel]) => (
              <button
                key={level}
                type="button"
                role="radio"
                aria-checked={answers[key] === level}
                className={`hh-level hh-level-${level}${answers[key] === level ? ' hh-level-on' : ''}`}
                onClick={() => {
                  setAnswers((a) => ({ ...a, [key]: level }));
                  setMissing((m) => m.filter((x) => x !== key));
                }}
                data-testid={`survey-${key}-${level}`}
              >
                {levelLabel}
              </button>
            ))}
          </div>
          {missing.includes(key) && (
            <p className="error-text" role="alert">
              {H.pickAll(label)}
            </p>
          )}
        </section>
      ))}
      <section className="card">
        <label className="field">
          <span className="field-label">{H.comment}</span>
          <textarea className="field-input" rows={3} maxLength={300} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="survey-comment" />
          <span className="muted small">{H.commentHint}</span>
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="survey-error">
            {error}
          </p>
        )}
        <Button block type="submit" color="primary" size="large" loading={sending} disabled={sending} data-testid="survey-submit">
          {sending ? H.surveySending : H.surveySubmit}
        </Button>
      </section>
    </form>
  );
}
