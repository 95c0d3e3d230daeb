import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Result, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, PlayCircleOutlined, StopOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { REGION_LEVEL_LABELS, ROLE_DEFINITIONS, regionLevelOf, type TFlowStep, type TPowerItem, type TPowerItemContent, type TRole } from '@mpw/contracts';
import { api } from '../api';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion } from '../region';
import { fmtDateTime } from '../format';
import { ITEM_STATUS_COLOURS, RISK_COLOURS, pendingVersionOf, type TPowerItemVersion } from '../domain';
import Flowchart, { PrintFlowchartButton } from '../components/Flowchart';
import PowerItemEditor from '../components/PowerItemEditor';
import ReasonModal from '../components/ReasonModal';
import StartMatterModal from '../components/StartMatterModal';

/** 基本信息: legal basis, responsibilities, materials, time limit, disclosure rules. */
function BasicInfo({ content, code, extra }: { content: TPowerItemContent; code?: string; extra?: ReactNode }) {
  const { t, tl } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="power-basic">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        {code && <Descriptions.Item label={t('power.code')}>{code}</Descriptions.Item>}
        <Descriptions.Item label={t('power.category')}>{tl('power.cat', content.category)}</Descriptions.Item>
        {content.gbClass && <Descriptions.Item label={t('power.gbClass')}>{content.gbClass}</Descriptions.Item>}
        <Descriptions.Item label={t('power.timeLimit')}>{t('power.workingDays', { n: content.timeLimitDays })}</Descriptions.Item>
        <Descriptions.Item label={t('power.isService')}>{content.isService ? t('common.yes') : t('common.no')}</Descriptions.Item>
        {extra}
        {content.summary && (
          <Descriptions.Item label={t('power.summary')} span={2}>
            {content.summary}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Card size="small" title={t('power.legalBasis')}>
        <ol className="plain-ol">
          {content.legalBasis.map((b, i) => (
            <li key={i}>{b}</li>
          ))}
        </ol>
      </Card>
      <Card size="small" title={t('power.responsibilities')}>
        <Table
          size="small"
          rowKey={(r) => r.subject}
          pagination={false}
          dataSource={content.responsibilities}
          columns={[
            { title: t('power.subject'), dataIndex: 'subject', width: 240 },
            { title: t('power.duty'), dataIndex: 'duty' },
          ]}
        />
      </Card>
      <Card size="small" title={t('power.materials')}>
        {content.materials.length ? (
          <Space wrap>
            {content.materials.map((m) => (
              <Tag key={m}>{m}</Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('power.none')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('power.disclosure')}>
        <Table
          size="small"
          rowKey={(r) => r.what}
          pagination={false}
          dataSource={content.disclosure}
          locale={{ emptyText: t('power.none') }}
          columns={[
            { title: t('power.disclosureWhat'), dataIndex: 'what' },
            { title: t('power.disclosureWhen'), dataIndex: 'when', width: 300 },
          ]}
        />
      </Card>
    </Space>
  );
}

/** The steps of a flow as a compact list beside the flowchart: kind, role, time limit, materials, disclosure. */
function StepsList({ steps }: { steps: TFlowStep[] }) {
  const { t, tl, lang } = useI18n();
  return (
    <ol className="step-list" data-testid="power-steps">
      {steps.map((s) => (
        <li key={s.id}>
          <div className="step-list-head">
            <strong>{s.name}</strong>
            <Tag>{tl('stepKind', s.kind)}</Tag>
            {s.kind === 'meeting' && <Tag color="purple">{tl('decision.stage', s.stage)}</Tag>}
            {s.when && <Tag color="gold">{t('power.conditional', { setting: s.when.amountAtLeastSetting })}</Tag>}
          </div>
          <Typography.Text type="secondary">
            {ROLE_DEFINITIONS[s.role as TRole]?.label[lang] ?? s.role} ·{' '}
            {s.kind === 'notice' ? t('power.noticeDaysText', { n: s.days, d: s.deadlineDays }) : t('power.workingDays', { n: s.deadlineDays })}
          </Typography.Text>
          {s.materials.length > 0 && (
            <div>
              {t('power.materials')}：{s.materials.join('、')}
            </div>
          )}
          {s.disclose && (
            <div>
              {t('power.editor.disclose')}：{s.disclose}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function RiskTable({ content }: { content: TPowerItemContent }) {
  const { t, tl } = useI18n();
  return (
    <Table
      size="middle"
      rowKey={(r) => r.risk}
      pagination={false}
      dataSource={content.riskPoints}
      locale={{ emptyText: t('power.noRisks') }}
      data-testid="power-risks"
      columns={[
        { title: t('power.riskLevelCol'), dataIndex: 'level', width: 100, render: (l: string) => <Tag color={RISK_COLOURS[l]}>{tl('power.riskLevel', l)}</Tag> },
        { title: t('power.risk'), dataIndex: 'risk' },
        { title: t('power.prevention'), dataIndex: 'prevention' },
      ]}
    />
  );
}

function FlowTab({ itemId, version, content }: { itemId: string; version?: number; content: TPowerItemContent }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <PrintFlowchartButton itemId={itemId} version={version} />
        <Typography.Text type="secondary">{t('power.printHint')}</Typography.Text>
      </Space>
      <div className="flow-layout">
        <Flowchart itemId={itemId} version={version} />
        <div className="flow-steps">
          <StepsList steps={content.flow.steps} />
        </div>
      </div>
    </Space>
  );
}

/** Mirrors the server's power.policy: who may edit, approve, retire. */
function usePowerRights(item: TPowerItem | null) {
  const { can } = useSession();
  const user = useUser();
  const district = regionLevelOf(user.regionCode) === 'district';
  if (!item) return { edit: false, approve: false, retire: false, start: false };
  const edit = item.scopeLevel === 'district' ? can('power:item:write') && district : can('power:item:write') || (can('power:item:propose') && user.regionCode === item.regionCode);
  return {
    edit: edit && item.status !== 'retired',
    approve: can('power:item:approve'),
    retire: can('power:item:write') && can('power:item:approve') && district && item.status === 'active',
    start: can('matter:matter:start') && item.status === 'active',
  };
}

export default function PowerItem() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { findNode } = useRegion();
  const [tab, setTab] = useState('basic');
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'approve' | 'reject' | 'retire' | null>(null);
  const [starting, setStarting] = useState(false);
  const [viewVersion, setViewVersion] = useState<TPowerItemVersion | null>(null);

  const { data, loading, error, reload } = useLoad(async () => {
    const [item, versions] = await Promise.all([api.get<TPowerItem>(`/power/items/${id}`), api.get<TPowerItemVersion[]>(`/power/items/${id}/versions`)]);
    return { item, versions: [...versions].sort((a, b) => b.version - a.version) };
  }, [id]);
  const item = data?.item ?? null;
  const rights = usePowerRights(item);

  if (loading && !data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error || !item || !data) return <Result status="warning" title={error ?? t('error.pageNotFound')} extra={<Button onClick={() => navigate('/power')}>{t('power.backToList')}</Button>} />;

  const pending = pendingVersionOf(item, data.versions);
  const pendingContent = pending ? data.versions.find((v) => v.version === pending) : undefined;

  async function act(kind: 'approve' | 'reject' | 'retire', text: string) {
    const body = kind === 'approve' ? { note: text || undefined } : { reason: text };
    await api.post<TPowerItem>(`/power/items/${id}/${kind}`, body);
    setDialog(null);
    message.success(t(kind === 'approve' ? 'power.approveDone' : kind === 'reject' ? 'power.rejectDone' : 'power.retireDone'));
    reload();
  }

  const owner = (
    <Descriptions.Item label={t('power.scope')}>
      {REGION_LEVEL_LABELS[item.scopeLevel]?.[lang]} · {item.scopeLevel === 'district' ? t('power.districtWide') : (findNode(item.regionCode)?.name ?? item.regionCode)}
    </Descriptions.Item>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Text code>{item.code}</Typography.Text>
            <span data-testid="power-item-title">{item.content.name}</span>
            <Tag color={ITEM_STATUS_COLOURS[item.status]}>{tl('power.status', item.status)}</Tag>
            <Tag>{t('power.versionN', { n: item.version })}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            <Link to={`/matters?itemId=${item.id}`}>
              <Button icon={<UnorderedListOutlined />}>{t('power.matters')}</Button>
            </Link>
            {rights.start && (
              <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setStarting(true)} data-testid="power-start-matter">
                {t('matter.start')}
              </Button>
            )}
            {rights.edit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="power-edit">
                {t('common.edit')}
              </Button>
            )}
            {rights.approve && pending && (
              <>
                <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('approve')} data-testid="power-approve">
                  {t('power.approve')}
                </Button>
                <Button danger icon={<CloseOutlined />} onClick={() => setDialog('reject')} data-testid="power-reject">
                  {t('power.reject')}
                </Button>
              </>
            )}
            {rights.retire && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('retire')}>
                {t('power.retire')}
              </Button>
            )}
          </Space>
        }
      >
        {pending && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={item.status === 'pending_approval' ? t('power.pendingNew') : t('power.pendingVersion', { n: pending })}
            action={
              pendingContent && pending !== item.version ? (
                <Button size="small" onClick={() => setViewVersion(pendingContent)}>
                  {t('power.viewVersion')}
                </Button>
              ) : undefined
            }
          />
        )}
        <Tabs
          activeKey={tab}
          onChange={setTab}
          data-testid="power-tabs"
          items={[
            { key: 'basic', label: t('power.tab.basic'), children: <BasicInfo content={item.content} code={item.code} extra={owner} /> },
            { key: 'flow', label: t('power.tab.flow'), children: <FlowTab itemId={item.id} content={item.content} /> },
            { key: 'risks', label: t('power.tab.risks'), children: <RiskTable content={item.content} /> },
            {
              key: 'versions',
              label: t('power.tab.versions'),
              children: (
                <Table<TPowerItemVersion>
                  rowKey="version"
                  size="middle"
                  pagination={false}
                  dataSource={data.versions}
                  data-testid="power-versions"
                  columns={[
                    {
                      title: t('power.version'),
                      dataIndex: 'version',
                      width: 160,
                      render: (v: number) => (
                        <Space size={4}>
                          v{v}
                          {v === item.version && item.status === 'active' && <Tag color="green">{t('power.inForce')}</Tag>}
                          {v === pending && <Tag color="gold">{t('power.status.pending_approval')}</Tag>}
                        </Space>
                      ),
                    },
                    { title: t('power.name'), key: 'name', render: (_: unknown, v) => v.content.name },
                    { title: t('power.changeNote'), dataIndex: 'changeNote', render: (v: string | null) => v ?? '—' },
                    { title: t('power.createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string) => fmtDateTime(v, lang) },
                    {
                      title: t('common.actions'),
                      key: 'a',
                      width: 100,
                      render: (_: unknown, v) => (
                        <Button type="link" size="small" onClick={() => setViewVersion(v)}>
                          {t('power.viewVersion')}
                        </Button>
                      ),
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>

      <Drawer open={!!viewVersion} size={960} title={viewVersion ? t('power.versionTitle', { n: viewVersion.version, name: viewVersion.content.name }) : ''} onClose={() => setViewVersion(null)}>
        {viewVersion ? (
          <Tabs
            items={[
              { key: 'basic', label: t('power.tab.basic'), children: <BasicInfo content={viewVersion.content} /> },
              { key: 'flow', label: t('power.tab.flow'), children: <FlowTab itemId={item.id} version={viewVersion.version} content={viewVersion.content} /> },
              { key: 'risks', label: t('power.tab.risks'), children: <RiskTable content={viewVersion.content} /> },
            ]}
          />
        ) : (
          <Empty />
        )}
      </Drawer>

      <PowerItemEditor
        open={editing}
        item={item}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          message.success(saved.version === item.version ? t('power.savedPending') : t('power.savedVersion', { n: saved.version }));
          reload();
        }}
      />
      <ReasonModal
        open={dialog === 'approve'}
        title={t('power.approveTitle', { name: item.content.name })}
        label={t('power.approveNote')}
        required={false}
        okText={t('power.approve')}
        onClose={() => setDialog(null)}
        onSubmit={(text) => act('approve', text)}
        testId="power-approve-dialog"
      />
      <ReasonModal
        open={dialog === 'reject'}
        title={t('power.rejectTitle', { name: item.content.name })}
        label={t('common.reason')}
        required
        danger
        okText={t('power.reject')}
        onClose={() => setDialog(null)}
        onSubmit={(text) => act('reject', text)}
      />
      <ReasonModal
        open={dialog === 'retire'}
        title={t('power.retireTitle', { name: item.content.name })}
        description={t('power.retireHint')}
        label={t('common.reason')}
        required
        danger
        okText={t('power.retire')}
        onClose={() => setDialog(null)}
        onSubmit={(text) => act('retire', text)}
      />
      <StartMatterModal open={starting} item={item} onClose={() => setStarting(false)} onStarted={(m) => navigate(`/matters/${m.id}`)} />
    </Space>
  );
}
