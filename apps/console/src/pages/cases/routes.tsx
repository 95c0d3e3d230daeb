/**
 * The pages of 案件管理 (cases), spliced into PAGES of ../../routes.tsx. Static paths (/cases/new,
 * /cases/tolerance) win over /cases/:id in the router. Typical cases (典型案例) are drafted, approved,
 * published and withdrawn on the case detail page.
 */
import { lazy } from 'react';
import { FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { PageDef } from '../../routes';

export const CASE_ROUTES: PageDef[] = [
  {
    key: 'cases',
    path: '/cases',
    label: 'menu.cases',
    icon: <FileProtectOutlined />,
    anyOf: ['case:case:read'],
    component: lazy(() => import('./CaseList')),
  },
  {
    key: 'caseNew',
    path: '/cases/new',
    label: 'menu.cases',
    icon: <FileProtectOutlined />,
    anyOf: ['case:case:write'],
    component: lazy(() => import('./CaseNew')),
    inMenu: false,
  },
  {
    key: 'caseTolerance',
    path: '/cases/tolerance',
    label: 'menu.caseTolerance',
    icon: <SafetyCertificateOutlined />,
    anyOf: ['case:case:read'],
    component: lazy(() => import('./ToleranceRegister')),
  },
  {
    key: 'case',
    path: '/cases/:id',
    label: 'menu.cases',
    icon: <FileProtectOutlined />,
    anyOf: ['case:case:read'],
    component: lazy(() => import('./CaseDetail')),
    inMenu: false,
  },
];
