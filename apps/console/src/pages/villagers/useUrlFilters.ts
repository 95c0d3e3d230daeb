import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

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
