import { lazy, Suspense, useState } from 'react';
import { Alert, App, Button, Card, Col, Row, Select, Space, Spin, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { SUPERVISION_MEMBER_ROLES, SUPERVISION_MEMBER_STATUSES, type TSupervisionMember, type TSupervisionStructure } from '@mpw/contracts';
import { api, buildUrl } from '../../../api';
import { useLoad, usePagedList, useUrlFilters } from '../../../hooks';
import { useI18n } from '../../../i18n';
import { useRegion } from '../../../region';
import { useSession } from '../../../session';
import RegionTreeSelect from '../../../components/RegionTreeSelect';
import { ASSESSMENT_API, rosterQuery } from '../assessment-logic';
import HistoryDrawer from '../training/HistoryDrawer';
import { MemberModal, ReplaceModal } from './MemberDialogs';

// ECharts is large: it loads with the structure charts only.
const MiniBars = lazy(() => import('../MiniBars'));

/** 监督队伍: each village's supervision committee and discipline member (conflicts with the villagers' committee in red), and the structure of the teams. */
export default function Roster() {
  const { t, tl } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const { regionCode: headerRegion } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  const tab = get('tab') === 'structure' ? 'structure' : 'roster';
  const query = rosterQuery(params, headerRegion);
  const canWrite = can('supervision:member:write');
  const [editing, setEditing] = useState<{ member: TSupervisionMember | null } | null>(null);
  const [replacing, setReplacing] = useState<TSupervisionMember | null>(null);
  const [person, setPerson] = useState<{ kind: 'supervision_member'; id: string; name: string } | null>(null);
  const list = usePagedList<TSupervisionMember>(ASSESSMENT_API.members, query, { enabled: tab === 'roster' });

  return (
    <Card
      title={t('sup.title')}
      extra={
        <Space wrap>
          {tab === 'roster' && (
            <Button icon={<DownloadOutlined />} href={buildUrl(ASSESSMENT_API.membersExport, query)} download="supervision-members.xlsx" data-testid="sup-export">
              {t('asm.export')}
            </Button>
          )}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ member: null })} data-testid="sup-add">
              {t('sup.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="sup-filters">
        <div style={{ width: 260 }}>
          <RegionTreeSelect value={(query.regionCode as string) || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        {tab === 'roster' && (
          <>
            <Select allowClear value={get('status') || undefined} onChange={(v?: string) => setParam('status', v ?? '')} placeholder={t('sup.status')} style={{ width: 110 }} options={SUPERVISION_MEMBER_STATUSES.map((s) => ({ value: s, label: tl('sup.status', s) }))} data-testid="sup-status-filter" />
            <Select allowClear value={get('role') || undefined} onChange={(v?: string) => setParam('role', v ?? '')} placeholder={t('sup.role')} style={{ width: 140 }} options={SUPERVISION_MEMBER_ROLES.map((r) => ({ value: r, label: tl('sup.role', r) }))} data-testid="sup-role-filter" />
            <Space size={4}>
              <Switch size="small" checked={get('conflictsOnly') === 'true'} onChange={(on) => setParam('conflictsOnly', on ? 'true' : '')} data-testid="sup-conflicts-filter" />
              <Typography.Text>{t('sup.conflictsOnly')}</Typography.Text>
            </Space>
          </>
        )}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k === 'structure' ? 'structure' : '')}
        items={[
          {
            key: 'roster',
            label: t('sup.tabRoster'),
            children:
              tab === 'roster' ? (
                <>
                  {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
                  <Table<TSupervisionMember>
                    rowKey="id"
                    size="middle"
                    loading={list.loading}
                    dataSource={list.data}
                    pagination={list.pagination}
                    scroll={{ x: 1500 }}
                    data-testid="sup-table"
                    rowClassName={(m) => (m.conflicts.length ? 'sup-row sup-row-conflict' : 'sup-row')}
                    onRow={(m) => (m.conflicts.length ? { style: { background: '#fff1f0' } } : {})}
                    locale={{ emptyText: t('sup.none') }}
                    columns={[
                      { title: t('sup.village'), dataIndex: 'villageName', width: 100 },
                      { title: t('sup.role'), dataIndex: 'role', width: 110, render: (r: string) => tl('sup.role', r) },
                      {
                        title: t('sup.name'),
                        dataIndex: 'name',
                        width: 100,
                        render: (v: string, m) => (
                          <Typography.Text strong type={m.conflicts.length ? 'danger' : undefined}>
                            {v}
                          </Typography.Text>
                        ),
                      },
                      {
                        title: t('sup.conflicts'),
                        dataIndex: 'conflicts',
                        width: 280,
                        render: (cs: TSupervisionMember['conflicts']) =>
                          cs.length === 0 ? (
                            '—'
                          ) : (
                            <Space orientation="vertical" size={2} data-testid="sup-conflict">
                              {cs.map((c, i) => (
                                <Typography.Text key={i} type="danger">
                                  <WarningOutlined /> {tl('sup.conflict', c.kind)}：{c.detail}
                                </Typography.Text>
                              ))}
                            </Space>
                          ),
                      },
                      { title: t('sup.idNumber'), dataIndex: 'idMasked', width: 180, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                      { title: t('sup.age'), dataIndex: 'age', width: 60, render: (v: number | null) => v ?? '—' },
                      { title: t('sup.education'), dataIndex: 'education', width: 90, render: (v: string | null) => tl('sup.edu', v) },
                      { title: t('sup.backgrounds'), dataIndex: 'backgrounds', width: 150, render: (v: string[]) => (v.length ? v.map((b) => <Tag key={b}>{tl('sup.bg', b)}</Tag>) : '—') },
                      { title: t('sup.term'), key: 'term', width: 190, render: (_, m) => `${m.termStart} ~ ${m.termEnd ?? ''}` },
                      {
                        title: t('sup.status'),
                        dataIndex: 'status',
                        width: 90,
                        render: (s: string, m) =>
                          s === 'left' ? (
                            <Tooltip title={t('sup.leftBecause', { on: m.leftOn ?? '', reason: m.leftReason ?? '' })}>
                              <Tag data-testid="sup-left">{tl('sup.status', s)}</Tag>
                            </Tooltip>
                          ) : (
                            <Tag color="green">{tl('sup.status', s)}</Tag>
                          ),
                      },
                      {
                        title: t('sup.trainingHours'),
                        dataIndex: 'trainingHours',
                        width: 100,
                        render: (h: number, m) => (
                          <Typography.Link onClick={() => setPerson({ kind: 'supervision_member', id: m.id, name: m.name })} data-testid="sup-history">
                            {h}
                          </Typography.Link>
                        ),
                      },
                      ...(canWrite
                        ? [
                            {
                              title: t('common.actions'),
                              key: 'actions',
                              width: 130,
                              render: (_: unknown, m: TSupervisionMember) =>
                                m.status === 'serving' && (
                                  <Space size={4}>
                                    <Button size="small" onClick={() => setEditing({ member: m })} data-testid="sup-edit">
                                      {t('common.edit')}
                                    </Button>
                                    <Button size="small" danger onClick={() => setReplacing(m)} data-testid="sup-replace">
                                      {t('sup.replace')}
                                    </Button>
                                  </Space>
                                ),
                            },
                          ]
                        : []),
                    ]}
                  />
                </>
              ) : null,
          },
          { key: 'structure', label: t('sup.tabStructure'), children: tab === 'structure' ? <Structure regionCode={(query.regionCode as string) || ''} /> : null },
        ]}
      />
      <MemberModal
        open={!!editing}
        member={editing?.member ?? null}
        defaultRegion={(query.regionCode as string) || headerRegion}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          message.success(t('common.saved'));
          list.reload();
        }}
      />
      <ReplaceModal
        member={replacing}
        onClose={() => setReplacing(null)}
        onSaved={() => {
          setReplacing(null);
          message.success(t('sup.replaced'));
          list.reload();
        }}
      />
      <HistoryDrawer person={person} onClose={() => setPerson(null)} />
    </Card>
  );
}

