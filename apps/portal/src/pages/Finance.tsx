import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { TPublicBooksSummary } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import { fmtDay } from '../format';
import { barWidths, compareText, currentMonth, isMonth, monthLabel, shiftMonth, yuan } from '../books';
import { LoadView, SubPage } from '../components/SubPage';

type Side = TPublicBooksSummary['income'];

/** Three bars: this month, last month, the same month last year. */
function Bars({ now, last, lastYear, p }: { now: number; last: number; lastYear: number; p: TPublicBooksSummary }) {
  const w = barWidths([now, last, lastYear]);
  const rows: [string, number, number, string][] = [
    [monthLabel(p.period), now, w[0]!, 'bar-now'],
    [monthLabel(p.lastMonth), last, w[1]!, 'bar-before'],
    [monthLabel(p.sameMonthLastYear), lastYear, w[2]!, 'bar-before'],
  ];
  return (
    <div className="bars">
      {rows.map(([label, fen, width, cls]) => (
        <div className="bar-row" key={label}>
          <div className="bar-label">
            <span>{label}</span>
            <strong>{yuan(fen)}</strong>
          </div>
          <div className="bar-track">
            <div className={`bar ${cls}`} style={{ width: `${width}%` }} />
          </div>
        </div>
      ))}
    </div>
  );
}

function SideCard({ title, side, p, code, direction }: { title: string; side: Side; p: TPublicBooksSummary; code: string; direction: 'income' | 'expense' }) {
  return (
    <section className="card" data-testid={`finance-${direction}`}>
      <h2 className="form-title">
        {title}：{yuan(side.totalFen)}
      </h2>
      <p className="muted">
        {compareText(side.totalFen, side.lastMonthFen, S.financeLastMonth)}；{compareText(side.totalFen, side.sameMonthLastYearFen, S.financeLastYear)}
      </p>
      <Bars now={side.totalFen} last={side.lastMonthFen} lastYear={side.sameMonthLastYearFen} p={p} />
      {side.categories.length === 0 ? (
        <p className="muted">{S.financeNoneSide}</p>
      ) : (
        <ul className="cards">
          {side.categories.map((c) => (
            <li key={c.category}>
              <Link
                to={`/v/${code}/finance/entries?period=${p.period}&category=${encodeURIComponent(c.category)}`}
                className="card link-card"
                data-testid="finance-category"
                data-category={c.category}
              >
                <div className="link-card-head">
                  <span className="link-card-title">{c.category}</span>
                  <strong>{yuan(c.amountFen)}</strong>
                </div>
                <Bars now={c.amountFen} last={c.lastMonthFen} lastYear={c.sameMonthLastYearFen} p={p} />
                <div className="see-more">{S.financeSeeEntries}</div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The month picker: 上个月 / 下个月 buttons and a native month input. */
export function MonthPicker({ period, onChange }: { period: string; onChange: (p: string) => void }) {
  const max = currentMonth();
  return (
    <div className="month-picker" data-testid="month-picker">
      <button type="button" className="month-btn" onClick={() => onChange(shiftMonth(period, -1))}>
        {S.financePrev}
      </button>
      <input
        type="month"
        className="field-input month-input"
        value={period}
        max={max}
        aria-label={S.financePickMonth}
        data-testid="month-input"
        onChange={(e) => isMonth(e.target.value) && onChange(e.target.value)}
      />
      <button type="button" className="month-btn" disabled={period >= max} onClick={() => onChange(shiftMonth(period, 1))}>
        {S.financeNext}
      </button>
    </div>
  );
}

/** 财务收支: the village's month in plain words. */
export default function Finance() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const q = params.get('period');
  const period = isMonth(q) ? q : currentMonth();
  const [state, retry] = useJson<TPublicBooksSummary>(/^\d{12}$/.test(code) ? '/public/books/summary' : null, { village: code, period });
  const name = state.kind === 'ok' ? state.data.village.name : '';
  useEffect(() => {
    document.title = `${S.financeTitle}${name ? ` · ${name}` : ''} · ${S.appName}`;
  }, [name]);

  return (
    <SubPage title={S.financeTitle} back={`/v/${code}`}>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="finance-title">
          {name ? `${name} · ${S.financeTitle}` : S.financeTitle}
        </h1>
        <p className="sub-intro">{S.financeIntro}</p>
      </header>
      <MonthPicker period={period} onChange={(p) => setParams({ period: p }, { replace: true })} />
      <LoadView state={state} retry={retry} notFound={S.villageNotFoundTitle}>
        {(p) => (
          <>
            <section className="card finance-head" data-testid="finance-summary">
              <h2 className="form-title">{S.financeMonthOf(monthLabel(p.period))}</h2>
              <div className="finance-totals">
                <div>
                  <div className="muted">{S.financeIncome}</div>
                  <div className="money money-in">{yuan(p.income.totalFen)}</div>
                </div>
                <div>
                  <div className="muted">{S.financeExpense}</div>
                  <div className="money money-out">{yuan(p.expense.totalFen)}</div>
                </div>
              </div>
            </section>
            <SideCard title={S.financeIncome} side={p.income} p={p} code={code} direction="income" />
            <SideCard title={S.financeExpense} side={p.expense} p={p} code={code} direction="expense" />
            <section className="card" data-testid="finance-large">
              <h2 className="form-title">{S.financeLarge(yuan(p.largeItemFen))}</h2>
              {p.largeItems.length === 0 ? (
                <p className="muted">{S.financeNoLarge}</p>
              ) : (
                <ul className="cards">
                  {p.largeItems.map((e) => (
                    <li key={e.entryNo} className="card entry-card" data-testid="finance-large-item">
                      <EntryBody e={e} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </LoadView>
    </SubPage>
  );
}

export function EntryBody({ e }: { e: TPublicBooksSummary['largeItems'][number] }) {
  return (
    <>
      <div className="link-card-head">
        <span className="link-card-title">{e.description || e.category}</span>
        <strong className={e.direction === 'income' ? 'money-in' : 'money-out'}>
          {e.direction === 'income' ? S.financeIn : S.financeOut} {yuan(e.amountFen)}
        </strong>
      </div>
      <div className="muted small">
        {fmtDay(e.entryDate)} · {e.category}
        {e.counterpartyName ? ` · ${e.counterpartyName}` : ''}
        {e.counterpartyId ? `（${e.counterpartyId}）` : ''}
        {e.isReversal ? ` · ${S.financeReversal}` : ''}
      </div>
      <div className="muted small">
        {S.financeEntryNo} {e.entryNo}
      </div>
    </>
  );
}
