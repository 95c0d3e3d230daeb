import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button, NavBar } from 'antd-mobile';
import ElderSwitch from './ElderSwitch';
import { navBackIcon } from './icons';
import Spinner from './Spinner';
import { S } from '../strings';
import type { Load } from '../useJson';
import { NotFoundBlock } from '../pages/NotFound';
import '../pages.css';

/** A page below the village home: a bar with 返回 to `back`, the title and the 长辈模式 switch, then the content. */
export function SubPage({ title, back, children }: { title: string; back: string; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <div className="page">
      <NavBar className="nav" onBack={() => navigate(back)} back={S.back} backIcon={navBackIcon} right={<ElderSwitch compact />}>
        {title}
      </NavBar>
      {children}
      <footer className="footer">{S.footer}</footer>
    </div>
  );
}

/** Loading spinner, "not found" block, or error with 重新加载; otherwise renders the data. */
export function LoadView<T>({ state, retry, notFound, children }: { state: Load<T>; retry: () => void; notFound: string; children: (data: T) => ReactNode }) {
  if (state.kind === 'loading') return <Spinner />;
  if (state.kind === 'notFound') return <NotFoundBlock title={notFound} />;
  if (state.kind === 'error') {
    return (
      <div className="center-block" role="alert">
        <p className="error-text">{state.message}</p>
        <Button color="primary" size="large" onClick={retry}>
          {S.retry}
        </Button>
      </div>
    );
  }
  return <>{children(state.data)}</>;
}
