import { Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import type { TPermission } from '@mpw/contracts';
import { setSessionProblemHandler } from './api';
import { I18nProvider, useI18n } from './i18n';
import { SessionProvider, useSession } from './session';
import { RegionProvider } from './region';
import { PAGES } from './routes';
import AppLayout from './layout/AppLayout';
import LoginPage from './pages/Login';
import NotFound from './pages/NotFound';

export function FullPageSpin() {
  return (
    <div className="full-page-center">
      <Spin size="large" />
    </div>
  );
}

/** Lets the request wrapper send the user to /login (or to the pending login step) without a reload. */
function SessionProblemBinder() {
  const navigate = useNavigate();
  const { setSession, refresh } = useSession();
  useEffect(() => {
    setSessionProblemHandler((code) => {
      if (code === 'UNAUTHENTICATED') {
        setSession(null);
        navigate('/login', { replace: true });
      } else {
        void refresh().then(() => navigate('/login', { replace: true }));
      }
    });
  }, [navigate, setSession, refresh]);
  return null;
}

function RequireActiveSession({ children }: { children: ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!session || session.stage !== 'active') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('error.forbiddenPage')} />;
}

function Guarded({ anyOf, children }: { anyOf?: readonly TPermission[]; children: ReactNode }) {
  const { canAny } = useSession();
  if (anyOf && anyOf.length > 0 && !canAny(anyOf)) return <Forbidden />;
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

function ThemedApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#b3261e', borderRadius: 6, fontSize: 14 } }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <SessionProblemBinder />
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireActiveSession>
                    <RegionProvider>
                      <AppLayout />
                    </RegionProvider>
                  </RequireActiveSession>
                }
              >
                {PAGES.map((p) => (
                  <Route
                    key={p.key}
                    path={p.path}
                    element={
                      <Guarded anyOf={p.anyOf}>
                        <p.component />
                      </Guarded>
                    }
                  />
                ))}
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export default function App() {
  return (
    <I18nProvider>
      <ThemedApp />
    </I18nProvider>
  );
}
