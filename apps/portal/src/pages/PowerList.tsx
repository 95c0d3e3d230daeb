import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { List, SearchBar } from 'antd-mobile';
import type { TPowerItem, TPublicVillage } from '@mpw/contracts';
import { S } from '../strings';
import { useJson } from '../useJson';
import type { Paged } from '../types';
import { LoadView, SubPage } from '../components/SubPage';
import { groupItems } from '../power';

/** 权力清单 of a village: the items that apply to it, by category, with a search box. */
export default function PowerList() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const valid = /^\d{12}$/.test(code);
  const [village] = useJson<TPublicVillage>(valid ? `/public/villages/${code}` : null);
  const [state, retry] = useJson<Paged<TPowerItem>>(valid ? '/public/power/items' : null, { village: code, pageSize: '200' });
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const name = village.kind === 'ok' ? village.data.name : '';

  useEffect(() => {
    document.title = `${S.powerTitle}${name ? ` · ${name}` : ''} · ${S.appName}`;
  }, [name]);

  const items = state.kind === 'ok' ? state.data.data : [];
  const groups = useMemo(() => groupItems(items, q, category), [items, q, category]);
  const categories = useMemo(() => groupItems(items, '', '').map((g) => g.category), [items]);
  const shown = groups.reduce((n, g) => n + g.items.length, 0);

  return (
    <SubPage title={S.powerTitle} back={`/v/${code}`}>
      <header className="sub-header">
        <h1 className="sub-title" data-testid="power-title">
          {name ? `${name} · ${S.powerTitle}` : S.powerTitle}
        </h1>
        <p className="sub-intro">{S.powerIntro}</p>
      </header>
      <LoadView state={state} retry={retry} notFound={S.villageNotFoundTitle}>
        {() => (
          <>
            <div className="search-sticky">
              <SearchBar placeholder={S.powerSearch} value={q} onChange={setQ} aria-label={S.powerSearch} data-testid="power-search" />
              <div className="chips" role="tablist" aria-label="类别">
                {['', ...categories].map((c) => (
                  <button
                    key={c || 'all'}
                    type="button"
                    role="tab"
                    aria-selected={category === c}
                    className={`chip${category === c ? ' chip-on' : ''}`}
                    onClick={() => setCategory(c)}
                  >
                    {c || S.powerAll}
                  </button>
                ))}
              </div>
            </div>
            {shown === 0 ? (
              <div className="center-block">
                <p className="muted">{S.powerNone}</p>
              </div>
            ) : (
              <div data-testid="power-list">
                {groups.map((g) => (
                  <List key={g.category} className="list-block" header={<span className="group-title">{g.category}</span>}>
                    {g.items.map((it) => (
                      <List.Item
                        key={it.id}
                        arrowIcon
                        onClick={() => navigate(`/v/${code}/power/${it.id}`)}
                        description={`${S.workingDays(it.content.timeLimitDays)}${it.content.isService ? ` · ${S.serviceTag}` : ''}`}
                        data-testid="power-item"
                        data-name={it.content.name}
                      >
                        <span className="item-name">{it.content.name}</span>
                      </List.Item>
                    ))}
                  </List>
                ))}
                <p className="muted center-text">{S.powerCount(shown)}</p>
              </div>
            )}
          </>
        )}
      </LoadView>
    </SubPage>
  );
}
