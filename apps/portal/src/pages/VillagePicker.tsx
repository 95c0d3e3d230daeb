import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, List, SearchBar, Tag } from 'antd-mobile';
import Spinner from '../components/Spinner';
import type { TPublicVillage } from '@mpw/contracts';
import { getJson, isAbort } from '../api';
import { loadLastVillage } from '../lastVillage';
import { S } from '../strings';
import { groupByTownship } from '../villages';

export default function VillagePicker() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [state, setState] = useState<{ data: TPublicVillage[]; total: number; loading: boolean; error: string | null }>({
    data: [],
    total: 0,
    loading: true,
    error: null,
  });
  const [tick, setTick] = useState(0);
  const last = useMemo(loadLastVillage, []);

  useEffect(() => {
    document.title = `${S.pickTitle} · ${S.appName}`;
  }, []);

  useEffect(() => {
    const id = setTimeout(() => setDebounced(q.trim()), 300);
    return () => clearTimeout(id);
  }, [q]);

  useEffect(() => {
    const ac = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    getJson<{ data: TPublicVillage[]; total: number }>('/public/villages', { q: debounced || undefined }, ac.signal)
      .then((r) => setState({ data: r.data ?? [], total: r.total ?? r.data?.length ?? 0, loading: false, error: null }))
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setState((s) => ({ ...s, loading: false, error: e instanceof Error ? e.message : S.networkError }));
      });
    return () => ac.abort();
  }, [debounced, tick]);

  const groups = useMemo(() => groupByTownship(state.data), [state.data]);
  const open = (code: string) => navigate(`/v/${code}`);

  return (
    <div className="page">
      <header className="hero">
        <div className="hero-brand">{S.appName}</div>
        <h1 className="hero-title">{S.pickTitle}</h1>
        <p className="hero-sub">{S.pickSubtitle}</p>
      </header>

      <div className="search-sticky">
        <SearchBar
          placeholder={S.searchPlaceholder}
          value={q}
          onChange={setQ}
          onSearch={(v) => setDebounced(v.trim())}
          onClear={() => setDebounced('')}
          aria-label={S.searchPlaceholder}
          data-testid="village-search"
        />
      </div>

      {last && !q && (
        <List className="list-block" header={S.lastVisited}>
          <List.Item onClick={() => open(last.code)} description={last.townshipName} data-testid="last-village">
            <span className="village-name">{last.name}</span>
          </List.Item>
        </List>
      )}

      {state.loading && state.data.length === 0 ? (
        <Spinner />
      ) : state.error ? (
        <div className="center-block" role="alert">
          <p className="error-text">{state.error}</p>
          <Button color="primary" size="large" onClick={() => setTick((x) => x + 1)}>
            {S.retry}
          </Button>
        </div>
      ) : state.data.length === 0 ? (
        <div className="center-block">
          <p className="muted">{S.noVillages}</p>
        </div>
      ) : (
        <div aria-busy={state.loading} data-testid="village-list">
          {groups.map((g) => (
            <List key={g.key} className="list-block" header={<span className="group-title">{g.title}</span>}>
              {g.villages.map((v) => (
                <List.Item
                  key={v.code}
                  data-testid="village-item"
                  data-code={v.code}
                  onClick={() => open(v.code)}
                  extra={v.isDemo ? <Tag color="warning" className="demo-tag">{S.demo}</Tag> : undefined}
                  arrowIcon
                >
                  <span className="village-name">{v.name}</span>
                </List.Item>
              ))}
            </List>
          ))}
          <p className="muted center-text">{state.total > state.data.length ? S.moreHidden(state.total - state.data.length) : S.villageCount(state.total)}</p>
        </div>
      )}
      <footer className="footer">{S.footer}</footer>
    </div>
  );
}
