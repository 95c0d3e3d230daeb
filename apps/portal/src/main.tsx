import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { S } from './strings';
// 长辈模式: sets the class on <html> before the first render.
import './elder';
import './styles.css';

// Every route is its own chunk: the first load carries only React and the router.
const VillagePicker = lazy(() => import('./pages/VillagePicker'));
const VillageHome = lazy(() => import('./pages/VillageHome'));
const NotFound = lazy(() => import('./pages/NotFound'));
const PowerList = lazy(() => import('./pages/PowerList'));
const PowerItem = lazy(() => import('./pages/PowerItem'));
const Affairs = lazy(() => import('./pages/Affairs'));
const MatterPublic = lazy(() => import('./pages/MatterPublic'));
const DecisionPublic = lazy(() => import('./pages/DecisionPublic'));
const DisclosurePublic = lazy(() => import('./pages/DisclosurePublic'));
const Finance = lazy(() => import('./pages/Finance'));
const FinanceEntries = lazy(() => import('./pages/FinanceEntries'));
const Assets = lazy(() => import('./pages/Assets'));
// 我要举报: the form (with the proof-of-work solver) and the tracking page load only when opened.
const ReportForm = lazy(() => import('./pages/report/ReportForm'));
const ReportTrack = lazy(() => import('./pages/report/ReportTrack'));
// 警示教育: the district's published typical cases (以案促改).
const TypicalCases = lazy(() => import('./pages/typical/TypicalCases'));
// 我家的待遇查询 (verify with the household's query code) and the quarterly satisfaction survey.
const Household = lazy(() => import('./pages/household/Household'));
const Survey = lazy(() => import('./pages/household/Survey'));
// 村民问政 and 我要提问: sessions, cadres' reports, questions and answers, ratings.
const Ask = lazy(() => import('./pages/hearings/Ask'));
const Hearing = lazy(() => import('./pages/hearings/Hearing'));
// A printable QR code of a village page or disclosure.
const QrPrint = lazy(() => import('./pages/qr/QrPrint'));
// 公开统计: aggregates of the village (or district), no personal data.
const Stats = lazy(() => import('./pages/stats/Stats'));

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
          <Route path="/v/:code/power" element={<PowerList />} />
          <Route path="/v/:code/power/:id" element={<PowerItem />} />
          <Route path="/v/:code/affairs" element={<Affairs />} />
          <Route path="/v/:code/matters/:id" element={<MatterPublic />} />
          <Route path="/v/:code/decisions/:id" element={<DecisionPublic />} />
          <Route path="/v/:code/disclosures/:id" element={<DisclosurePublic />} />
          <Route path="/v/:code/disclosures/:id/versions/:n" element={<DisclosurePublic />} />
          <Route path="/v/:code/finance" element={<Finance />} />
          <Route path="/v/:code/finance/entries" element={<FinanceEntries />} />
          <Route path="/v/:code/assets" element={<Assets />} />
          <Route path="/v/:code/report" element={<ReportForm />} />
          <Route path="/report" element={<ReportForm />} />
          <Route path="/report/track" element={<ReportTrack />} />
          <Route path="/typical-cases" element={<TypicalCases />} />
          <Route path="/v/:code/typical-cases" element={<TypicalCases />} />
          <Route path="/v/:code/household" element={<Household />} />
          <Route path="/v/:code/survey" element={<Survey />} />
          <Route path="/v/:code/ask" element={<Ask />} />
          <Route path="/v/:code/hearings/:id" element={<Hearing />} />
          <Route path="/v/:code/qr" element={<QrPrint />} />
          <Route path="/v/:code/stats" element={<Stats />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  </StrictMode>,
);
