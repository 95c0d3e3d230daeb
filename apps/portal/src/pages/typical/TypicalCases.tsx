/**
 * 警示教育: the district's published typical cases (以案促改), anonymised by the discipline body before
 * publication. /v/:code/typical-cases (from a village's home) or /typical-cases[?district=<code>].
 */
import { useEffect } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { TPublicTypicalCase, TPublicVillage } from '@mpw/contracts';
import { fmtDay } from '../../format';
import { loadLastVillage } from '../../lastVillage';
import { S } from '../../strings';
import { useJson } from '../../useJson';
import { LoadView, SubPage } from '../../components/SubPage';
import { NotFoundBlock } from '../NotFound';
import { T } from './text';
import { districtsOf, paragraphs, pickDistrict } from './typical';
import './typical.css';

export default function TypicalCases() {
  const { code } = useParams();
  const [search] = useSearchParams();
  const district = pickDistrict(code, search.get('district'), loadLastVillage()?.code);
  const [state, retry] = useJson<TPublicTypicalCase[]>(district ? '/public/cases/typical' : null, { district: district ?? undefined });
  const districtName = state.kind === 'ok' ? (state.data[0]?.districtName ?? '') : '';

  useEffect(() => {
    document.title = `${T.title} · ${S.appName}`;
  }, []);

  return (
    <SubPage title={T.title} back={code ? `/v/${code}` : '/'}>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="typical-title">
          {T.heading(districtName)}
        </h1>
        <p className="sub-intro">{T.intro}</p>
      </header>
      {code && !district ? (
        <NotFoundBlock title={S.villageNotFoundTitle} body={S.villageNotFoundBody} />
      ) : district ? (
        <LoadView state={state} retry={retry} notFound={T.none}>
          {(items) =>
            items.length === 0 ? (
              <section className="card">
                <p className="plain muted" data-testid="typical-none">
                  {T.none}
                </p>
              </section>
            ) : (
              <>
                <p className="typical-count muted small">{T.count(items.length)}</p>
                <ul className="cards" data-testid="typical-list">
                  {items.map((c) => (
                    <li key={c.id} className="card typical-card" data-testid="typical-case">
                      <article>
                        <h2 className="typical-case-title">{c.title}</h2>
                        <p className="muted small typical-meta">
                          {T.publishedOn(fmtDay(c.publishedOn))}
                          {c.districtName ? ` · ${c.districtName}` : ''}
                        </p>
                        {paragraphs(c.summary).map((p, i) => (
                          <p key={i} className="typical-text">
                            {p}
                          </p>
                        ))}
                        {c.lesson && (
                          <div className="typical-lesson" data-testid="typical-lesson">
                            <strong>{T.lesson}</strong>
                            {paragraphs(c.lesson).map((p, i) => (
                              <p key={i}>{p}</p>
                            ))}
                          </div>
                        )}
                      </article>
                    </li>
                  ))}
                </ul>
              </>
            )
          }
        </LoadView>
      ) : (
        <DistrictChooser />
      )}
      <div className="bottom-actions">
        <Link to={code ? `/v/${code}/report` : '/report'} className="typical-report-link" data-testid="typical-report-link">
          {T.report} ›
        </Link>
      </div>
    </SubPage>
  );
}

/** No village opened yet and no district in the address: the districts of the platform (usually one). */
function DistrictChooser() {
  const navigate = useNavigate();
  const [state, retry] = useJson<{ data: TPublicVillage[]; total: number }>('/public/villages');
  const districts = state.kind === 'ok' ? districtsOf(state.data.data) : [];
  const only = districts.length === 1 ? districts[0]!.code : null;
  // One district: no need to ask.
  useEffect(() => {
    if (only) navigate(`/typical-cases?district=${only}`, { replace: true });
  }, [only, navigate]);
  return (
    <LoadView state={state} retry={retry} notFound={T.none}>
      {() =>
        districts.length === 0 ? (
          <section className="card">
            <p className="plain muted">{T.none}</p>
            <Button block color="primary" size="large" onClick={() => navigate('/')}>
              {T.pickVillage}
            </Button>
          </section>
        ) : (
          <section className="card">
            <h2 className="form-title">{T.pickDistrict}</h2>
            {districts.map((d) => (
              <Button key={d.code} block size="large" className="typical-district" onClick={() => navigate(`/typical-cases?district=${d.code}`)}>
                {d.name}
              </Button>
            ))}
          </section>
        )
      }
    </LoadView>
  );
}
