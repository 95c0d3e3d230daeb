import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { TPublicLedgerEntry } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import { currentMonth, isMonth, monthLabel, yuan } from '../books';
import type { Paged } from '../types';
import { LoadView, SubPage } from '../components/SubPage';
import { EntryBody } from './Finance';

/** The entries behind one category of a month. */
export default function FinanceEntries() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const q = params.get('period');
  const period = isMonth(q) ? q : currentMonth();
  const category = params.get('category') ?? undefined;
  const [state, retry] = useJson<Paged<TPublicLedgerEntry>>(/^\d{12}$/.test(code) ? '/public/books/entries' : null, { village: code, period, category });
  useEffect(() => {
    document.title = `${category ?? S.financeTitle} · ${S.appName}`;
  }, [category]);
  return (
    <SubPage title={S.financeEntriesTitle} back={`/v/${code}/finance?period=${period}`}>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="entries-title">
          {category ?? S.financeEntriesTitle}
        </h1>
        <p className="sub-intro">{monthLabel(period)}</p>
      </header>
      <LoadView state={state} retry={retry} notFound={S.villageNotFoundTitle}>
        {(page) =>
          page.data.length === 0 ? (
            <div className="center-block">
              <p className="muted">{S.financeNoEntries}</p>
            </div>
          ) : (
            <>
              <p className="plain count-line">
                {S.financeEntriesCount(page.total)} · {S.financeSum} {yuan(page.data.reduce((s, e) => s + e.amountFen, 0))}
              </p>
              <ul className="cards" data-testid="finance-entries">
                {page.data.map((e) => (
                  <li key={e.entryNo} className="card entry-card" data-testid="finance-entry">
                    <EntryBody e={e} />
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </LoadView>
    </SubPage>
  );
}
