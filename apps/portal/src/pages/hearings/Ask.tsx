/**
 * 我要提问 (/v/:code/ask): the village's 问政会 (open ones first, closed ones with their results), a form
 * to ask the village a question, and the questions with their answers (paged).
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { THearing } from '@mpw/contracts';
import { S } from '../../strings';
import type { Paged } from '../../types';
import { useJson } from '../../useJson';
import { LoadView, SubPage } from '../../components/SubPage';
import { fmtDateTime, sortHearings } from './hearings';
import { AskForm, HearingStatusTag, QuestionList } from './parts';
import { H } from './strings';
import './hearings.css';

function HearingCard({ code, h }: { code: string; h: THearing }) {
  const action = h.status === 'closed' ? H.seeResults : h.status === 'in_session' ? H.joinHearing : h.status === 'scheduled' ? H.seeHearing : null;
  return (
    <li>
      <Link className={`card link-card hr-hearing hr-hearing-${h.status}`} to={`/v/${code}/hearings/${h.id}`} data-testid="hearing-item" data-status={h.status} data-id={h.id}>
        <div className="link-card-head">
          <span className="hr-hearing-title">{h.title}</span>
          <HearingStatusTag status={h.status} />
        </div>
        <dl className="hr-facts">
          <div>
            <dt>{H.when}</dt>
            <dd>{fmtDateTime(h.scheduledAt)}</dd>
          </div>
          <div>
            <dt>{H.where}</dt>
            <dd>{h.place}</dd>
          </div>
        </dl>
        {h.status === 'cancelled' ? <p className="muted small">{H.cancelled(h.cancelReason)}</p> : <div className="hr-go">{action}</div>}
      </Link>
    </li>
  );
}

export default function Ask() {
  const { code = '' } = useParams();
  const [hearings, retry] = useJson<Paged<THearing>>(/^\d{12}$/.test(code) ? '/public/hearings' : null, { villageCode: code, pageSize: '50' });
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    document.title = `${H.askTitle} · ${S.appName}`;
  }, []);

  return (
    <SubPage title={H.askTitle} back={`/v/${code}`}>
      <div className="hr">
        <header className="sub-header">
          <h1 className="sub-title" data-testid="ask-title">
            {H.askTitle}
          </h1>
          <p className="sub-intro">{H.askIntro}</p>
        </header>
        <LoadView state={hearings} retry={retry} notFound={S.villageNotFoundTitle}>
          {(page) => (
            <>
              <section className="hr-section" data-testid="hearings">
                <h2 className="hr-section-title">{H.hearingsTitle}</h2>
                <p className="muted small hr-section-intro">{H.hearingsIntro}</p>
                {page.data.length === 0 ? (
                  <p className="card muted" data-testid="hearings-none">
                    {H.hearingsNone}
                  </p>
                ) : (
                  <ul className="cards">
                    {sortHearings(page.data).map((h) => (
                      <HearingCard key={h.id} code={code} h={h} />
                    ))}
                  </ul>
                )}
              </section>
              <AskForm code={code} next={`/v/${code}/ask`} onAsked={() => setAsked((n) => n + 1)} />
              <QuestionList code={code} reload={asked} title={H.questionsTitle} testId="village-questions" />
            </>
          )}
        </LoadView>
      </div>
    </SubPage>
  );
}
