/**
 * 问政会 (/v/:code/hearings/:id): the session's facts, each cadre's 述职述廉 report (folded, read aloud),
 * 民主评议 while in session (verified villagers only, once per cadre), the results once closed (CSS
 * bars), questions to the session (optionally to one cadre) and their answers.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { THearing, THearingCadre, TRateCadresRequest, TSatisfactionLevel } from '@mpw/contracts';
import { ApiError, postJson } from '../../api';
import { fmtDay } from '../../format';
import { S } from '../../strings';
import { useJson } from '../../useJson';
import { villagerFor } from '../../villager';
import ReadAloud from '../../components/ReadAloud';
import { LoadView, SubPage } from '../../components/SubPage';
import { fmtDateTime, isOpenHearing, levelShares } from './hearings';
import { AskForm, HearingStatusTag, QuestionList, VerifyLink } from './parts';
import { H } from './strings';
import './hearings.css';

/** One cadre: name, position, and the report folded under 展开阅读 with a read-aloud button. */
function CadreReport({ c }: { c: THearingCadre }) {
  return (
    <li className="hr-cadre" data-testid="hearing-cadre" data-id={c.id}>
      <div className="hr-cadre-name">
        {c.name}
        <span className="hr-cadre-position">{c.position}</span>
      </div>
      {c.report ? (
        <details className="hr-report" data-testid="cadre-report">
          <summary className="hr-report-summary">
            <span className="hr-arrow" aria-hidden="true">
              ›
            </span>
            {H.reportOpen}
          </summary>
          <div className="hr-report-body">
            <ReadAloud text={`${c.name}，${c.position}，${H.report}。${c.report}`} label={H.readAloud} />
            <p className="plain pre-wrap" data-testid="cadre-report-text">
              {c.report}
            </p>
            {c.reportPublishedAt && <p className="muted small">{H.reportPublished(fmtDay(c.reportPublishedAt))}</p>}
          </div>
        </details>
      ) : (
        <p className="muted small">{H.reportNone}</p>
      )}
    </li>
  );
}

const LEVEL_CLASS: Record<TSatisfactionLevel, string> = { satisfied: 'hr-level-good', basically_satisfied: 'hr-level-fair', dissatisfied: 'hr-level-bad' };

