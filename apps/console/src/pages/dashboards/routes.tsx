/** The dashboard pages (统计分析, 本村待办), spliced into PAGES of ../../routes.tsx. */
import { lazy } from 'react';
import { BarChartOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { PageDef } from '../../routes';

export const DASHBOARD_ROUTES: PageDef[] = [
  {
    key: 'dashboard',
    path: '/dashboard',
    label: 'menu.dashboard',
    icon: <BarChartOutlined />,
    anyOf: ['dashboard:stats:read'],
    component: lazy(() => import('./Dashboard')),
  },
  {
    key: 'workboard',
    path: '/workboard',
    label: 'menu.workboard',
    icon: <ScheduleOutlined />,
    anyOf: ['dashboard:stats:read'],
    component: lazy(() => import('./Workboard')),
  },
];
