import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CalculatorOutlined, DownloadOutlined, LockOutlined, SlidersOutlined } from '@ant-design/icons';
import type { TAssessmentResult, TAssessmentResultItem, TAssessmentScheme } from '@mpw/contracts';
import { api, buildUrl, errorText } from '../../api';
import { useLoad, useUrlFilters } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { ASSESSMENT_API, coverageIsLow, isConsolePath, defaultPeriod, isAdjusted, periodLabel, periodLocked, periodsFor, pickScheme, rowsOf, scoreText, valueText } from './assessment-logic';

/** GET …/results answers the page of results and whether the period is locked. */
type ResultsPage = { data: TAssessmentResult[]; total: number; locked?: boolean };

/** 考核评价: a scheme's results for a period, ranked, each score explained by its indicators; 计算 / 调整 / 锁定 for the district, 导出Excel. */
export default function AssessmentResults() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const { get, setParam } = useUrlFilters();
  const schemes = useLoad(() => api.get<unknown>(ASSESSMENT_API.schemes, { pageSize: 200 }).then((r) => rowsOf<TAssessmentScheme>(r).filter((s) => s.status !== 'draft')), []);
  const scheme = pickScheme(schemes.data ?? [], get('scheme') || null);
  const periods = scheme ? periodsFor(scheme.periodKind, new Date(), 12) : [];
  const period = get('period') || (scheme ? defaultPeriod(scheme.periodKind, new Date()) : '');
  const regionCode = get('regionCode');
  const results = useLoad(
    () => (scheme && period ? api.get<ResultsPage>(ASSESSMENT_API.results(scheme.id, period), { regionCode }) : Promise.resolve(null)),
    [scheme?.id, period, regionCode],
  );
  const rows = rowsOf<TAssessmentResult>(results.data);
  const locked = results.data?.locked ?? periodLocked(rows);
  const canAdjust = can('assessment:result:adjust');
  const [busy, setBusy] = useState<'compute' | 'lock' | null>(null);
  const [adjusting, setAdjusting] = useState<TAssessmentResult | null>(null);

  async function compute() {
    if (!scheme) return;
    setBusy('compute');
    try {
      await api.post(ASSESSMENT_API.compute(scheme.id, period));
      message.success(t('asm.computed'));
      results.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  function lock() {
    if (!scheme) return;
    modal.confirm({
      title: t('asm.lockConfirm', { period: periodLabel(period) }),
      content: t('asm.lockHint'),
      okText: t('asm.lock'),
      okButtonProps: { danger: true, 'data-testid': 'asm-lock-ok' } as never,
      onOk: async () => {
        setBusy('lock');
        try {
          await api.post(ASSESSMENT_API.lock(scheme.id, period));
          message.success(t('asm.locked'));
          results.reload();
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(null);
        }
      },
    });
  }

  return (
    <Card
      title={t('asm.title')}
      extra={
        <Space wrap>
          {can('assessment:scheme:read') && (
            <Link to="/assessment/schemes">
              <Button icon={<SlidersOutlined />}>{t('menu.assessmentSchemes')}</Button>
            </Link>
          )}
          {scheme && (
            <Button icon={<DownloadOutlined />} href={buildUrl(ASSESSMENT_API.resultsExport(scheme.id, period), { regionCode })} download={`assessment-${period}.xlsx`} disabled={rows.length === 0} data-testid="asm-export">
              {t('asm.export')}
            </Button>
          )}
        </Space>
      }
    >
      {schemes.error && <Alert type="error" showIcon title={schemes.error} style={{ marginBottom: 16 }} />}
      {!schemes.loading && !scheme && !schemes.error && <Empty description={t('asm.noScheme')} data-testid="asm-no-scheme" />}
      {scheme && (
        <>
          <Space wrap style={{ marginBottom: 16 }} data-testid="asm-filters">
            <Select
              value={scheme.id}
              onChange={(v: string) => setParam('scheme', v)}
              style={{ width: 340 }}
              options={(schemes.data ?? []).map((s) => ({ value: s.id, label: `${s.name}${s.status === 'retired' ? t('asm.retiredSuffix') : ''}` }))}
              data-testid="asm-scheme"
            />
            <Select value={period} onChange={(v: string) => setParam('period', v)} style={{ width: 170 }} options={periods.map((p) => ({ value: p, label: periodLabel(p) }))} data-testid="asm-period" />
            <div style={{ width: 240 }}>
              <RegionTreeSelect value={regionCode || undefined} onChange={(v) => setParam('regionCode', v)} />
            </div>
            {regionCode && <Button size="small" onClick={() => setParam('regionCode', '')}>{t('asm.allRegions')}</Button>}
            {locked ? (
              <Tag icon={<LockOutlined />} color="default" data-testid="asm-locked">{t('asm.lockedTag')}</Tag>
            ) : rows.length > 0 ? (
              <Tag color="processing">{t('asm.openTag')}</Tag>
            ) : null}
            {canAdjust && (
              <>
                <Tooltip title={locked ? t('asm.lockedNoCompute') : t('asm.computeHint')}>
                  <Button type="primary" icon={<CalculatorOutlined />} loading={busy === 'compute'} disabled={locked} onClick={compute} data-testid="asm-compute">
                    {rows.length ? t('asm.recompute') : t('asm.compute')}
                  </Button>
                </Tooltip>
                <Button danger icon={<LockOutlined />} loading={busy === 'lock'} disabled={locked || rows.length === 0} onClick={lock} data-testid="asm-lock">
                  {t('asm.lock')}
                </Button>
              </>
            )}
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {t('asm.schemeLine', { level: t(scheme.targetLevel === 'township' ? 'asm.level.township' : 'asm.level.village'), n: scheme.indicators.length })}
            {rows[0] ? ` · ${t('asm.computedAt', { at: fmtDateTime(rows[0].computedAt, lang) })}` : ''}
          </Typography.Paragraph>
          {results.error && <Alert type="error" showIcon title={results.error} style={{ marginBottom: 16 }} />}
          <Table<TAssessmentResult>
            rowKey="id"
            size="middle"
            loading={results.loading}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="asm-table"
            rowClassName={() => 'asm-row'}
            locale={{ emptyText: canAdjust ? t('asm.noResultsCompute') : t('asm.noResults') }}
            expandable={{ expandedRowRender: (r) => <Explanation items={r.items} />, rowExpandable: (r) => r.items.length > 0 }}
            columns={[
              { title: t('asm.rank'), dataIndex: 'rank', width: 70, render: (v: number | null) => v ?? '—' },
              { title: t('asm.region'), dataIndex: 'regionName', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              { title: t('asm.finalScore'), dataIndex: 'finalScore', width: 190, render: (_: number, r) => <ScoreCell r={r} /> },
              {
                title: t('asm.coverage'),
                dataIndex: 'coverage',
                width: 150,
                render: (c: number) => (
                  <Space size={4}>
                    <span>{Math.round(c * 100)}%</span>
                    {coverageIsLow(c) && (
                      <Tooltip title={t('asm.lowDataHint')}>
                        <Tag color="warning" data-testid="asm-low-data">{t('asm.lowData')}</Tag>
                      </Tooltip>
                    )}
                  </Space>
                ),
              },
              ...(canAdjust
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 100,
                      render: (_: unknown, r: TAssessmentResult) => (
                        <Tooltip title={r.locked ? t('asm.lockedNoAdjust') : undefined}>
                          <Button size="small" disabled={r.locked} onClick={() => setAdjusting(r)} data-testid="asm-adjust">
                            {t('asm.adjust')}
                          </Button>
                        </Tooltip>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
      <AdjustModal
        result={adjusting}
        onClose={() => setAdjusting(null)}
        onSaved={() => {
          setAdjusting(null);
          message.success(t('asm.adjusted'));
          results.reload();
        }}
      />
    </Card>
  );
}

function ScoreCell({ r }: { r: TAssessmentResult }) {
  const { t } = useI18n();
  if (!isAdjusted(r)) return <Typography.Text strong data-testid="asm-score">{scoreText(r.finalScore)}</Typography.Text>;
  return (
    <Tooltip title={t('asm.adjustedBecause', { reason: r.adjustmentReason ?? '' })}>
      <Space size={6} data-testid="asm-score">
        <Typography.Text strong>{scoreText(r.finalScore)}</Typography.Text>
        <Typography.Text type="secondary">{t('asm.computedScore', { score: scoreText(r.computedScore) })}</Typography.Text>
        <Tag color="orange">{t('asm.adjustedTag')}</Tag>
      </Space>
    </Tooltip>
  );
}

/** The indicators of one result: value, points, the records behind them and the rule in words. */
function Explanation({ items }: { items: TAssessmentResultItem[] }) {
  const { t, tl } = useI18n();
  return (
    <Table<TAssessmentResultItem>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={items}
      data-testid="asm-explanation"
      columns={[
        { title: t('asm.indicator'), dataIndex: 'name', width: 150 },
        { title: t('asm.category'), dataIndex: 'category', width: 110, render: (c: string) => tl('asm.category', c) },
        { title: t('asm.value'), dataIndex: 'value', width: 90, render: (_: unknown, i) => valueText(i) },
        { title: t('asm.points'), dataIndex: 'points', width: 110, render: (p: number, i) => `${scoreText(p)} / ${scoreText(i.weight)}` },
        {
          title: t('asm.records'),
          dataIndex: 'records',
          width: 120,
          render: (n: number, i) => (
            <Space size={4}>
              <span>{n}</span>
              {!i.enoughData && <Tag color="warning">{t('asm.lowData')}</Tag>}
            </Space>
          ),
        },
        { title: t('asm.explanation'), dataIndex: 'explanation' },
        {
          title: t('asm.source'),
          dataIndex: 'link',
          width: 100,
          render: (link: string | null) => (isConsolePath(link) ? <Link to={link} data-testid="asm-item-link">{t('asm.viewRecords')}</Link> : '—'),
        },
      ]}
    />
  );
}

function AdjustModal({ result, onClose, onSaved }: { result: TAssessmentResult | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ score: number; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (result) {
      setError(null);
      form.setFieldsValue({ score: result.finalScore, reason: result.adjustmentReason ?? '' });
    }
  }, [result, form]);

  async function submit(v: { score: number; reason: string }) {
    if (!result) return;
    setSaving(true);
    setError(null);
    try {
      await api.post(ASSESSMENT_API.adjust(result.id), { score: v.score, reason: v.reason.trim() });
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!result}
      title={result ? t('asm.adjustTitle', { region: result.regionName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'asm-adjust-ok' } as never}
      forceRender
    >
      {result && <Typography.Paragraph type="secondary">{t('asm.adjustHint', { score: scoreText(result.computedScore) })}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="asm-adjust-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="score" label={t('asm.adjustScore')} rules={[{ required: true, message: t('asm.scoreRequired') }]}>
          <InputNumber min={0} max={100} step={0.5} style={{ width: 160 }} data-testid="asm-adjust-score" />
        </Form.Item>
        <Form.Item name="reason" label={t('asm.adjustReason')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }, { min: 2, message: t('asm.reasonShort') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="asm-adjust-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
