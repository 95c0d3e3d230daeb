/**
 * 我家的待遇查询 (/v/:code/household): identity number + name + the household's query code → the
 * household's members, entitlements, payments and matters. Opened from the card's QR code, the
 * code arrives in the URL fragment (`#code=XXXX-XXXX`, never sent to a server); it fills the form
 * and is removed from the address bar at once. The session lives in this tab only (villager.ts).
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { THouseholdView, TVillagerSession } from '@mpw/contracts';
import { ApiError, getJson, isAbort, postJson } from '../../api';
import { yuan } from '../../books';
import Spinner from '../../components/Spinner';
import { SubPage } from '../../components/SubPage';
import { pageSizeFor, useElder } from '../../elder';
import { fmtDay } from '../../format';
import { S } from '../../strings';
import { clearVillager, saveVillager, villagerFor } from '../../villager';
import {
  codeFromHash,
  entitlementLine,
  formatQueryCodeInput,
  quarterLabel,
  safeReturn,
  SOURCE_LABELS,
  sortEntitlements,
  sortPayments,
  totalsBySource,
  validateVerify,
  type VerifyErrors,
  type VerifyValues,
} from './household';
import { H } from './strings';
import './household.css';

export default function Household() {
  const { code = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const ret = safeReturn(params.get('return'), code);
  // Read once: the fragment is cleared right after.
  const [cardCode] = useState(() => codeFromHash(window.location.hash));
  const [session, setSession] = useState<TVillagerSession | null>(() => villagerFor(code));
  const [notice, setNotice] = useState('');

  useEffect(() => {
    document.title = `${H.title} · ${S.appName}`;
    // Already verified in this tab: straight on to the page that asked for it.
    if (session && ret) navigate(ret, { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    // Keep the query code out of the address bar, the history and any screenshot of it.
    if (location.hash) navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: location.state });
  }, [location.hash, location.pathname, location.search, location.state, navigate]);

  const expired = () => {
    clearVillager();
    setSession(null);
    setNotice(H.expired);
  };

  return (
    <SubPage title={H.title} back={`/v/${code}`}>
      {session ? (
        <HouseholdView
          code={code}
          session={session}
          onExpired={expired}
          onLeave={() => {
            clearVillager();
            setSession(null);
            setNotice('');
          }}
        />
      ) : (
        <VerifyForm
          code={code}
          cardCode={cardCode}
          notice={notice}
          onVerified={(s) => {
            saveVillager(s);
            if (ret) navigate(ret, { replace: true });
            else setSession(s);
          }}
        />
      )}
    </SubPage>
  );
}

function VerifyForm({ code, cardCode, notice, onVerified }: { code: string; cardCode: string | null; notice: string; onVerified: (s: TVillagerSession) => void }) {
  const [v, setV] = useState<VerifyValues>({ idNumber: '', name: '', queryCode: cardCode ?? '' });
  const [errors, setErrors] = useState<VerifyErrors>({});
  const [general, setGeneral] = useState('');
  const [throttled, setThrottled] = useState(false);
  const [sending, setSending] = useState(false);

  const set = (k: keyof VerifyValues, value: string) => {
    setV((x) => ({ ...x, [k]: value }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    const local = validateVerify(v);
    setErrors(local);
    setGeneral('');
    setThrottled(false);
    if (Object.keys(local).length) {
      const first = (['idNumber', 'name', 'queryCode'] as const).find((k) => local[k]);
      document.getElementById(`hh-${first}`)?.focus();
      return;
    }
    setSending(true);
    try {
      const s = await postJson<TVillagerSession>('/public/households/verify', {
        villageCode: code,
        idNumber: v.idNumber.trim().toUpperCase(),
        name: v.name.trim(),
        queryCode: v.queryCode,
      });
      onVerified(s);
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        setThrottled(true);
        setGeneral(/尝试|频繁/.test(err.message) ? err.message : H.throttled);
      } else {
        setGeneral(err instanceof Error ? err.message : S.networkError);
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="household-title">
          {H.title}
        </h1>
        <p className="sub-intro">{H.intro}</p>
      </header>
      {notice && (
        <div className="card notice-card" role="status" data-testid="household-expired">
          <p className="plain">{notice}</p>
        </div>
      )}
      <form className="card hh-form" onSubmit={submit} noValidate data-testid="verify-form">
        <Field id="hh-idNumber" label={H.idNumber} hint={H.idNumberHint} error={errors.idNumber}>
          <input
            id="hh-idNumber"
            className="field-input hh-mono"
            inputMode="text"
            autoComplete="off"
            maxLength={18}
            value={v.idNumber}
            aria-invalid={!!errors.idNumber}
            aria-describedby="hh-idNumber-hint"
            onChange={(e) => set('idNumber', e.target.value.replace(/[^\dxX]/g, '').toUpperCase())}
            data-testid="verify-id"
          />
        </Field>
        <Field id="hh-name" label={H.name} hint={H.nameHint} error={errors.name}>
          <input
            id="hh-name"
            className="field-input"
            autoComplete="off"
            maxLength={30}
            value={v.name}
            aria-invalid={!!errors.name}
            aria-describedby="hh-name-hint"
            onChange={(e) => set('name', e.target.value)}
            data-testid="verify-name"
          />
        </Field>
        <Field id="hh-queryCode" label={H.queryCode} hint={H.queryCodeHint} error={errors.queryCode}>
          <input
            id="hh-queryCode"
            className="field-input hh-mono hh-code"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={9}
            value={v.queryCode}
            aria-invalid={!!errors.queryCode}
            aria-describedby="hh-queryCode-hint"
            onChange={(e) => set('queryCode', formatQueryCodeInput(e.target.value))}
            data-testid="verify-code"
          />
        </Field>
        {cardCode && v.queryCode === cardCode && (
          <p className="ok-line" data-testid="verify-code-from-card">
            {H.codeFromCard}
          </p>
        )}
        <p className="hh-help" data-testid="verify-help">
          {H.codeHelp}
        </p>
        {general && (
          <p className={`error-text hh-error${throttled ? ' hh-throttled' : ''}`} role="alert" data-testid="verify-error" data-throttled={throttled || undefined}>
            {general}
          </p>
        )}
        <Button block type="submit" color="primary" size="large" loading={sending} disabled={sending} data-testid="verify-submit">
          {sending ? H.verifying : H.submit}
        </Button>
        <p className="muted small hh-privacy">{H.privacy}</p>
      </form>
    </>
  );
}

function Field({ id, label, hint, error, children }: { id: string; label: string; hint: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      <span className="muted small" id={`${id}-hint`}>
        {hint}
      </span>
      {error && (
        <p className="error-text hh-field-error" role="alert" data-testid={`verify-error-${id.slice(3)}`}>
          {error}
        </p>
      )}
    </div>
  );
}

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; data: THouseholdView };

function HouseholdView({ code, session, onExpired, onLeave }: { code: string; session: TVillagerSession; onExpired: () => void; onLeave: () => void }) {
  const [state, setState] = useState<Load>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  const [leaving, setLeaving] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    setState({ kind: 'loading' });
    getJson<THouseholdView>('/public/households/me', undefined, ac.signal)
      .then((data) => setState({ kind: 'ok', data }))
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        if (e instanceof ApiError && e.status === 401) onExpired();
        else setState({ kind: 'error', message: e instanceof Error ? e.message : S.networkError });
      });
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);

  // The session ends after 30 minutes: back to the form then, not on the next tap.
  useEffect(() => {
    const ms = Date.parse(session.expiresAt) - Date.now();
    const t = setTimeout(onExpired, Math.max(0, Math.min(ms, 2_147_000_000)));
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session.expiresAt]);

  const leave = async () => {
    setLeaving(true);
    try {
      await postJson('/public/households/logout', {});
    } catch {
      // the session is forgotten on this phone either way; the server lets it expire
    }
    onLeave();
  };

  if (state.kind === 'loading') return <Spinner />;
  if (state.kind === 'error') {
    return (
      <div className="center-block" role="alert">
        <p className="error-text">{state.message}</p>
        <Button color="primary" size="large" onClick={() => setTick((x) => x + 1)}>
          {S.retry}
        </Button>
      </div>
    );
  }
  const d = state.data;
  return (
    <div data-testid="household-view">
      <header className="sub-header">
        <h1 className="sub-title" data-testid="household-hello">
          {H.hello(session.nameMasked)}
        </h1>
        <p className="sub-intro">{H.viewIntro(d.villageName)}</p>
      </header>

      {!d.surveyAnswered ? (
        <section className="card hh-survey" data-testid="household-survey">
          <h2 className="form-title">{H.surveyInvite}</h2>
          <p className="plain">{H.surveyInviteText}</p>
          <Link className="big-link" to={`/v/${code}/survey`} data-testid="household-survey-link">
            {H.surveyGo}
          </Link>
        </section>
      ) : (
        <p className="ok-box hh-survey-done" data-testid="household-survey-done">
          {H.surveyDone}
        </p>
      )}

      <Entitlements list={d.entitlements} />
      <Payments list={d.payments} totalFen={d.paymentsTotalFen} />
      <Matters list={d.matters} />
      <Members list={d.members} />

      <section className="card">
        <h2 className="form-title">{H.wrongTitle}</h2>
        <p className="plain">{H.wrongText}</p>
      </section>
      <div className="page-action">
        <Button block size="large" onClick={leave} loading={leaving} disabled={leaving} data-testid="household-leave">
          {leaving ? H.leaving : H.leave}
        </Button>
        <p className="muted small center-text">{quarterLabel(d.quarter)}</p>
      </div>
    </div>
  );
}

function Entitlements({ list }: { list: THouseholdView['entitlements'] }) {
  const sorted = useMemo(() => sortEntitlements(list), [list]);
  return (
    <section className="card" data-testid="household-entitlements">
      <h2 className="card-title">{H.entitlements}</h2>
      {sorted.length === 0 ? (
        <p className="muted">{H.noEntitlements}</p>
      ) : (
        <ul className="history">
          {sorted.map((e, i) => (
            <li key={i} className={e.isCurrent ? '' : 'hh-ended'} data-testid="household-entitlement" data-current={e.isCurrent}>
              <div className="hh-person">
                {e.personName}
                {!e.isCurrent && <span className="status hh-ended-tag">{H.ended}</span>}
              </div>
              <div className="plain">{entitlementLine(e)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Payments({ list, totalFen }: { list: THouseholdView['payments']; totalFen: number }) {
  const elder = useElder();
  const step = pageSizeFor(10, elder);
  const [shown, setShown] = useState(step);
  const sorted = useMemo(() => sortPayments(list), [list]);
  const bySource = useMemo(() => totalsBySource(list), [list]);
  const visible = sorted.slice(0, Math.max(shown, step));
  const rest = sorted.length - visible.length;
  return (
    <section className="card" data-testid="household-payments">
      <h2 className="card-title">{H.payments}</h2>
      {sorted.length === 0 ? (
        <p className="muted">{H.noPayments}</p>
      ) : (
        <>
          <p className="muted small">{H.paymentsIntro}</p>
          <dl className="facts hh-totals" data-testid="household-payments-total">
            <div>
              <dt>{H.paymentsTotal}</dt>
              <dd className="money">{yuan(totalFen)}</dd>
            </div>
            {(Object.keys(SOURCE_LABELS) as (keyof typeof SOURCE_LABELS)[])
              .filter((s) => bySource[s] > 0)
              .map((s) => (
                <div key={s}>
                  <dt>{H.sourceTotal(SOURCE_LABELS[s])}</dt>
                  <dd>{yuan(bySource[s])}</dd>
                </div>
              ))}
          </dl>
          <ul className="cards">
            {visible.map((p, i) => (
              <li key={i} className="card entry-card" data-testid="household-payment" data-source={p.source}>
                <div className="link-card-head">
                  <span className="hh-item">{p.item}</span>
                  <strong className="money-in">{yuan(p.amountFen)}</strong>
                </div>
                <div className="muted">
                  {fmtDay(p.paidDate)} · {p.personName}
                </div>
                <div>
                  <span className={`status hh-source-${p.source}`}>{SOURCE_LABELS[p.source]}</span>
                </div>
                {p.description && <div className="muted small">{p.description}</div>}
              </li>
            ))}
          </ul>
          {rest > 0 && (
            <Button block size="large" className="hh-more" onClick={() => setShown(visible.length + step)} data-testid="household-payments-more">
              {H.showMore(Math.min(rest, step))}
            </Button>
          )}
        </>
      )}
    </section>
  );
}

function Matters({ list }: { list: THouseholdView['matters'] }) {
  return (
    <section className="card" data-testid="household-matters">
      <h2 className="card-title">{H.matters}</h2>
      {list.length === 0 ? (
        <p className="muted">{H.noMatters}</p>
      ) : (
        <ul className="history">
          {list.map((m) => (
            <li key={m.id} data-testid="household-matter">
              <div className="link-card-head">
                <span className="hh-item">{m.title}</span>
                <span className={`status status-${m.status}`}>{m.statusLabel}</span>
              </div>
              <div className="muted small">
                {m.itemName} · {m.matterNo}
                {m.applicantName ? ` · ${m.applicantName}` : ''}
              </div>
              {m.currentStepName && (
                <div className="plain">
                  {H.nowAt}：<strong>{m.currentStepName}</strong>
                </div>
              )}
              {m.stepDueOn && !m.completedAt && (
                <div className={m.isOverdue ? 'hh-overdue' : 'muted'} data-testid="household-matter-due" data-overdue={m.isOverdue}>
                  {H.dueOn(fmtDay(m.stepDueOn))}
                  {m.isOverdue && <span className="status status-rejected hh-overdue-tag">{H.overdue}</span>}
                </div>
              )}
              <div className="history-time">{m.completedAt ? H.completedOn(fmtDay(m.completedAt)) : H.startedOn(fmtDay(m.startedAt))}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Members({ list }: { list: THouseholdView['members'] }) {
  return (
    <section className="card" data-testid="household-members">
      <h2 className="card-title">{H.members}</h2>
      <ul className="history">
        {list.map((m, i) => (
          <li key={i} data-testid="household-member">
            <div className="hh-person">
              {m.name}
              {m.relation && <span className="muted"> · {m.relation}</span>}
              {m.isSelf && <span className="status status-completed hh-self">{H.self}</span>}
            </div>
            <div className="hh-mono muted">{m.idMasked}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
