import { useEffect, useState } from 'react';
import { ApiError, getJson, isAbort } from './api';
import { S } from './strings';

export type Load<T> = { kind: 'loading' } | { kind: 'notFound' } | { kind: 'error'; message: string } | { kind: 'ok'; data: T };

/** GET a public endpoint into a load state (404/400 = notFound); `retry` loads again. */
export function useJson<T>(path: string | null, query?: Record<string, string | undefined>): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  const key = path === null ? null : path + JSON.stringify(query ?? {});
  useEffect(() => {
    const ac = new AbortController();
    setState({ kind: 'loading' });
    if (key === null || path === null) {
      setState({ kind: 'notFound' });
      return;
    }
    getJson<T>(path, query, ac.signal)
      .then((data) => setState({ kind: 'ok', data }))
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setState({ kind: 'notFound' });
        else setState({ kind: 'error', message: e instanceof Error ? e.message : S.networkError });
      });
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  return [state, () => setTick((x) => x + 1)];
}
