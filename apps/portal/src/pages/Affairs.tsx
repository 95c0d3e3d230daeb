import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { TPublicDecision, TPublicDisclosureSummary, TPublicVillage } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import { fmtDay } from '../format';
import type { Paged, TPublicMatter } from '../types';
import { LoadView, SubPage } from '../components/SubPage';
import { DecisionStatus, MatterStatus } from '../components/Status';

function Matters({ code }: { code: string }) {
  const [state, retry] = useJson<Paged<TPublicMatter>>('/public/matters', { village: code, pageSize: '100' });
  return (
    <LoadView state={state} retry={retry} notFound={S.villageNotFoundTitle}>
      {(page) =>
        page.data.length === 0 ? (
          <div className="center-block">
            <p className="muted">{S.mattersNone}</p>
          </div>
        ) : (
          <ul className="cards" data-testid="public-matters">
            {page.data.map((m) => (
              <li key={m.id}>
                <Link to={`/v/${code}/matters/${m.id}`} className="card link-card" data-testid="public-matter">
                  <div className="link-card-head">
                    <span className="link-card-title">{m.title}</span>
                    <MatterStatus m={m} />
                  </div>
                  <div className="muted">{m.itemName}</div>
                  {m.currentStepName && (
                    <div>
                      {S.currentStep}：<strong>{m.currentStepName}</strong>
                    </div>
                  )}
                  {m.noticeEndsOn && <div className="notice-line">{S.noticeUntil(fmtDay(m.noticeEndsOn))}</div>}
                  <div className="muted small">
                    {S.startedOn} {fmtDay(m.createdAt)}
                    {m.applicantName ? ` · ${S.applicant} ${m.applicantName}` : ''}
                    {m.amountFen !== null ? ` · ${S.yuan(m.amountFen)}` : ''}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )
      }
    </LoadView>
  );
}

function Decisions({ code }: { code: string }) {
  const [state, retry] = useJson<Paged<TPublicDecision>>('/public/decisions', { village: code, pageSize: '100' });
  return (
    <LoadView state={state} retry={retry} notFound={S.villageNotFoundTitle}>
      {(page) =>
        page.data.length === 0 ? (
          <div className="center-block">
            <p className="muted">{S.decisionsNone}</p>
          </div>
        ) : (
          <ul className="cards" data-testid="public-decisions">
            {page.data.map((d) => {
              const last = [...d.stages].sort((a, b) => a.heldOn.localeCompare(b.heldOn)).pop();
              return (
                <li key={d.id}>
                  <Link to={`/v/${code}/decisions/${d.id}`} className="card link-card" data-testid="public-decision">
                    <div className="link-card-head">
                      <span className="link-card-title">{d.title}</span>
                      <DecisionStatus status={d.status} />
                    </div>
                    <div>{S.decisionStagesDone(d.stages.length)}</div>
                    <div className="muted small">
                      {last ? S.decisionHeldOn(fmtDay(last.heldOn)) : ''}
                      {d.amountFen !== null ? `${last ? ' · ' : ''}${S.yuan(d.amountFen)}` : ''}
                    </div>
                  </Link>
                </li>
              );
            })}
          </ul>
        )
      }
    </LoadView>
  );
}

function Disclosures({ code }: { code: string }) {
  const [state, retry] = useJson<Paged<TPublicDisclosureSummary>>('/public/disclosures', { village: code, pageSize: '100' });
  return (
    <LoadView state={state} retry={retry} notFound={S.villageNotFoundTitle}>
      {(page) =>
        page.data.length === 0 ? (
          <div className="center-block">
            <p className="muted">{S.disclosuresNone}</p>
          </div>
        ) : (
          <ul className="cards" data-testid="public-disclosures">
            {page.data.map((d) => (
              <li key={d.id}>
                <Link to={`/v/${code}/disclosures/${d.id}`} className="card link-card" data-testid="public-disclosure">
                  <div className="link-card-head">
                    <span className="link-card-title">{d.title}</span>
                    {d.correctedLabel && (
                      <span className="status status-late" data-testid="corrected-tag">
                        {d.correctedLabel}
                      </span>
                    )}
                  </div>
                  <div className="muted">
                    {d.kindLabel}
                    {d.period ? ` · ${d.period}` : ''}
                  </div>
                  <div className="muted small">{S.disclosurePublishedOn(fmtDay(d.lastPublishedAt))}</div>
                </Link>
              </li>
            ))}
          </ul>
        )
      }
    </LoadView>
  );
}

/** 村务公开: the village's public matters (事项办理) and its 四议两公开 decisions. */
export default function Affairs() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const t = params.get('tab');
  const tab = t === 'decisions' || t === 'disclosures' ? t : 'matters';
  const [village] = useJson<TPublicVillage>(/^\d{12}$/.test(code) ? `/public/villages/${code}` : null);
  const name = village.kind === 'ok' ? village.data.name : '';
  useEffect(() => {
    document.title = `${S.affairsTitle}${name ? ` · ${name}` : ''} · ${S.appName}`;
  }, [name]);

  return (
    <SubPage title={S.affairsTitle} back={`/v/${code}`}>
      <header className="sub-header">
        <h1 className="sub-title">{name ? `${name} · ${S.affairsTitle}` : S.affairsTitle}</h1>
        <p className="sub-intro">{S.affairsIntro}</p>
      </header>
      <div className="segmented" role="tablist">
        {(
          [
            ['matters', S.tabMatters],
            ['decisions', S.tabDecisions],
            ['disclosures', S.tabDisclosures],
          ] as const
        ).map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={tab === key}
            className={`segment${tab === key ? ' segment-on' : ''}`}
            onClick={() => setParams(key === 'matters' ? {} : { tab: key }, { replace: true })}
            data-testid={`tab-${key}`}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === 'matters' ? <Matters code={code} /> : tab === 'decisions' ? <Decisions code={code} /> : <Disclosures code={code} />}
    </SubPage>
  );
}
