/**
 * Pages and menu, defined once as data. A page appears in the side menu and is reachable only when the
 * user holds at least one of its `anyOf` permissions (none listed = every signed-in user).
 * To add a page: write `pages/Foo.tsx` (default export), add an entry here, add its label to i18n.tsx.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AccountBookOutlined,
  AuditOutlined,
  NotificationOutlined,
  BankOutlined,
  CalculatorOutlined,
  CalendarOutlined,
  FileDoneOutlined,
  FireOutlined,
  HomeOutlined,
  InboxOutlined,
  LineChartOutlined,
  ProfileOutlined,
  SettingOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { CloudUploadOutlined, FlagOutlined, FormOutlined, KeyOutlined } from '@ant-design/icons';
import type { TPermission } from '@mpw/contracts';
import type { MsgKey } from './i18n';
import { INSPECTION_ROUTES } from './pages/inspections/routes';
import { CASE_ROUTES } from './pages/cases/routes';
import { VILLAGER_ROUTES } from './pages/villagers/routes';
import { DASHBOARD_ROUTES } from './pages/dashboards/routes';
import { ASSESSMENT_ROUTES } from './pages/assessment/routes';

export interface PageDef {
  key: string;
  /** Absolute client-side path. */
  path: string;
  label: MsgKey;
  icon: ReactNode;
  anyOf?: readonly TPermission[];
  component: LazyExoticComponent<ComponentType>;
  /** Default true. */
  inMenu?: boolean;
}

