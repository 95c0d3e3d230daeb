/**
 * 公开统计 (/v/:code/stats): the village's figures of the year in plain words and, per series, one CSS
 * bar per month. Aggregates only: the endpoint answers no personal data. No chart library.
 */
import { useEffect } from 'react';
import { useParams } from 'react-router';
import type { TPublicStats } from '@mpw/contracts';
import { S } from '../../strings';
import { useJson } from '../../useJson';
import { LoadView, SubPage } from '../../components/SubPage';
import { ST } from './strings';
import { monthBarWidths, monthNumber, seriesSummary, valueText } from './stats';
import './stats.css';

type Series = TPublicStats['series'][number];

function SeriesCard({ s, months, unit }: { s: Series; months: readonly string[]; unit: string }) {
  const widths = monthBarWidths(s.values);
  const sum = seriesSummary(months, s.values);
  return (
    <section className="card stats-series" data-testid="stats-series" data-key={s.key}>
      <h2 className="form-title stats-series-title">{s.label}</h2>
      <p className="plain stats-series-sum">
        {sum.total === 0
          ? ST.seriesNone
          : ST.seriesTotal(valueText(sum.total, unit)!) + (sum.peakMonth ? ST.seriesPeak(ST.month(monthNumber(sum.peakMonth)), valueText(sum.peak, unit)!) : '') + '。'}
      </p>
      {sum.total > 0 && (
        <ol className="stats-bars" aria-label={s.label}>
          {months.map((m, i) => (
            <li className="stats-bar-row" key={m}>
              <span className="stats-bar-month">{ST.month(monthNumber(m))}</span>
              <span className="stats-bar-track" aria-hidden="true">
                <span className="stats-bar" style={{ width: `${widths[i] ?? 0}%` }} />
              </span>
              <span className="stats-bar-value">{s.values[i] ?? 0}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export default function Stats() {
  const { code = '' } = useParams();
  const [state, retry] = useJson<TPublicStats>(/^\d{12}$/.test(code) ? '/public/dashboards/stats' : null, { regionCode: code });

  useEffect(() => {
    document.title = `${ST.title} · ${S.appName}`;
  }, []);

  return (
    <SubPage title={ST.title} back={`/v/${code}`}>
      <LoadView state={state} retry={retry} notFound={ST.notFound}>
        {(p) => {
          const unitOf = (key: string) => p.figures.find((f) => f.key === key)?.unit || '件';
          return (
            <>
              <header className="sub-header">
                <h1 className="sub-title" data-testid="stats-title">
                  {ST.heading(p.regionName, p.year)}
                </h1>
                <p className="sub-intro">{ST.intro}</p>
              </header>
              <section className="card" data-testid="stats-figures">
                <h2 className="form-title">{ST.figures}</h2>
                {p.figures.length === 0 ? (
                  <p className="plain muted">{ST.noFigures}</p>
                ) : (
                  <ul className="stats-figures">
                    {p.figures.map((f) => {
                      const text = valueText(f.value, f.unit);
                      return (
                        <li key={f.key} className="stats-figure" data-testid="stats-figure" data-key={f.key}>
                          <span className="stats-figure-label">{f.label}</span>
                          <strong className={text ? 'stats-figure-value' : 'stats-figure-value muted'}>{text ?? ST.noValue}</strong>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
              {p.series.length > 0 && p.months.length > 0 && (
                <>
                  <h2 className="stats-months-title">{ST.months}</h2>
                  <p className="muted small stats-months-intro">{ST.monthsIntro}</p>
                  {p.series.map((s) => (
                    <SeriesCard key={s.key} s={s} months={p.months} unit={unitOf(s.key)} />
                  ))}
                </>
              )}
              <p className="muted small stats-updated">{ST.updated}</p>
            </>
          );
        }}
      </LoadView>
    </SubPage>
  );
}
