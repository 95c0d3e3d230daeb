import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TRegionTreeNode } from '@mpw/contracts';
import { api, errorText } from './api';
import { useSession } from './session';

interface RegionContextValue {
  /** Roots of the user's region subtree (usually one: the user's own region). */
  tree: TRegionTreeNode[];
  loading: boolean;
  error: string | null;
  /** The region chosen in the header switcher; list pages pass it as `regionCode`. */
  regionCode: string;
  setRegionCode: (code: string) => void;
  /** The node of `regionCode` in the tree, if loaded. */
  selectedNode: TRegionTreeNode | null;
  findNode: (code: string) => TRegionTreeNode | null;
  reload: () => Promise<void>;
}

const RegionContext = createContext<RegionContextValue | null>(null);
const STORAGE_KEY = 'mpw.console.region';

/** GET /regions/tree may answer one node, a list of nodes or a page; accept all three. */
export function normalizeTree(raw: unknown): TRegionTreeNode[] {
  if (Array.isArray(raw)) return raw as TRegionTreeNode[];
  if (raw && typeof raw === 'object') {
    const o = raw as { data?: unknown; code?: unknown };
    if (Array.isArray(o.data)) return o.data as TRegionTreeNode[];
    if (typeof o.code === 'string') return [raw as TRegionTreeNode];
  }
  return [];
}

export function findInTree(nodes: readonly TRegionTreeNode[], code: string): TRegionTreeNode | null {
  for (const n of nodes) {
    if (n.code === code) return n;
    const hit = findInTree(n.children ?? [], code);
    if (hit) return hit;
  }
  return null;
}

export function walkTree(nodes: readonly TRegionTreeNode[], fn: (n: TRegionTreeNode) => void): void {
  for (const n of nodes) {
    fn(n);
    walkTree(n.children ?? [], fn);
  }
}

/**
 * Statistics over a subtree. The server's `villageCount` and `userCount` already include everything below a
 * node (a village counts itself), so the root's figures are the subtree's; townships are counted here.
 */
export function subtreeStats(root: TRegionTreeNode | null) {
  let townships = 0;
  if (root) {
    walkTree([root], (n) => {
      if (n.level === 'township') townships++;
    });
  }
  return { townships, villages: root?.villageCount ?? 0, accounts: root?.userCount ?? 0 };
}

export function RegionProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const home = session?.user.regionCode ?? '';
  const storageKey = `${STORAGE_KEY}.${session?.user.id ?? ''}`;
  const [tree, setTree] = useState<TRegionTreeNode[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [regionCode, setRegionCodeState] = useState<string>(() => sessionStorage.getItem(storageKey) ?? home);

  const setRegionCode = useCallback(
    (code: string) => {
      sessionStorage.setItem(storageKey, code);
      setRegionCodeState(code);
    },
    [storageKey],
  );

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const raw = await api.get<unknown>('/regions/tree');
      setTree(normalizeTree(raw));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  // A remembered region that is no longer in scope (other user, deleted region) falls back to the user's own.
  useEffect(() => {
    if (loading) return;
    if (!regionCode || (tree.length > 0 && !findInTree(tree, regionCode))) setRegionCode(home);
  }, [loading, tree, regionCode, home, setRegionCode]);

  const value = useMemo<RegionContextValue>(
    () => ({
      tree,
      loading,
      error,
      regionCode: regionCode || home,
      setRegionCode,
      selectedNode: findInTree(tree, regionCode || home),
      findNode: (code) => findInTree(tree, code),
      reload,
    }),
    [tree, loading, error, regionCode, home, setRegionCode, reload],
  );
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

export function useRegion(): RegionContextValue {
  const ctx = useContext(RegionContext);
  if (!ctx) throw new Error('useRegion outside RegionProvider');
  return ctx;
}
