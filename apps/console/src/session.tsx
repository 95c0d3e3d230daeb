import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { hasPermission, type TPermission, type TSessionInfo } from '@mpw/contracts';
import { ApiError, api, setCsrfToken } from './api';

interface SessionContextValue {
  /** null when not signed in. */
  session: TSessionInfo | null;
  /** True until the start-up GET /auth/me has answered. */
  loading: boolean;
  /** Adopt a session info answered by login / mfa / password endpoints (or clear it). */
  setSession: (s: TSessionInfo | null) => void;
  /** GET /auth/me again; returns the new session or null on 401. */
  refresh: () => Promise<TSessionInfo | null>;
  /** Adopt a response if it is a session info, otherwise refresh from the server. */
  adopt: (response: unknown) => Promise<TSessionInfo | null>;
  logout: () => Promise<void>;
  can: (permission: TPermission) => boolean;
  canAny: (permissions: readonly TPermission[]) => boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function isSessionInfo(x: unknown): x is TSessionInfo {
  return !!x && typeof x === 'object' && 'stage' in x && 'csrfToken' in x && 'user' in x;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<TSessionInfo | null>(null);
  const [loading, setLoading] = useState(true);

  const setSession = useCallback((s: TSessionInfo | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    setSessionState(s);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const me = await api.get<TSessionInfo>('/auth/me', undefined, { skipAuthRedirect: true });
      setSession(me);
      return me;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        setSession(null);
        return null;
      }
      throw e;
    }
  }, [setSession]);

  const adopt = useCallback(
    async (response: unknown) => {
      if (isSessionInfo(response)) {
        setSession(response);
        return response;
      }
      return refresh();
    },
    [refresh, setSession],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { skipAuthRedirect: true });
    } catch {
      // The session is dropped locally whatever the server says.
    }
    setSession(null);
  }, [setSession]);

  useEffect(() => {
    refresh()
      .catch(() => setSession(null))
      .finally(() => setLoading(false));
  }, [refresh, setSession]);

  const value = useMemo<SessionContextValue>(() => {
    const user = session?.user;
    const can = (p: TPermission) => {
      if (!user) return false;
      // The server's own list is authoritative; fall back to the role table.
      return Array.isArray(user.permissions) ? user.permissions.includes(p) : hasPermission(user.roles, p);
    };
    return {
      session,
      loading,
      setSession,
      refresh,
      adopt,
      logout,
      can,
      canAny: (ps) => ps.some(can),
    };
  }, [session, loading, setSession, refresh, adopt, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in, active user; only for components rendered behind the auth guard. */
export function useUser() {
  const { session } = useSession();
  if (!session) throw new Error('useUser without a session');
  return session.user;
}
