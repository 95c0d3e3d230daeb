import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, NavBar, NoticeBar, Tag } from 'antd-mobile';
import Spinner from '../components/Spinner';
import type { TPublicVillage } from '@mpw/contracts';
import { ApiError, getJson, isAbort } from '../api';
import AuditHead from '../components/AuditHead';
import ElderSwitch from '../components/ElderSwitch';
import QrButton from '../components/QrButton';
import { navBackIcon, noticeIcon } from '../components/icons';
import { saveLastVillage } from '../lastVillage';
import { SECTIONS } from '../sections';
import { S } from '../strings';
import { NotFoundBlock } from './NotFound';

type State = { kind: 'loading' } | { kind: 'notFound' } | { kind: 'error'; message: string } | { kind: 'ok'; village: TPublicVillage };

export default function VillageHome() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ac = new AbortController();
    setState({ kind: 'loading' });
    if (!/^\d{12}$/.test(code)) {
      setState({ kind: 'notFound' });
      return;
    }
    getJson<TPublicVillage>(`/public/villages/${code}`, undefined, ac.signal)
      .then((village) => {
        setState({ kind: 'ok', village });
        saveLastVillage(village);
        document.title = `${village.name} · ${S.appName}`;
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setState({ kind: 'notFound' });
        else setState({ kind: 'error', message: e instanceof Error ? e.message : S.networkError });
      });
    return () => ac.abort();
  }, [code, tick]);

  const nav = (
    <NavBar className="nav" onBack={() => navigate('/')} back={S.back} backIcon={navBackIcon}>
      {S.appName}
    </NavBar>
  );

  if (state.kind === 'loading') {
    return (
      <div className="page">
        {nav}
        <Spinner />
      </div>
    );
  }
  if (state.kind === 'notFound') {
    return (
      <div className="page">
        {nav}
        <NotFoundBlock title={S.villageNotFoundTitle} body={S.villageNotFoundBody} />
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div className="page">
        {nav}
        <div className="center-block" role="alert">
          <p className="error-text">{state.message}</p>
          <Button color="primary" size="large" onClick={() => setTick((x) => x + 1)}>
            {S.retry}
          </Button>
        </div>
      </div>
    );
  }

  const v = state.village;
  return (
    <div className="page">
      {nav}
      <header className="village-header">
        <div className="village-title-row">
          <h1 className="village-title" data-testid="village-title">
            {v.name}
          </h1>
          <QrButton villageCode={v.code} path={`/v/${v.code}`} title={v.name} />
        </div>
        <p className="village-sub">
          {[v.districtName, v.townshipName].filter(Boolean).join(' · ')}
          {v.isDemo && (
            <Tag color="warning" className="demo-tag">
              {S.demo}
            </Tag>
          )}
        </p>
      </header>
      {v.isDemo && <NoticeBar content={S.demoNotice} color="alert" wrap className="demo-notice" icon={noticeIcon} />}
      <div className="elder-bar">
        <ElderSwitch />
      </div>

      <section className="card" aria-labelledby="sections-title">
        <h2 id="sections-title" className="card-title">
          {S.sectionsTitle}
        </h2>
        <div className="tiles">
          {SECTIONS.map((s) =>
            s.enabled && s.path ? (
              <Link key={s.key} to={`/v/${v.code}/${s.path}`} className="tile" data-testid={`section-${s.key}`}>
                <span className="tile-icon">{s.icon}</span>
                <span className="tile-title">{s.title}</span>
              </Link>
            ) : (
              <div key={s.key} className="tile tile-disabled" aria-disabled="true" data-testid={`section-${s.key}`}>
                <span className="tile-icon">{s.icon}</span>
                <span className="tile-title">{s.title}</span>
                <span className="tile-soon">{S.comingSoon}</span>
              </div>
            ),
          )}
        </div>
        <Link to="/report/track" className="report-track-link" data-testid="report-track-entry">
          {S.reportTrack} ›
        </Link>
      </section>

      <AuditHead />

      <div className="bottom-actions">
        <Button block size="large" onClick={() => navigate('/')}>
          {S.changeVillage}
        </Button>
      </div>
      <footer className="footer">{S.footer}</footer>
    </div>
  );
}
