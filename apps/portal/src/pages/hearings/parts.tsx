/** Pieces shared by 我要提问 and the 问政会 page: the paged questions with their answers, the ask form. */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from 'antd-mobile';
import type { TAskVillageQuestionRequest, THearingCadre, TVillageQuestion } from '@mpw/contracts';
import { getJson, isAbort, postJson } from '../../api';
import { fmtDay } from '../../format';
import { S } from '../../strings';
import type { Paged } from '../../types';
import { villagerFor } from '../../villager';
import { isElder, pageSizeFor } from '../../elder';
import { verifyLink } from './hearings';
import { H } from './strings';

/** 即将召开 / 正在问政 / 已结束 / 已取消 as a coloured tag. */
export function HearingStatusTag({ status }: { status: string }) {
  return (
    <span className={`hr-tag hr-status-${status}`} data-testid="hearing-status">
      {H.hearingStatus[status] ?? status}
    </span>
  );
}

/** One question: who asked and when, to whom, then the answer or 待答复 with the due date (超期 marked). */
export function QuestionItem({ q, showHearing }: { q: TVillageQuestion; showHearing?: boolean }) {
  if (q.status === 'hidden') {
    return (
      <li className="hr-question" data-testid="village-question" data-status="hidden">
        <p className="muted">{H.hiddenText}</p>
      </li>
    );
  }
  const tag = q.status === 'answered' ? ['hr-tag-answered', H.answeredTag] : q.isOverdue ? ['hr-tag-overdue', H.overdueTag] : ['hr-tag-open', H.waitingTag];
  return (
    <li className="hr-question" data-testid="village-question" data-status={q.status} data-id={q.id}>
      <div className="hr-question-head">
        <span className={`hr-tag ${tag[0]}`} data-testid="question-status">
          {tag[1]}
        </span>
        {q.cadreName && <span className="hr-tag hr-tag-plain">{H.toCadre(q.cadreName)}</span>}
        {showHearing && q.hearingId && <span className="hr-tag hr-tag-plain">{H.inHearing}</span>}
      </div>
      <p className="hr-question-text pre-wrap" data-testid="question-content">
        {q.content}
      </p>
      <div className="hr-meta">
        {q.askerLabel} · {H.askedOn(fmtDay(q.askedAt))}
      </div>
      {q.status === 'answered' && q.answer ? (
        <div className="hr-answer" data-testid="question-answer">
          <div className="hr-answer-label">{H.answer}</div>
          <p className="hr-answer-text pre-wrap">{q.answer}</p>
          <div className="hr-meta">{H.answeredBy(q.answeredByName, fmtDay(q.answeredAt))}</div>
        </div>
      ) : (
        <div className={`hr-waiting${q.isOverdue ? ' hr-waiting-late' : ''}`} data-testid="question-waiting">
          {q.isOverdue ? H.overdue(fmtDay(q.dueOn)) : H.waiting(fmtDay(q.dueOn))}
        </div>
      )}
    </li>
  );
}

type ListState = { items: TVillageQuestion[]; total: number; page: number; phase: 'loading' | 'more' | 'idle' | 'error'; error: string };

/** The questions of a village (or of one session), newest first, 加载更多 for the next page. `reload` changes → page 1 again. */
export function QuestionList({ code, hearingId, reload, title, testId }: { code: string; hearingId?: string; reload: number; title: string; testId: string }) {
  const [st, setSt] = useState<ListState>({ items: [], total: 0, page: 0, phase: 'loading', error: '' });
  const ac = useRef<AbortController | null>(null);
  // Fewer per screen in 长辈模式; fixed for the list's life so that pages line up.
  const pageSize = useRef(pageSizeFor(10, isElder()));

  const load = useCallback(
    (page: number) => {
      ac.current?.abort();
      const c = new AbortController();
      ac.current = c;
      setSt((s) => ({ ...s, phase: page === 1 ? 'loading' : 'more', error: '' }));
      const query = { villageCode: code, hearingId, current: String(page), pageSize: String(pageSize.current) };
      getJson<Paged<TVillageQuestion>>('/public/hearings/questions', query, c.signal)
        .then((r) => setSt((s) => ({ items: page === 1 ? r.data : [...s.items, ...r.data.filter((q) => !s.items.some((x) => x.id === q.id))], total: r.total, page, phase: 'idle', error: '' })))
        .catch((e: unknown) => {
          if (isAbort(e)) return;
          setSt((s) => ({ ...s, phase: 'error', error: e instanceof Error ? e.message : S.networkError }));
        });
    },
    [code, hearingId],
  );

  useEffect(() => {
    load(1);
    return () => ac.current?.abort();
  }, [load, reload]);

  const hasMore = st.items.length < st.total;
  return (
    <section className="card" data-testid={testId}>
      <h2 className="form-title">{title}</h2>
      {st.phase === 'loading' ? (
        <div className="center-inline" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span className="hr-sr">{S.loading}</span>
        </div>
      ) : st.items.length === 0 && st.phase !== 'error' ? (
        <p className="muted" data-testid="questions-none">
          {H.questionsNone}
        </p>
      ) : (
        <>
          {st.total > 0 && <p className="muted small hr-count">{H.questionsCount(st.total)}</p>}
          <ul className="hr-questions">
            {st.items.map((q) => (
              <QuestionItem key={q.id} q={q} showHearing={!hearingId} />
            ))}
          </ul>
        </>
      )}
      {st.phase === 'error' && (
        <div role="alert">
          <p className="error-text">{st.error}</p>
          <button type="button" className="hr-more" onClick={() => load(st.page === 0 ? 1 : st.page + 1)}>
            {S.retry}
          </button>
        </div>
      )}
      {st.phase !== 'loading' && st.phase !== 'error' && hasMore && (
        <button type="button" className="hr-more" disabled={st.phase === 'more'} onClick={() => load(st.page + 1)} data-testid="questions-more">
          {st.phase === 'more' ? H.loadingMore : H.loadMore}
        </button>
      )}
      {st.phase === 'idle' && !hasMore && st.page > 1 && <p className="muted small center-text">{H.noMore}</p>}
    </section>
  );
}

