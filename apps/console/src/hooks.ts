import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { TablePaginationConfig } from 'antd';
import { api, errorText, type Page, type Query } from './api';
import { useI18n } from './i18n';

interface ListState<T> {
  data: T[];
  total: number;
  loading: boolean;
  error: string | null;
}

/**
 * A paged list from a `GET path?current&pageSize&...filters` endpoint answering `{data, total}`.
 * Changing `filters` goes back to page 1. Returns a ready-made antd Table `pagination` config.
 */
export function usePagedList<T>(path: string, filters: Query, options: { enabled?: boolean; pageSize?: number } = {}) {
  const { t } = useI18n();
  const enabled = options.enabled ?? true;
  const filterKey = JSON.stringify(filters);
  const [page, setPage] = useState({ key: filterKey, current: 1, pageSize: options.pageSize ?? 20 });
  const current = page.key === filterKey ? page.current : 1;
  const pageSize = page.pageSize;
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<ListState<T>>({ data: [], total: 0, loading: enabled, error: null });

  useEffect(() => {
    if (!enabled) return;
    const ac = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api
      .get<Page<T>>(path, { ...(JSON.parse(filterKey) as Query), current, pageSize }, { signal: ac.signal })
      .then((r) => setState({ data: r?.data ?? [], total: r?.total ?? 0, loading: false, error: null }))
      .catch((e: unknown) => {
        if (ac.signal.aborted) return;
        setState((s) => ({ ...s, loading: false, error: errorText(e) }));
      });
    return () => ac.abort();
  }, [path, filterKey, current, pageSize, tick, enabled]);

  const reload = useCallback(() => setTick((x) => x + 1), []);

  const pagination: TablePaginationConfig = {
    current,
    pageSize,
    total: state.total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => t('common.total', { total }),
    onChange: (c, s) => setPage({ key: filterKey, current: s !== pageSize ? 1 : c, pageSize: s }),
  };

  return { ...state, current, pageSize, pagination, reload };
}

/** Load-once data with a reload function. */
export function useLoad<T>(loader: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | null; loading: boolean; error: string | null }>({ data: null, loading: true, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    loader()
      .then((data) => alive && setState({ data, loading: false, error: null }))
      .catch((e: unknown) => alive && setState((s) => ({ ...s, loading: false, error: errorText(e) })));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { ...state, reload };
}

/**
 * A list's query from the address bar: the given keys (flags only when 'true'), and the region
 * falling back to the header's. Dashboard links open list pages with these keys, so a list page and
 * its Excel export ask for exactly what the link names.
 */
export function urlQuery(params: URLSearchParams, keys: readonly string[], fallbackRegion: string, flags: readonly string[] = []): Query {
  const q: Query = {};
  for (const key of keys) {
    const v = params.get(key)?.trim();
    if (!v) continue;
    if (flags.includes(key) && v !== 'true') continue;
    q[key] = v;
  }
  if (!q.regionCode && fallbackRegion) q.regionCode = fallbackRegion;
  return q;
}

/** A list page's filters kept in the address bar: read one, set or clear one (replacing the history entry). */
export function useUrlFilters(onChange?: () => void) {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? '', [params]);
  const setParam = useCallback(
    (key: string, value: string) => {
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      setParams(next, { replace: true });
      onChange?.();
    },
    [params, setParams, onChange],
  );
  return { params, get, setParam };
}