export const PAGES: PageDef[] = [
  { key: 'home', path: '/', label: 'menu.home', icon: <HomeOutlined />, component: lazy(() => import('./pages/Home')) },
  {
    key: 'power',
    path: '/power',
    label: 'menu.power',
    icon: <ProfileOutlined />,
    anyOf: ['power:item:read'],
    component: lazy(() => import('./pages/Power')),
  },
  {
    key: 'powerItem',
    path: '/power/:id',
    label: 'menu.power',
    icon: <ProfileOutlined />,
    anyOf: ['power:item:read'],
    component: lazy(() => import('./pages/PowerItem')),
    inMenu: false,
  },
  {
    key: 'matters',
    path: '/matters',
    label: 'menu.matters',
    icon: <FileDoneOutlined />,
    anyOf: ['matter:matter:read'],
    component: lazy(() => import('./pages/Matters')),
  },
  {
    key: 'matter',
    path: '/matters/:id',
    label: 'menu.matters',
    icon: <FileDoneOutlined />,
    anyOf: ['matter:matter:read'],
    component: lazy(() => import('./pages/MatterDetail')),
    inMenu: false,
  },
  {
    key: 'filings',
    path: '/filings',
    label: 'menu.filings',
    icon: <InboxOutlined />,
    anyOf: ['matter:filing:decide'],
    component: lazy(() => import('./pages/Filings')),
  },
  {
    key: 'decisions',
    path: '/decisions',
    label: 'menu.decisions',
    icon: <UsergroupAddOutlined />,
    anyOf: ['decision:decision:read'],
    component: lazy(() => import('./pages/Decisions')),
  },
  {
    key: 'decision',
    path: '/decisions/:id',
    label: 'menu.decisions',
    icon: <UsergroupAddOutlined />,
    anyOf: ['decision:decision:read'],
    component: lazy(() => import('./pages/DecisionDetail')),
    inMenu: false,
  },
  {
    key: 'books',
    path: '/books',
    label: 'menu.books',
    icon: <AccountBookOutlined />,
    anyOf: ['books:entry:read'],
    component: lazy(() => import('./pages/Books')),
  },
  {
    key: 'bookPeriods',
    path: '/book-periods',
    label: 'menu.bookPeriods',
    icon: <CalculatorOutlined />,
    anyOf: ['books:entry:read'],
    component: lazy(() => import('./pages/BookPeriods')),
  },
  {
    key: 'assets',
    path: '/assets',
    label: 'menu.assets',
    icon: <BankOutlined />,
    anyOf: ['assets:asset:read', 'assets:contract:read'],
    component: lazy(() => import('./pages/Assets')),
  },
  {
    key: 'disclosures',
    path: '/disclosures',
    label: 'menu.disclosures',
    icon: <NotificationOutlined />,
    anyOf: ['disclosure:item:read'],
    component: lazy(() => import('./pages/Disclosures')),
  },
  {
    key: 'disclosure',
    path: '/disclosures/:id',
    label: 'menu.disclosures',
    icon: <NotificationOutlined />,
    anyOf: ['disclosure:item:read'],
    component: lazy(() => import('./pages/DisclosureDetail')),
    inMenu: false,
  },
  {
    key: 'alerts',
    path: '/alerts',
    label: 'menu.alerts',
    icon: <AlertOutlined />,
    anyOf: ['alert:alert:read'],
    component: lazy(() => import('./pages/Alerts')),
  },
  {
    key: 'reports',
    path: '/reports',
    label: 'menu.reports',
    icon: <FlagOutlined />,
    anyOf: ['report:report:read'],
    component: lazy(() => import('./pages/reports/ReportList')),
  },
  {
    key: 'reportIntake',
    path: '/reports/new',
    label: 'menu.reportIntake',
    icon: <FormOutlined />,
    anyOf: ['report:report:intake'],
    component: lazy(() => import('./pages/reports/ReportIntake')),
  },
  {
    key: 'report',
    path: '/reports/:id',
    label: 'menu.reports',
    icon: <FlagOutlined />,
    anyOf: ['report:report:read'],
    component: lazy(() => import('./pages/reports/ReportDetail')),
    inMenu: false,
  },
  ...INSPECTION_ROUTES,
  ...CASE_ROUTES,
  ...VILLAGER_ROUTES,
  ...DASHBOARD_ROUTES,
  ...ASSESSMENT_ROUTES,
  {
    key: 'dataImports',
    path: '/data-imports',
    label: 'menu.dataImports',
    icon: <CloudUploadOutlined />,
    anyOf: ['dataset:import:write', 'dataset:import:read'],
    component: lazy(() => import('./pages/datasets/Imports')),
  },
  {
    key: 'apiTokens',
    path: '/api-tokens',
    label: 'menu.apiTokens',
    icon: <KeyOutlined />,
    anyOf: ['dataset:token:manage'],
    component: lazy(() => import('./pages/datasets/Tokens')),
  },
  {
    key: 'alertHeat',
    path: '/alerts/heat',
    label: 'menu.alertHeat',
    icon: <FireOutlined />,
    anyOf: ['alert:alert:read'],
    component: lazy(() => import('./pages/alerts/AlertHeat')),
  },
  {
    key: 'alertPrecision',
    path: '/alerts/precision',
    label: 'menu.alertPrecision',
    icon: <LineChartOutlined />,
    anyOf: ['alert:alert:read'],
    component: lazy(() => import('./pages/alerts/AlertPrecision')),
  },
  {
    key: 'alert',
    path: '/alerts/:id',
    label: 'menu.alerts',
    icon: <AlertOutlined />,
    anyOf: ['alert:alert:read'],
    component: lazy(() => import('./pages/alerts/AlertDetail')),
    inMenu: false,
  },
  {
    key: 'regions',
    path: '/regions',
    label: 'menu.regions',
    icon: <ApartmentOutlined />,
    anyOf: ['region:region:read'],
    component: lazy(() => import('./pages/Regions')),
  },
  {
    key: 'users',
    path: '/users',
    label: 'menu.users',
    icon: <TeamOutlined />,
    anyOf: ['user:account:read'],
    component: lazy(() => import('./pages/Users')),
  },
  {
    key: 'calendar',
    path: '/calendar',
    label: 'menu.calendar',
    icon: <CalendarOutlined />,
    anyOf: ['calendar:day:read'],
    component: lazy(() => import('./pages/Calendar')),
  },
  {
    key: 'settings',
    path: '/settings',
    label: 'menu.settings',
    icon: <SettingOutlined />,
    anyOf: ['settings:setting:read'],
    component: lazy(() => import('./pages/Settings')),
  },
  {
    key: 'audit',
    path: '/audit',
    label: 'menu.audit',
    icon: <AuditOutlined />,
    anyOf: ['audit:event:read', 'audit:checkpoint:read'],
    component: lazy(() => import('./pages/Audit')),
  },
];

/**
 * The menu page a location belongs to: detail routes (`/matters/:id`) select their list's menu item.
 * Only menu pages are candidates, the longest matching path wins.
 */
export function pageForPath(pathname: string): PageDef | undefined {
  return PAGES.filter((p) => p.inMenu !== false && (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(p.path + '/'))).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
}
