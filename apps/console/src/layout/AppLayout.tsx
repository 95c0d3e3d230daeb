import { Suspense, lazy, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Dropdown, Layout, Menu, Modal, Space, Spin, Tag, TreeSelect, Typography } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { REGION_LEVEL_LABELS, ROLE_DEFINITIONS, type TRegionTreeNode } from '@mpw/contracts';
import { useI18n, type Lang } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion } from '../region';
import { PAGES, pageForPath } from '../routes';
import ChangePasswordForm from '../components/ChangePasswordForm';
import LangSwitch from '../components/LangSwitch';

// The inbox (popover, list, tags) loads just after the first paint; it is not needed to draw the layout.
const NotificationBell = lazy(() => import('../components/NotificationBell'));

const { Header, Sider, Content } = Layout;

interface TreeSelectNode {
  value: string;
  title: string;
  label: string;
  children: TreeSelectNode[];
}

function toTreeSelect(nodes: TRegionTreeNode[], lang: Lang): TreeSelectNode[] {
  return nodes.map((n) => ({
    value: n.code,
    title: `${n.name}（${REGION_LEVEL_LABELS[n.level]?.[lang] ?? n.level}）`,
    label: n.name,
    children: toTreeSelect(n.children ?? [], lang),
  }));
}

function RegionSwitcher() {
  const { t, lang } = useI18n();
  const { tree, regionCode, setRegionCode, loading } = useRegion();
  const treeData = useMemo(() => toTreeSelect(tree, lang), [tree, lang]);
  return (
    <Space size={6}>
      <Typography.Text type="secondary" className="header-label">
        {t('header.region')}
      </Typography.Text>
      <TreeSelect
        data-testid="region-switcher"
        style={{ width: 240 }}
        loading={loading}
        value={loading && tree.length === 0 ? undefined : regionCode}
        treeData={treeData}
        treeNodeLabelProp="label"
        showSearch={{ treeNodeFilterProp: 'title' }}
        treeDefaultExpandedKeys={[regionCode]}
        onChange={(v: string) => v && setRegionCode(v)}
        popupMatchSelectWidth={320}
        placeholder={t('header.regionPlaceholder')}
      />
    </Space>
  );
}

export default function AppLayout() {
  const { t, lang } = useI18n();
  const { canAny, logout, adopt } = useSession();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);

  const visible = PAGES.filter((p) => p.inMenu !== false && (!p.anyOf || p.anyOf.length === 0 || canAny(p.anyOf)));
  const current = pageForPath(location.pathname);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={208}>
        <div className="sider-brand" title={t('app.name')}>
          <SafetyCertificateOutlined style={{ fontSize: 22 }} />
          {!collapsed && <span>{t('app.shortName')}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="side-menu"
          selectedKeys={current ? [current.key] : []}
          items={visible.map((p) => ({ key: p.key, icon: p.icon, label: t(p.label) }))}
          onClick={({ key }) => {
            const page = PAGES.find((p) => p.key === key);
            if (page) navigate(page.path);
          }}
        />
      </Sider>
      <Layout>
        <Header className="app-header">
          <div className="app-header-title">{current ? t(current.label) : ''}</div>
          <Space size="large" wrap className="app-header-tools">
            <RegionSwitcher />
            <LangSwitch />
            <Suspense fallback={null}>
              <NotificationBell />
            </Suspense>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
                ],
                onClick: ({ key }) => {
                  if (key === 'password') setPwOpen(true);
                  if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
                },
              }}
            >
              <a className="header-user" data-testid="user-menu" onClick={(e) => e.preventDefault()}>
                <Avatar size="small" icon={<UserOutlined />} />
                <span className="header-user-name" data-testid="user-name">
                  {user.displayName}
                </span>
                <span className="header-user-roles">
                  {user.roles.map((r) => (
                    <Tag key={r} color="red" variant="outlined" style={{ marginInlineEnd: 4 }}>
                      {ROLE_DEFINITIONS[r]?.label[lang] ?? r}
                    </Tag>
                  ))}
                </span>
                <DownOutlined style={{ fontSize: 10 }} />
              </a>
            </Dropdown>
          </Space>
        </Header>
        <Content className="app-content">
          <Suspense
            fallback={
              <div className="full-page-center" style={{ minHeight: 300 }}>
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <Modal open={pwOpen} title={t('header.changePassword')} footer={null} onCancel={() => setPwOpen(false)} destroyOnHidden>
        <ChangePasswordForm
          username={user.username}
          onChanged={async (res) => {
            setPwOpen(false);
            message.success(t('password.changed'));
            await adopt(res);
          }}
        />
      </Modal>
    </Layout>
  );
}