/** 队伍结构: age bands, education and backgrounds as small charts; villages with vacancies. */
function Structure({ regionCode }: { regionCode: string }) {
  const { t, tl } = useI18n();
  const s = useLoad(() => api.get<TSupervisionStructure>(ASSESSMENT_API.structure, { regionCode }), [regionCode]);
  const d = s.data;
  return (
    <>
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 16 }} />}
      {s.loading && !d && <Spin />}
      {d && (
        <div data-testid="sup-structure">
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('sup.st.villages')} value={d.villages} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('sup.st.serving')} value={d.serving} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('sup.st.vacancies')} value={d.vacancies.length} styles={{ content: { color: d.vacancies.length ? '#cf1322' : undefined } }} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('sup.st.conflicts')} value={d.conflicts} styles={{ content: { color: d.conflicts ? '#cf1322' : undefined } }} />
            </Col>
          </Row>
          <Suspense fallback={<Spin />}>
            <Row gutter={16}>
              <Col xs={24} lg={8}>
                <Card size="small" title={t('sup.st.age')}>
                  <MiniBars labels={d.ageBands.map((b) => tl('sup.age', b.band))} values={d.ageBands.map((b) => b.count)} name={t('sup.st.people')} testId="sup-age-chart" />
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card size="small" title={t('sup.education')}>
                  <MiniBars labels={d.education.map((e) => tl('sup.edu', e.level))} values={d.education.map((e) => e.count)} name={t('sup.st.people')} color="#13c2c2" testId="sup-education-chart" />
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card size="small" title={t('sup.backgrounds')}>
                  <MiniBars labels={d.backgrounds.map((b) => tl('sup.bg', b.background))} values={d.backgrounds.map((b) => b.count)} name={t('sup.st.people')} color="#722ed1" testId="sup-background-chart" />
                </Card>
              </Col>
            </Row>
          </Suspense>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('sup.st.vacancyList')}
          </Typography.Title>
          <Table
            rowKey="regionCode"
            size="small"
            dataSource={d.vacancies}
            pagination={d.vacancies.length > 20 ? { pageSize: 20 } : false}
            data-testid="sup-vacancies"
            locale={{ emptyText: t('sup.st.noVacancies') }}
            columns={[
              { title: t('sup.village'), dataIndex: 'villageName' },
              { title: t('sup.st.members'), dataIndex: 'members', width: 120 },
              { title: t('sup.st.hasChair'), dataIndex: 'hasChair', width: 120, render: (v: boolean) => (v ? t('common.yes') : <Typography.Text type="danger">{t('sup.st.missing')}</Typography.Text>) },
              { title: t('sup.st.hasDiscipline'), dataIndex: 'hasDiscipline', width: 140, render: (v: boolean) => (v ? t('common.yes') : <Typography.Text type="danger">{t('sup.st.missing')}</Typography.Text>) },
            ]}
          />
        </div>
      )}
    </>
  );
}
