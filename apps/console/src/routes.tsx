/**
 * Pages and menu, defined once as data. A page appears in the side menu and is reachable only when the
 * user holds at least one of its `anyOf` permissions (none listed = every signed-in user).
 * To add a page: write `pages/Foo.tsx` (default export), add an entry here, add its label to i18n.tsx.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, HomeOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { TPermission } from '@mpw/contracts';
import type { MsgKey } from './i18n';

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

/** The page whose path best matches a location path. */
export function pageForPath(pathname: string): PageDef | undefined {
  return PAGES.filter((p) => (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(p.path + '/'))).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
}
