/**
 * The pages of 监督检查 (inspections) and 整改 (rectification), spliced into PAGES of ../../routes.tsx.
 * Two menu entries (监督检查, 整改台账); forms and details are reached from them.
 */
import { lazy } from 'react';
import { FileSearchOutlined, ReconciliationOutlined } from '@ant-design/icons';
import type { PageDef } from '../../routes';

const PLAN_READ = ['inspection:plan:read'] as const;
const NOTICE_READ = ['rectification:notice:read'] as const;

export const INSPECTION_ROUTES: PageDef[] = [
  {
    key: 'inspections',
    path: '/inspections',
    label: 'menu.inspections',
    icon: <FileSearchOutlined />,
    anyOf: PLAN_READ,
    component: lazy(() => import('./PlanList')),
  },
  {
    key: 'inspectionNew',
    path: '/inspections/plans/new',
    label: 'menu.inspectionNew',
    icon: <FileSearchOutlined />,
    anyOf: ['inspection:plan:write'],
    component: lazy(() => import('./PlanForm')),
    inMenu: false,
  },
  {
    key: 'inspectionPlan',
    path: '/inspections/plans/:id',
    label: 'menu.inspections',
    icon: <FileSearchOutlined />,
    anyOf: PLAN_READ,
    component: lazy(() => import('./PlanDetail')),
    inMenu: false,
  },
  {
    key: 'findingNew',
    path: '/inspections/findings/new',
    label: 'menu.inspections',
    icon: <FileSearchOutlined />,
    anyOf: ['inspection:finding:write'],
    component: lazy(() => import('./FindingForm')),
    inMenu: false,
  },
  {
    key: 'finding',
    path: '/inspections/findings/:id',
    label: 'menu.inspections',
    icon: <FileSearchOutlined />,
    anyOf: PLAN_READ,
    component: lazy(() => import('./FindingDetail')),
    inMenu: false,
  },
  {
    key: 'rectification',
    path: '/rectification',
    label: 'menu.rectification',
    icon: <ReconciliationOutlined />,
    anyOf: NOTICE_READ,
    component: lazy(() => import('./Ledger')),
  },
  {
    key: 'rectificationNew',
    path: '/rectification/notices/new',
    label: 'menu.rectificationNew',
    icon: <ReconciliationOutlined />,
    anyOf: ['rectification:notice:issue'],
    component: lazy(() => import('./NoticeForm')),
    inMenu: false,
  },
  {
    key: 'rectificationNotice',
    path: '/rectification/notices/:id',
    label: 'menu.rectification',
    icon: <ReconciliationOutlined />,
    anyOf: NOTICE_READ,
    component: lazy(() => import('./NoticeDetail')),
    inMenu: false,
  },
];
