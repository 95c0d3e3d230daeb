import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Badge, Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CloudDownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { POWER_CATEGORIES, POWER_ITEM_STATUSES, REGION_LEVEL_LABELS, type TPowerItem } from '@mpw/contracts';
import { api, errorText, type Page } from '../api';
import { usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion } from '../region';
import { fmtDate } from '../format';
import PowerItemEditor from '../components/PowerItemEditor';
import { ITEM_STATUS_COLOURS } from '../domain';

export default function Power() {
  const { t, tl, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const user = useUser();
  const navigate = useNavigate();
  const { regionCode, findNode } = useRegion();
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? '';
  const status = params.get('status') ?? '';
  const [q, setQ] = useState(params.get('q') ?? '');
  const [creating, setCreating] = useState(false);
  const [pendingCount, setPendingCount] = useState(0);
  const canApprove = can('power:item:approve');

  // The user's own region shows everything visible (the catalogue and every local item in scope);
  // a region chosen below it shows the items that apply there. Pending items are listed scope-wide.
  const scoped = regionCode && regionCode !== user.regionCode && status !== 'pending_approval' ? regionCode : undefined;
  const list = usePagedList<TPowerItem>('/power/items', { category: category || undefined, status: status || undefined, q: params.get('q') || undefined, regionCode: scoped });

  useEffect(() => {
    if (!canApprove) return;
    api
      .get<Page<TPowerItem>>('/power/items', { status: 'pending_approval', pageSize: 1 })
      .then((r) => setPendingCount(r.total))
      .catch(() => setPendingCount(0));
  }, [canApprove, list.data]);

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  function seed() {
    modal.confirm({
      title: t('power.seedConfirm'),
      content: t('power.seedHint'),
      onOk: async () => {
        try {
          const r = await api.post<{ added: number }>('/power/catalogue/seed');
          message.success(t('power.seedDone', { n: r.added }));
          list.reload();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  return (
    <Card
      title={t('power.title')}
      extra={
        <Space wrap>
          {can('power:item:write') && (
            <Button icon={<CloudDownloadOutlined />} onClick={seed} data-testid="power-seed">
              {t('power.seed')}
            </Button>
          )}
          {can('power:item:propose') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="power-create">
              {t('power.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('power.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={category || 'all'}
        onChange={(k) => setParam('category', k === 'all' ? '' : k)}
        items={[{ key: 'all', label: t('power.allCategories') }, ...POWER_CATEGORIES.map((c) => ({ key: c, label: tl('power.cat', c) }))]}
        data-testid="power-categories"
      />
      <Space wrap style={{ marginBottom: 16 }}>
        {scoped && <Typography.Text type="secondary">{t('power.applicableTo', { region: findNode(scoped)?.name ?? scoped })}</Typography.Text>}
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => setParam('q', v.trim())}
          placeholder={t('power.searchPlaceholder')}
          style={{ width: 240 }}
          data-testid="power-search"
        />
        <Select
          allowClear
          value={status || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('power.filterStatus')}
          style={{ width: 160 }}
          options={POWER_ITEM_STATUSES.map((s) => ({ value: s, label: tl('power.status', s) }))}
          data-testid="power-status-filter"
        />
        {canApprove && (
          <Badge count={pendingCount} size="small">
            <Button type={status === 'pending_approval' ? 'primary' : 'default'} onClick={() => setParam('status', status === 'pending_approval' ? '' : 'pending_approval')} data-testid="power-pending">
              {t('power.pendingFilter')}
            </Button>
          </Badge>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TPowerItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 960 }}
        data-testid="power-table"
        onRow={(r) => ({ onClick: () => navigate(`/power/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('power.code'), dataIndex: 'code', width: 110, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('power.name'),
            key: 'name',
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/power/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid="power-item-link">
                  {r.content.name}
                </Link>
                {r.content.summary && (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 460 }}>
                    {r.content.summary}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('power.category'), key: 'category', width: 120, render: (_: unknown, r) => <Tag>{tl('power.cat', r.content.category)}</Tag> },
          {
            title: t('power.scope'),
            key: 'scope',
            width: 150,
            render: (_: unknown, r) => (
              <span>
                {REGION_LEVEL_LABELS[r.scopeLevel]?.[lang] ?? r.scopeLevel}
                {r.scopeLevel !== 'district' && <Typography.Text type="secondary"> · {findNode(r.regionCode)?.name ?? r.regionCode}</Typography.Text>}
              </span>
            ),
          },
          { title: t('power.timeLimit'), key: 'days', width: 120, render: (_: unknown, r) => t('power.workingDays', { n: r.content.timeLimitDays }) },
          { title: t('power.steps'), key: 'steps', width: 80, render: (_: unknown, r) => r.content.flow.steps.length },
          { title: t('power.statusCol'), dataIndex: 'status', width: 110, render: (s: string) => <Tag color={ITEM_STATUS_COLOURS[s]}>{tl('power.status', s)}</Tag> },
          { title: t('power.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 120, render: (v: string) => fmtDate(v, lang) },
        ]}
      />
      <PowerItemEditor
        open={creating}
        item={null}
        onClose={() => setCreating(false)}
        onSaved={(it) => {
          setCreating(false);
          message.success(it.status === 'pending_approval' ? t('power.createdPending') : t('common.created'));
          navigate(`/power/${it.id}`);
        }}
      />
    </Card>
  );
}