/** The link to the household page's verification, coming back to `next` afterwards. */
export function VerifyLink({ code, next, label, testId }: { code: string; next: string; label: string; testId: string }) {
  return (
    <Link className="hr-verify" to={verifyLink(code, next)} data-testid={testId}>
      {label}
    </Link>
  );
}

/**
 * Ask the village (or, with `hearingId`, this session, optionally one of its cadres). Without a villager
 * session the question is anonymous; with one, 实名 (masked name + 已核验) or 匿名 (the default).
 */
export function AskForm({ code, hearingId, cadres, next, onAsked }: { code: string; hearingId?: string; cadres?: THearingCadre[]; next: string; onAsked: () => void }) {
  const villager = villagerFor(code);
  const [content, setContent] = useState('');
  const [cadreId, setCadreId] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState<{ dueOn: string | null } | null>(null);

  if (done) {
    return (
      <section className="card" data-testid="hr-ask-done">
        <div className="ok-box" role="status">
          {done.dueOn ? H.formDone(fmtDay(done.dueOn)) : H.formDoneShort}
        </div>
        <button type="button" className="hr-more" onClick={() => setDone(null)} data-testid="hr-ask-again">
          {H.formAgain}
        </button>
      </section>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    if ([...content.trim()].length < 5) {
      setError(H.formTooShort);
      return;
    }
    setSending(true);
    setError('');
    const body: TAskVillageQuestionRequest = {
      villageCode: code,
      content: content.trim(),
      anonymous: villager ? anonymous : true,
      ...(hearingId ? { hearingId } : {}),
      ...(hearingId && cadreId ? { cadreId } : {}),
    };
    try {
      const r = await postJson<Partial<TVillageQuestion>>('/public/hearings/questions', body);
      setContent('');
      setCadreId('');
      setDone({ dueOn: typeof r?.dueOn === 'string' ? r.dueOn : null });
      onAsked();
    } catch (err) {
      setError(err instanceof Error ? err.message : S.networkError);
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="card hr-form" onSubmit={submit} noValidate data-testid="hr-ask-form">
      <h2 className="form-title">{hearingId ? H.formHearingTitle : H.formTitle}</h2>
      {cadres && cadres.length > 0 && (
        <div className="field">
          <span className="field-label">{H.formTo}</span>
          <div className="hr-choices" role="radiogroup" aria-label={H.formTo}>
            {[{ id: '', name: H.formToAll, position: '' }, ...cadres].map((o) => (
              <button key={o.id || 'all'} type="button" role="radio" aria-checked={cadreId === o.id} className={`hr-choice${cadreId === o.id ? ' hr-choice-on' : ''}`} onClick={() => setCadreId(o.id)} data-testid={`hr-ask-to-${o.id || 'all'}`}>
                <span className="hr-choice-name">{o.name}</span>
                {o.position && <span className="hr-choice-sub">{o.position}</span>}
              </button>
            ))}
          </div>
        </div>
      )}
      <label className="field">
        <span className="field-label">{H.formContent}</span>
        <textarea className="field-input" rows={4} maxLength={1000} placeholder={H.formContentPlaceholder} value={content} onChange={(e) => setContent(e.target.value)} aria-invalid={!!error} data-testid="hr-ask-content" />
        <span className="muted small hr-counter">{[...content].length}/1000</span>
      </label>
      {villager ? (
        <div className="field">
          <span className="field-label">{H.formIdentity}</span>
          <div className="hr-choices hr-choices-stack" role="radiogroup" aria-label={H.formIdentity}>
            <button type="button" role="radio" aria-checked={anonymous} className={`hr-choice${anonymous ? ' hr-choice-on' : ''}`} onClick={() => setAnonymous(true)} data-testid="hr-ask-anonymous">
              {H.formAnonymous}
            </button>
            <button type="button" role="radio" aria-checked={!anonymous} className={`hr-choice${!anonymous ? ' hr-choice-on' : ''}`} onClick={() => setAnonymous(false)} data-testid="hr-ask-realname">
              {H.formRealName(villager.nameMasked)}
            </button>
          </div>
        </div>
      ) : (
        <div className="hr-note">
          <p className="muted">{H.formAnonymousHint}</p>
          <p className="muted">
            {H.formVerifyHint}{' '}
            <Link to={verifyLink(code, next)} className="hr-inline-link" data-testid="hr-ask-verify">
              {H.formVerify}
            </Link>
          </p>
        </div>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="hr-ask-error">
          {error}
        </p>
      )}
      <Button block type="submit" color="primary" size="large" loading={sending} disabled={sending} data-testid="hr-ask-submit">
        {sending ? H.formSending : H.formSubmit}
      </Button>
    </form>
  );
}
