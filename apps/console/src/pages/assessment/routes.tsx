/**
 * The pages of 考核评价, 教育培训 and 监督队伍, spliced into PAGES of ../../routes.tsx. Static paths
 * (/assessment/schemes) win over parameters in the router; /training/:id is a detail page.
 */
import { lazy } from 'react';
import { BookOutlined, ReadOutlined, SafetyOutlined, SlidersOutlined, TrophyOutlined } from '@ant-design/icons';
import type { PageDef } from '../../routes';

export const ASSESSMENT_ROUTES: PageDef[] = [
  {
    key: 'assessment',
    path: '/assessment',
    label: 'menu.assessment',
    icon: <TrophyOutlined />,
    anyOf: ['assessment:result:read'],
    component: lazy(() => import('./AssessmentResults')),
  },
  {
    key: 'assessmentSchemes',
    path: '/assessment/schemes',
    label: 'menu.assessmentSchemes',
    icon: <SlidersOutlined />,
    anyOf: ['assessment:scheme:read'],
    component: lazy(() => import('./Schemes')),
  },
  {
    key: 'training',
    path: '/training',
    label: 'menu.training',
    icon: <ReadOutlined />,
    anyOf: ['training:session:read'],
    component: lazy(() => import('./training/TrainingList')),
  },
  {
    key: 'trainingSession',
    path: '/training/:id',
    label: 'menu.training',
    icon: <BookOutlined />,
    anyOf: ['training:session:read'],
    component: lazy(() => import('./training/TrainingDetail')),
    inMenu: false,
  },
  {
    key: 'supervisionTeams',
    path: '/supervision-teams',
    label: 'menu.supervisionTeams',
    icon: <SafetyOutlined />,
    anyOf: ['supervision:member:read'],
    component: lazy(() => import('./teams/Roster')),
  },
];
