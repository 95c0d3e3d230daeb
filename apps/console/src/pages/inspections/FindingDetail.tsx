import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Result, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { TFinding } from '@mpw/contracts';
import { api } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import Attachments from '../../components/Attachments';
import ReasonModal from '../../components/ReasonModal';
import { FindingStatusTag, SourceText } from './parts';

/** 检查发现详情: the problem, its evidence, and the next step — dismiss it (核实无问题) or order rectification (下发整改). */
export default function FindingDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [dismissing, setDismissing] = useState(false);
  const finding = useLoad(() => api.get<TFinding>(`/inspections/findings/${id}`), [id]);

  if (finding.loading && !finding.data) return <Spin />;
  if (finding.error || !finding.data) return <Result status="404" title={finding.error ?? t('error.pageNotFound')} extra={<Link to="/inspections?tab=findings">{t('insp.finding.back')}</Link>} />;
  const f = finding.data;
  const live = f.status === 'open' || f.status === 'rectifying';
  const back = f.planId ? `/inspections/plans/${f.planId}` : '/inspections?tab=findings';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to={back} aria-label={t('insp.finding.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span>{t('insp.finding.title')}</span>
            <Tag>{tl('insp.area', f.focusArea)}</Tag>
            <FindingStatusTag status={f.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {live && can('rectification:notice:issue') && (
              <Button type="primary" onClick={() => navigate(`/rectification/notices/new?sourceType=finding&sourceId=${f.id}`)} data-testid="finding-rectify">
                {t('insp.finding.rectify')}
              </Button>
            )}
            {f.status === 'open' && can('inspection:finding:write') && (
              <Button onClick={() => setDismissing(true)} data-testid="finding-dismiss">
                {t('insp.finding.dismiss')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="finding-facts">
          <Descriptions.Item label={t('insp.finding.village')}>{f.regionName ?? f.regionCode}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.plan')}>{f.planId ? <Link to={`/inspections/plans/${f.planId}`}>{f.planTitle}</Link> : t('insp.finding.noPlan')}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.source')}>
            <SourceText type={f.sourceType} id={f.sourceId} label={f.sourceLabel} />
          </Descriptions.Item>
          {f.checklistText && (
            <Descriptions.Item label={t('insp.finding.checklistItem')} span={3}>
              {f.checklistText}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('insp.finding.createdBy')}>{f.createdByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.createdAt')}>{fmtDateTime(f.createdAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('insp.finding.rectification')}>{f.rectificationItemIds.length ? <Link to="/rectification?sourceType=finding">{f.rectificationItemIds.length}</Link> : '—'}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5} style={{ marginTop: 12 }}>
          {t('insp.finding.description')}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }} data-testid="finding-description-text">
          {f.description}
        </Typography.Paragraph>
      </Card>
      <Card title={t('insp.finding.evidence')}>
        <Attachments entityType="inspection_finding" entityId={f.id} purpose="verification_evidence" canUpload={live && can('inspection:finding:write') && can('attachment:file:upload')} />
      </Card>
      <ReasonModal
        open={dismissing}
        title={t('insp.finding.dismiss')}
        label={t('insp.finding.dismissReason')}
        required
        maxLength={1000}
        onClose={() => setDismissing(false)}
        onSubmit={async (reason) => {
          await api.post<TFinding>(`/inspections/findings/${id}/dismiss`, { reason });
          setDismissing(false);
          message.success(t('insp.saved'));
          finding.reload();
        }}
        testId="finding-dismiss"
      />
    </Space>
  );
}
