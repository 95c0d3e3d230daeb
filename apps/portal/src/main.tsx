import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { S } from './strings';
import './styles.css';

// Every route is its own chunk: the first load carries only React and the router.
const VillagePicker = lazy(() => import('./pages/VillagePicker'));
const VillageHome = lazy(() => import('./pages/VillageHome'));
const NotFound = lazy(() => import('./pages/NotFound'));

function Loading() {
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {S.loading}
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/portal">
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<VillagePicker />} />
          <Route path="/v/:code" element={<VillageHome />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  </StrictMode>,
);
