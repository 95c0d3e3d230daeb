import { useEffect } from 'react';
import { useParams } from 'react-router';
import type { TPublicAssets } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import { fmtDay } from '../format';
import { yuan } from '../books';
import { LoadView, SubPage } from '../components/SubPage';

/** 集体三资: the village's assets and contracts. */
export default function Assets() {
  const { code = '' } = useParams();
  const [state, retry] = useJson<TPublicAssets>(/^\d{12}$/.test(code) ? '/public/assets' : null, { village: code });
  const name = state.kind === 'ok' ? state.data.village.name : '';
  useEffect(() => {
    document.title = `${S.assetsTitle}${name ? ` · ${name}` : ''} · ${S.appName}`;
  }, [name]);
  return (
    <SubPage title={S.assetsTitle} back={`/v/${code}`}>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="assets-title">
          {name ? `${name} · ${S.assetsTitle}` : S.assetsTitle}
        </h1>
        <p className="sub-intro">{S.assetsIntro}</p>
      </header>
      <LoadView state={state} retry={retry} notFound={S.villageNotFoundTitle}>
        {(a) => (
          <>
            <section className="card">
              <h2 className="form-title">{S.assetsList(a.assets.length)}</h2>
              {a.assets.length === 0 ? (
                <p className="muted">{S.assetsNone}</p>
              ) : (
                <ul className="cards" data-testid="public-assets">
                  {a.assets.map((x) => (
                    <li key={x.assetNo} className="card entry-card" data-testid="public-asset">
                      <div className="link-card-head">
                        <span className="link-card-title">{x.name}</span>
                        <span className="status">{S.assetStatus[x.status] ?? x.status}</span>
                      </div>
                      <div className="muted small">
                        {S.assetKind[x.kind] ?? x.kind}
                        {x.quantity ? ` · ${x.quantity}${x.unit ?? ''}` : ''}
                        {x.location ? ` · ${x.location}` : ''}
                        {x.valueFen !== null ? ` · ${yuan(x.valueFen)}` : ''}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card">
              <h2 className="form-title">{S.contractsList(a.contracts.length)}</h2>
              {a.contracts.length === 0 ? (
                <p className="muted">{S.contractsNone}</p>
              ) : (
                <ul className="cards" data-testid="public-contracts">
                  {a.contracts.map((c) => (
                    <li key={c.contractNo} className="card entry-card" data-testid="public-contract">
                      <div className="link-card-head">
                        <span className="link-card-title">{c.title}</span>
                        <span className={`status ${c.status === 'active' ? 'status-running' : 'status-completed'}`}>{S.contractStatus[c.status] ?? c.status}</span>
                      </div>
                      <div>
                        {c.contractType} · <strong>{yuan(c.amountFen)}</strong>
                      </div>
                      <div className="muted small">
                        {S.counterparty} {c.counterpartyName} · {S.signedOn} {fmtDay(c.signedDate)}
                        {c.endDate ? ` · ${S.endsOn} ${fmtDay(c.endDate)}` : ''}
                        {c.procurementMethod ? ` · ${c.procurementMethod}` : ''}
                      </div>
                      {c.isFlagged && <div className="notice-line">{S.contractFlagged}</div>}
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
