import { useMemo, useState, type Key, type ReactNode } from 'react';
import { Alert, Card, Col, Empty, Row, Space, Spin, Statistic, Tag, Tree, Typography } from 'antd';
import { ApartmentOutlined, EnvironmentOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { REGION_LEVEL_LABELS, ROLE_DEFINITIONS, parentCodeOf, type TRegionTreeNode } from '@mpw/contracts';
import { useI18n, type Lang } from '../i18n';
import { useSession, useUser } from '../session';
import { subtreeStats, useRegion, walkTree } from '../region';

interface AntTreeNode {
  key: string;
  title: ReactNode;
  children: AntTreeNode[];
}

function toAntTree(nodes: TRegionTreeNode[], lang: Lang, t: ReturnType<typeof useI18n>['t']): AntTreeNode[] {
  return nodes.map((n) => ({
    key: n.code,
    title: (
      <span className="region-node" data-code={n.code}>
        <span className="region-node-name">{n.name}</span>
        <Typography.Text type="secondary" className="region-node-code">
          {n.code}
        </Typography.Text>
        <Tag>{REGION_LEVEL_LABELS[n.level]?.[lang] ?? n.level}</Tag>
        {n.level !== 'village' && <Tag color="blue">{t('home.nodeVillages', { n: n.villageCount })}</Tag>}
        <Tag color="green">{t('home.nodeUsers', { n: n.userCount })}</Tag>
      </span>
    ),
    children: toAntTree(n.children ?? [], lang, t),
  }));
}

export default function Home() {
  const { t, lang } = useI18n();
  const user = useUser();
  const { can } = useSession();
  const { tree, loading, error, selectedNode, regionCode, setRegionCode } = useRegion();
  const stats = useMemo(() => subtreeStats(selectedNode), [selectedNode]);
  const treeData = useMemo(() => toAntTree(tree, lang, t), [tree, lang, t]);
  // Districts and the chosen region's ancestors start expanded; after that the user decides.
  const defaultExpanded = useMemo(() => {
    const keys = new Set<string>();
    walkTree(tree, (n) => {
      if (n.level === 'district') keys.add(n.code);
    });
    for (let c: string | null = regionCode ? parentCodeOf(regionCode) : null; c; c = parentCodeOf(c)) keys.add(c);
    if (regionCode) keys.add(regionCode);
    return [...keys];
  }, [tree, regionCode]);
  const [expandedKeys, setExpandedKeys] = useState<Key[] | null>(null);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('home.scope', { region: user.regionName })}
          {' · '}
          {user.roles.map((r) => ROLE_DEFINITIONS[r]?.label[lang] ?? r).join('、')}
        </Typography.Paragraph>
      </Card>
      {user.regionLevel === 'village' && can('dashboard:stats:read') && (
        // Village cadres and supervisors start from what is due and overdue in their village.
        <Alert
          type="info"
          showIcon
          icon={<ScheduleOutlined />}
          data-testid="home-workboard"
          title={<Link to="/workboard">{t('home.workboard')}</Link>}
        />
      )}
      {error && <Alert type="error" showIcon title={error} />}
      <div>
        <Typography.Text type="secondary">{t('home.statsFor', { region: selectedNode?.name ?? regionCode })}</Typography.Text>
        <Row gutter={16} style={{ marginTop: 8 }}>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic title={t('home.townships')} value={stats.townships} prefix={<ApartmentOutlined />} loading={loading} data-testid="stat-townships" />
            </Card>
          </Col>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic title={t('home.villages')} value={stats.villages} prefix={<EnvironmentOutlined />} loading={loading} data-testid="stat-villages" />
            </Card>
          </Col>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic title={t('home.accounts')} value={stats.accounts} prefix={<TeamOutlined />} loading={loading} data-testid="stat-accounts" />
            </Card>
          </Col>
        </Row>
      </div>
      <Card title={t('home.treeTitle')} extra={<Typography.Text type="secondary">{t('home.treeHint')}</Typography.Text>}>
        {loading && tree.length === 0 ? (
          <Spin />
        ) : tree.length === 0 ? (
          <Empty description={t('home.treeEmpty')} />
        ) : (
          <Tree
            data-testid="region-tree"
            treeData={treeData}
            expandedKeys={expandedKeys ?? defaultExpanded}
            onExpand={(keys) => setExpandedKeys(keys)}
            selectedKeys={[regionCode]}
            onSelect={(keys) => {
              const k = keys[0];
              if (typeof k === 'string') setRegionCode(k);
            }}
            showLine
            blockNode
          />
        )}
      </Card>
    </Space>
  );
}