/** Results per cadre, published once the session is closed: counts and bars drawn with CSS. */
function Results({ cadres }: { cadres: THearingCadre[] }) {
  return (
    <section className="card" data-testid="hearing-results">
      <h2 className="form-title">{H.resultsTitle}</h2>
      <p className="muted small">{H.resultsIntro}</p>
      <ul className="hr-results">
        {cadres.map((c) => {
          const r = c.results;
          const shares = r ? levelShares(r) : null;
          return (
            <li key={c.id} className="hr-result" data-testid="cadre-result" data-id={c.id}>
              <div className="hr-cadre-name">
                {c.name}
                <span className="hr-cadre-position">{c.position}</span>
              </div>
              {!r || !shares ? (
                <p className="muted small">{H.resultsHidden}</p>
              ) : r.total === 0 ? (
                <p className="muted small">{H.resultsNone}</p>
              ) : (
                <>
                  <p className="muted small hr-result-total">{H.resultsTotal(r.total)}</p>
                  {H.levels.map((lv) => (
                    <div key={lv} className="hr-bar-row" data-testid={`result-${lv}`}>
                      <div className="hr-bar-label">
                        <span>{H.level[lv]}</span>
                        <span>{H.resultsCount(r[lv], shares[lv])}</span>
                      </div>
                      <div className="hr-bar-track" aria-hidden="true">
                        <div className={`hr-bar ${LEVEL_CLASS[lv]}`} style={{ width: `${shares[lv]}%` }} />
                      </div>
                    </div>
                  ))}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

type Choice = { level: TSatisfactionLevel; comment: string };

/** 民主评议: a verified villager of the village rates each cadre once; cadres already rated read 已评议. */
function Rating({ code, h }: { code: string; h: THearing }) {
  const villager = villagerFor(code);
  const next = `/v/${code}/hearings/${h.id}`;
  const [mine, retryMine] = useJson<{ ratedCadreIds: string[] }>(villager ? `/public/hearings/${h.id}/ratings/mine` : null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);

  if (!villager) {
    return (
      <section className="card hr-rate" data-testid="hearing-rate">
        <h2 className="form-title">{H.rateTitle}</h2>
        <p className="plain">{H.rateNeedVerify}</p>
        <VerifyLink code={code} next={next} label={H.rateVerify} testId="rate-verify" />
      </section>
    );
  }
  const rated = new Set(mine.kind === 'ok' ? mine.data.ratedCadreIds : []);
  const chosen = Object.entries(choices).filter(([id]) => !rated.has(id));
  const allRated = mine.kind === 'ok' && h.cadres.every((c) => rated.has(c.id));

  const choose = (id: string, level: TSatisfactionLevel) => {
    setChoices((x) => ({ ...x, [id]: { level, comment: x[id]?.comment ?? '' } }));
    setError('');
    setDone(false);
  };
  const comment = (id: string, text: string) => setChoices((x) => (x[id] ? { ...x, [id]: { ...x[id], comment: text } } : x));

  const submit = async () => {
    if (sending) return;
    if (chosen.length === 0) {
      setError(H.rateChooseOne);
      return;
    }
    setSending(true);
    setError('');
    const body: TRateCadresRequest = {
      ratings: chosen.map(([cadreId, c]) => ({ cadreId, level: c.level, ...(c.comment.trim() ? { comment: c.comment.trim() } : {}) })),
    };
    try {
      await postJson(`/public/hearings/${h.id}/ratings`, body);
      setChoices({});
      setDone(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : S.networkError);
      // The session ended: the household page verifies again.
      if (err instanceof ApiError && err.status === 401) return;
    } finally {
      setSending(false);
    }
    // Already rated elsewhere (another tab, a second tap): show what the server now knows.
    retryMine();
  };

  return (
    <section className="card hr-rate" data-testid="hearing-rate">
      <h2 className="form-title">{H.rateTitle}</h2>
      <p className="muted small">{H.rateIntro}</p>
      <p className="hr-verified" data-testid="rate-verified">
        {H.rateVerifiedAs(villager.nameMasked)}
      </p>
      {mine.kind === 'loading' ? (
        <div className="center-inline" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span className="hr-sr">{S.loading}</span>
        </div>
      ) : mine.kind === 'error' || mine.kind === 'notFound' ? (
        <div role="alert">
          <p className="error-text">{mine.kind === 'error' ? mine.message : S.networkError}</p>
          {villagerFor(code) ? (
            <button type="button" className="hr-more" onClick={retryMine}>
              {S.retry}
            </button>
          ) : (
            <VerifyLink code={code} next={next} label={H.rateVerify} testId="rate-verify" />
          )}
        </div>
      ) : (
        <>
          <ul className="hr-rate-list">
            {h.cadres.map((c) => {
              const isRated = rated.has(c.id);
              const pick = choices[c.id];
              return (
                <li key={c.id} className={`hr-rate-cadre${isRated ? ' hr-rated' : ''}`} data-testid="rate-cadre" data-id={c.id} data-rated={isRated ? 'true' : 'false'}>
                  <div className="hr-rate-head">
                    <div className="hr-cadre-name">
                      {c.name}
                      <span className="hr-cadre-position">{c.position}</span>
                    </div>
                    {isRated && (
                      <span className="hr-tag hr-tag-answered" data-testid="rated-tag">
                        {H.rated}
                      </span>
                    )}
                  </div>
                  {!isRated && (
                    <>
                      <div className="hr-levels" role="radiogroup" aria-label={`${c.name}${H.rateTitle}`}>
                        {H.levels.map((lv) => (
                          <button
                            key={lv}
                            type="button"
                            role="radio"
                            aria-checked={pick?.level === lv}
                            className={`hr-level ${LEVEL_CLASS[lv]}${pick?.level === lv ? ' hr-level-on' : ''}`}
                            onClick={() => choose(c.id, lv)}
                            data-testid={`rate-${lv}`}
                          >
                            {H.level[lv]}
                          </button>
                        ))}
                      </div>
                      {pick && (
                        <label className="field hr-rate-comment">
                          <span className="field-label">{H.rateComment}</span>
                          <textarea className="field-input" rows={2} maxLength={300} value={pick.comment} onChange={(e) => comment(c.id, e.target.value)} data-testid="rate-comment" />
                        </label>
                      )}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {done && (
            <div className="ok-box" role="status" data-testid="rate-done">
              {allRated ? H.rateAllDone : H.rateDone}
            </div>
          )}
          {error && (
            <p className="error-text hr-rate-error" role="alert" data-testid="rate-error">
              {error}
            </p>
          )}
          {!allRated && (
            <Button block color="primary" size="large" loading={sending} disabled={sending} onClick={submit} data-testid="rate-submit">
              {sending ? H.rateSending : chosen.length > 0 ? `${H.rateSubmit}（${H.rateChosen(chosen.length)}）` : H.rateSubmit}
            </Button>
          )}
        </>
      )}
    </section>
  );
}

export default function Hearing() {
  const { code = '', id = '' } = useParams();
  const [state, retry] = useJson<THearing>(id ? `/public/hearings/${id}` : null);
  const [asked, setAsked] = useState(0);
  const title = state.kind === 'ok' ? state.data.title : '';

  useEffect(() => {
    document.title = `${title || H.hearingTitle} · ${S.appName}`;
  }, [title]);

  return (
    <SubPage title={H.hearingTitle} back={`/v/${code}/ask`}>
      <div className="hr">
        <LoadView state={state} retry={retry} notFound={H.hearingNotFound}>
          {(h) => (
            <>
              <header className="sub-header">
                <h1 className="sub-title" data-testid="hearing-title">
                  {h.title}
                </h1>
                <div className="sub-tags">
                  <HearingStatusTag status={h.status} />
                </div>
                <dl className="hr-facts">
                  <div>
                    <dt>{H.when}</dt>
                    <dd data-testid="hearing-time">{fmtDateTime(h.scheduledAt)}</dd>
                  </div>
                  <div>
                    <dt>{H.where}</dt>
                    <dd data-testid="hearing-place">{h.place}</dd>
                  </div>
                </dl>
                {h.description && <p className="sub-intro pre-wrap">{h.description}</p>}
                <p className="muted small">{H.questionCounts(h.questionCount, h.answeredCount)}</p>
              </header>
              {h.status === 'cancelled' && (
                <div className="card notice-card" role="note" data-testid="hearing-cancelled">
                  <p className="plain">{H.cancelled(h.cancelReason)}</p>
                </div>
              )}
              {h.status === 'closed' && <Results cadres={h.cadres} />}
              <section className="card" data-testid="hearing-cadres">
                <h2 className="form-title">{H.cadresTitle}</h2>
                {h.cadres.length === 0 ? (
                  <p className="muted">{H.cadresNone}</p>
                ) : (
                  <ul className="hr-cadres">
                    {h.cadres.map((c) => (
                      <CadreReport key={c.id} c={c} />
                    ))}
                  </ul>
                )}
              </section>
              {h.status === 'in_session' && h.cadres.length > 0 && <Rating code={code} h={h} />}
              {isOpenHearing(h.status) ? (
                <AskForm code={code} hearingId={h.id} cadres={h.cadres} next={`/v/${code}/hearings/${h.id}`} onAsked={() => setAsked((n) => n + 1)} />
              ) : (
                <div className="card" data-testid="hearing-ask-closed">
                  <p className="muted">{h.status === 'cancelled' ? H.formCancelled : H.formClosed}</p>
                  <Link className="big-link" to={`/v/${code}/ask`}>
                    {H.goAsk}
                  </Link>
                </div>
              )}
              <QuestionList code={code} hearingId={h.id} reload={asked} title={H.hearingQuestionsTitle} testId="hearing-questions" />
            </>
          )}
        </LoadView>
      </div>
    </SubPage>
  );
}
