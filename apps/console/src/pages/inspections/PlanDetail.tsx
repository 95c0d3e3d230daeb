import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Card, Col, Descriptions, List, Result, Row, Space, Spin, Tag, Tooltip } from 'antd';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import type { TInspectionPlan } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import { FindingsTable } from './PlanList';
import { PlanStatusTag } from './parts';

/** 检查计划详情: scope, checklist, team, the findings so far; start / complete and recording findings by permission and status. */
export default function PlanDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const plan = useLoad(() => api.get<TInspectionPlan>(`/inspections/plans/${id}`), [id]);

  if (plan.loading && !plan.data) return <Spin />;
  if (plan.error || !plan.data) return <Result status="404" title={plan.error ?? t('error.pageNotFound')} extra={<Link to="/inspections">{t('insp.back')}</Link>} />;
  const p = plan.data;

  function step(path: 'activate' | 'complete', title: string) {
    modal.confirm({
      title,
      onOk: async () => {
        try {
          await api.post<TInspectionPlan>(`/inspections/plans/${id}/${path}`, {});
          message.success(t('insp.saved'));
          plan.reload();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  const canWrite = can('inspection:plan:write');
  const addFinding = can('inspection:finding:write') && (
    <Tooltip title={p.status === 'active' ? undefined : t('insp.findingOnlyActive')}>
      <Button type="primary" icon={<PlusOutlined />} disabled={p.status !== 'active'} onClick={() => navigate(`/inspections/findings/new?planId=${p.id}`)} data-testid="plan-add-finding">
        {t('insp.addFinding')}
      </Button>
    </Tooltip>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/inspections" aria-label={t('insp.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="plan-title-text">{p.title}</span>
            <Tag>{tl('insp.kind', p.kind)}</Tag>
            <PlanStatusTag status={p.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {canWrite && p.status === 'draft' && (
              <Button type="primary" onClick={() => step('activate', t('insp.activateConfirm'))} data-testid="plan-activate">
                {t('insp.activate')}
              </Button>
            )}
            {canWrite && p.status === 'active' && (
              <Button onClick={() => step('complete', t('insp.completeConfirm'))} data-testid="plan-complete">
                {t('insp.complete')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="plan-facts">
          <Descriptions.Item label={t('insp.issuer')}>{p.regionName ?? p.regionCode}</Descriptions.Item>
          <Descriptions.Item label={t('insp.period')}>{`${p.startsOn} ~ ${p.endsOn}`}</Descriptions.Item>
          <Descriptions.Item label={t('insp.createdAt')}>{fmtDateTime(p.createdAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('insp.focusAreas')}>{p.focusAreas.map((a) => tl('insp.area', a)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('insp.methods')}>{p.methods.map((m) => tl('insp.method', m)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('insp.findingCount')}>{`${p.findingCount}（${t('insp.openFindingCount')} ${p.openFindingCount}）`}</Descriptions.Item>
          <Descriptions.Item label={t('insp.team')} span={3}>
            <Space size={4} wrap>
              {p.team.map((m, i) => (
                <Tag key={m.userId} color={i === 0 ? 'red' : undefined}>
                  {i === 0 ? `${t('insp.leader')}：${m.displayName}` : m.displayName}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.scope')} span={3}>
            <Space size={4} wrap data-testid="plan-scope-list">
              {p.scope.map((s) => (
                <Tag key={s.regionCode}>{s.regionName ?? s.regionCode}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card title={t('insp.checklist')} size="small" data-testid="plan-checklist-view">
            {p.checklist.map((a) => (
              <List
                key={a.area}
                size="small"
                header={<strong>{tl('insp.area', a.area)}</strong>}
                dataSource={a.items}
                renderItem={(item) => <List.Item>{item.text}</List.Item>}
                style={{ marginBottom: 8 }}
              />
            ))}
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card title={t('insp.findings')} extra={addFinding} data-testid="plan-findings">
            <FindingsTable query={{ planId: p.id }} compact />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
