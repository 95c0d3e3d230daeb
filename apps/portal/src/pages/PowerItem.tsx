import { useEffect } from 'react';
import { useParams } from 'react-router';
import { Tag } from 'antd-mobile';
import type { TFlowStep, TPowerItem } from '@mpw/contracts';
import { apiUrl } from '../api';
import { S } from '../strings';
import { useJson } from '../useJson';
import { LoadView, SubPage } from '../components/SubPage';
import ReadAloud from '../components/ReadAloud';

function stepLine(s: TFlowStep, i: number): string {
  const days = s.kind === 'notice' ? S.itemNoticeDays(s.days) : S.workingDays(s.deadlineDays);
  return S.itemStepLine(i + 1, s.name, S.roles[s.role] ?? s.role, days);
}

function Item({ item }: { item: TPowerItem }) {
  const c = item.content;
  // What is read aloud: the item in plain words, and the flowchart's steps as text.
  const describe = [c.name + '。', c.summary, `${S.itemMaterials}：${c.materials.join('；') || S.itemNoMaterials}。`, S.itemTimeText(c.timeLimitDays) + '。'].filter(Boolean).join('\n');
  const steps = [S.itemFlow + '。', ...c.flow.steps.map((s, i) => stepLine(s, i) + '。' + (s.disclose ? `公开：${s.disclose}。` : ''))].join('\n');
  const svg = apiUrl(`/public/power/items/${item.id}/flowchart.svg`);
  useEffect(() => {
    document.title = `${c.name} · ${S.appName}`;
  }, [c.name]);
  return (
    <>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="power-item-title">
          {c.name}
        </h1>
        <p className="sub-tags">
          <Tag color="primary" fill="outline" className="big-tag">
            {c.category}
          </Tag>
          {c.isService && (
            <Tag color="success" fill="outline" className="big-tag">
              {S.serviceTag}
            </Tag>
          )}
        </p>
        <div className="page-tools">
          <ReadAloud text={describe} label="朗读本页" />
        </div>
      </header>

      {c.summary && (
        <section className="card">
          <h2 className="card-title">{S.itemWhat}</h2>
          <p className="plain">{c.summary}</p>
        </section>
      )}

      <section className="card" data-testid="power-materials">
        <h2 className="card-title">{S.itemMaterials}</h2>
        {c.materials.length ? (
          <ol className="big-list">
            {c.materials.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ol>
        ) : (
          <p className="muted">{S.itemNoMaterials}</p>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{S.itemTime}</h2>
        <p className="plain strong" data-testid="power-time-limit">
          {S.itemTimeText(c.timeLimitDays)}
        </p>
      </section>

      <section className="card">
        <h2 className="card-title">{S.itemWho}</h2>
        <dl className="who">
          {c.responsibilities.map((r) => (
            <div key={r.subject} className="who-row">
              <dt>{r.subject}</dt>
              <dd>{r.duty}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card" data-testid="power-flowchart">
        <h2 className="card-title">{S.itemFlow}</h2>
        <p className="muted small">{S.itemFlowHint}</p>
        <div className="page-tools">
          <ReadAloud text={steps} label="朗读流程" />
        </div>
        {/* The SVG is 360px wide; it scales to the card and the page stays pinch-zoomable. */}
        <div className="flowchart-frame">
          <img src={svg} alt={`${c.name}${S.itemFlow}`} className="flowchart" data-testid="flowchart-img" />
        </div>
        <a className="big-link" href={svg} target="_blank" rel="noopener">
          {S.itemFlowOpen}
        </a>
        <details className="more">
          <summary className="how-title">{S.itemFlowText}</summary>
          <ol className="big-list">
            {c.flow.steps.map((s, i) => (
              <li key={s.id}>
                {stepLine(s, i)}
                {s.disclose && <div className="muted small">公开：{s.disclose}</div>}
              </li>
            ))}
          </ol>
        </details>
      </section>

      <section className="card" data-testid="power-disclosure">
        <h2 className="card-title">{S.itemDisclosure}</h2>
        {c.disclosure.length ? (
          <ul className="big-list">
            {c.disclosure.map((d) => (
              <li key={d.what}>
                <strong>{d.what}</strong>
                <div className="muted">{d.when}</div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{S.itemNoDisclosure}</p>
        )}
      </section>

      <section className="card">
        {c.riskPoints.length > 0 && (
          <details className="more">
            <summary className="how-title">{S.itemRisks}</summary>
            <ul className="big-list">
              {c.riskPoints.map((r) => (
                <li key={r.risk}>
                  <strong>{r.risk}</strong>
                  <div className="muted">{r.prevention}</div>
                </li>
              ))}
            </ul>
          </details>
        )}
        <details className="more">
          <summary className="how-title">{S.itemBasis}</summary>
          <ul className="big-list">
            {c.legalBasis.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </details>
      </section>
    </>
  );
}

/** One power item in plain words: what it is, materials, time, who is responsible, the flowchart, what is disclosed. */
export default function PowerItem() {
  const { code = '', id = '' } = useParams();
  const [state, retry] = useJson<TPowerItem>(/^[0-9a-f-]{36}$/i.test(id) ? `/public/power/items/${id}` : null);
  return (
    <SubPage title={S.powerTitle} back={`/v/${code}/power`}>
      <LoadView state={state} retry={retry} notFound={S.itemNotFound}>
        {(item) => <Item item={item} />}
      </LoadView>
    </SubPage>
  );
}
