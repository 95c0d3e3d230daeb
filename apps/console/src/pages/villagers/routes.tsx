/**
 * The pages of the villagers' side (户查询码, 村民问政, 村民提问, 满意度测评), spliced into PAGES of
 * ../../routes.tsx.
 */
import { lazy } from 'react';
import { CommentOutlined, IdcardOutlined, LikeOutlined, SoundOutlined } from '@ant-design/icons';
import type { PageDef } from '../../routes';

const HEARING_READ = ['hearing:hearing:read'] as const;

export const VILLAGER_ROUTES: PageDef[] = [
  {
    key: 'households',
    path: '/households',
    label: 'menu.households',
    icon: <IdcardOutlined />,
    anyOf: ['household:code:read'],
    component: lazy(() => import('./Households')),
  },
  {
    key: 'hearings',
    path: '/hearings',
    label: 'menu.hearings',
    icon: <SoundOutlined />,
    anyOf: HEARING_READ,
    component: lazy(() => import('./HearingList')),
  },
  {
    key: 'hearing',
    path: '/hearings/:id',
    label: 'menu.hearings',
    icon: <SoundOutlined />,
    anyOf: HEARING_READ,
    component: lazy(() => import('./HearingDetail')),
    inMenu: false,
  },
  {
    key: 'villageQuestions',
    path: '/village-questions',
    label: 'menu.villageQuestions',
    icon: <CommentOutlined />,
    anyOf: HEARING_READ,
    component: lazy(() => import('./VillageQuestions')),
  },
  {
    key: 'satisfaction',
    path: '/satisfaction',
    label: 'menu.satisfaction',
    icon: <LikeOutlined />,
    anyOf: ['survey:result:read'],
    component: lazy(() => import('./Satisfaction')),
  },
];
