import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Select, Space, Statistic, Switch, Table, Tag, Typography, Upload, message } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { IMPORT_STATUSES, type TDataImport, type TDataImportDetail, type TDatasetImportReport, type TRejectedRow } from '@mpw/contracts';
import { api, buildUrl, errorText } from '../../api';
import { useLoad, usePagedList } from '../../hooks';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import { datasetFromFileName, useDatasetText } from './strings';

const STATUS_COLOURS: Record<string, string> = { running: 'processing', committed: 'success', rejected: 'warning', failed: 'error' };

function StatusTag({ status }: { status: string }) {
  const { t } = useDatasetText();
  return <Tag color={STATUS_COLOURS[status]}>{t(`imports.status.${status}` as 'imports.status.committed')}</Tag>;
}

function fmtBytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Rejected rows with their line and reason, and the full error report. */
function RejectedRows({ importId, rows, total }: { importId: string; rows: TRejectedRow[]; total: number }) {
  const { t } = useDatasetText();
  if (total === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>{t('imports.rejectedRows')}</Typography.Text>
        <Button size="small" icon={<DownloadOutlined />} href={buildUrl(`/datasets/imports/${importId}/errors.csv`)} data-testid="import-error-report">
          {t('imports.downloadErrors')}
        </Button>
      </Space>
      {rows.length < total && <Typography.Text type="secondary">{t('imports.rejectedMore', { shown: rows.length, total })}</Typography.Text>}
      <Table<TRejectedRow>
        rowKey={(r) => `${r.line}-${r.reason}`}
        size="small"
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        data-testid="import-rejected"
        columns={[
          { title: t('imports.line'), dataIndex: 'line', width: 80 },
          { title: t('imports.reason'), dataIndex: 'reason' },
        ]}
      />
    </Space>
  );
}

function ReportView({ report }: { report: TDatasetImportReport }) {
  const { t, datasetLabel } = useDatasetText();
  const type = report.status === 'committed' ? (report.rejected ? 'warning' : 'success') : 'error';
  return (
    <Card size="small" title={t('imports.report')} data-testid="import-report" style={{ marginTop: 16 }}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Alert
          type={type}
          showIcon
          title={
            <Space wrap>
              <StatusTag status={report.status} />
              <span>
                {datasetLabel(report.dataset)} · {report.fileName}
              </span>
            </Space>
          }
          description={report.message ?? undefined}
        />
        <Space size={32} wrap>
          <Statistic title={t('imports.read')} value={report.rowsRead} />
          <Statistic title={t('imports.imported')} value={report.imported} />
          <Statistic title={t('imports.updated')} value={report.updated} />
          <Statistic title={t('imports.unchanged')} value={report.unchanged} />
          <Statistic title={t('imports.rejected')} value={report.rejected} valueStyle={report.rejected ? { color: '#cf1322' } : undefined} />
          <Statistic title={t('imports.flagged')} value={report.flagged} />
        </Space>
        <RejectedRows importId={report.importId} rows={report.rejectedRows.slice(0, 1000)} total={report.rejected} />
      </Space>
    </Card>
  );
}

function UploadForm({ onDone }: { onDone: () => void }) {
  const { t, datasetLabel, datasetOptions } = useDatasetText();
  const [file, setFile] = useState<File | null>(null);
  const [dataset, setDataset] = useState<string | undefined>();
  const [strict, setStrict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<TDatasetImportReport | null>(null);
  const inferred = file ? datasetFromFileName(file.name) : null;

  async function submit() {
    if (!file) return setError(t('imports.noFile'));
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const form = new FormData();
      if (dataset) form.append('dataset', dataset);
      form.append('strict', strict ? 'true' : 'false');
      form.append('file', file, file.name);
      const r = await api.upload<TDatasetImportReport>('/datasets/imports', form);
      setReport(r);
      void message.success(t('imports.done'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="import-upload">
      <Space wrap align="center">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={dataset}
          onChange={(v?: string) => setDataset(v)}
          placeholder={t('imports.datasetAuto')}
          style={{ width: 260 }}
          options={datasetOptions}
          data-testid="import-dataset"
        />
        <Upload
          accept=".csv,.xlsx,.json"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            setError(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />} data-testid="import-choose">
            {t('imports.chooseFile')}
          </Button>
        </Upload>
        <Space size={6}>
          <Switch checked={strict} onChange={setStrict} data-testid="import-strict" />
          <span>{t('imports.strict')}</span>
          <Typography.Text type="secondary">（{t('imports.strictHint')}）</Typography.Text>
        </Space>
        <Button type="primary" icon={<CloudUploadOutlined />} loading={busy} disabled={!file} onClick={submit} data-testid="import-submit">
          {t('imports.submit')}
        </Button>
      </Space>
      {file && !dataset && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type={inferred ? 'secondary' : 'warning'} data-testid="import-inferred">
            {inferred ? t('imports.datasetInferred', { label: datasetLabel(inferred) }) : t('imports.datasetUnknown')}
          </Typography.Text>
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" />}
      {report && <ReportView report={report} />}
    </div>
  );
}

function ImportDetail({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, lang, datasetLabel } = useDatasetText();
  const detail = useLoad<TDataImportDetail | null>(() => (id ? api.get<TDataImportDetail>(`/datasets/imports/${id}`) : Promise.resolve(null)), [id]);
  const d = detail.data;
  return (
    <Drawer open={!!id} size={640} title={t('imports.detail')} onClose={onClose}>
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {d && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('imports.dataset')}>{datasetLabel(d.dataset)}</Descriptions.Item>
            <Descriptions.Item label={t('imports.file')}>
              {d.fileName} · {d.format.toUpperCase()} · {fmtBytes(d.sizeBytes)}
              {d.encoding ? ` · ${d.encoding}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('imports.status')}>
              <Space wrap>
                <StatusTag status={d.status} />
                {d.strict && <Tag>{t('imports.strict')}</Tag>}
              </Space>
            </Descriptions.Item>
            {d.message && <Descriptions.Item label={t('imports.message')}>{d.message}</Descriptions.Item>}
            <Descriptions.Item label={t('imports.counts')}>
              {d.rowsRead} / {d.rowsImported} / {d.rowsUpdated} / {d.rowsUnchanged} / {d.rowsRejected}
            </Descriptions.Item>
            {d.rowsFlagged > 0 && <Descriptions.Item label={t('imports.flagged')}>{d.rowsFlagged}</Descriptions.Item>}
            <Descriptions.Item label={t('imports.via')}>
              {t(`imports.via.${d.via}` as 'imports.via.api')}
              {d.tokenName ? ` · ${t('imports.token')}：${d.tokenName}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('imports.who')}>{d.createdByName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('imports.region')}>{d.regionName ?? d.regionCode}</Descriptions.Item>
            <Descriptions.Item label={t('imports.when')}>{fmtDateTime(d.startedAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('imports.finishedAt')}>{fmtDateTime(d.finishedAt, lang)}</Descriptions.Item>
          </Descriptions>
          <RejectedRows importId={d.id} rows={d.rejectedRows} total={d.rowsRejected} />
        </Space>
      )}
    </Drawer>
  );
}

/** 数据导入: upload a department file and read its report; the import history with details and error reports. */
export default function Imports() {
  const { t, lang, datasetLabel, datasetOptions } = useDatasetText();
  const { can } = useSession();
  const [dataset, setDataset] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [open, setOpen] = useState<string | null>(null);
  const list = usePagedList<TDataImport>('/datasets/imports', { dataset, status }, { enabled: can('dataset:import:read') });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {can('dataset:import:write') && (
        <Card title={t('imports.title')}>
          <Typography.Paragraph type="secondary">{t('imports.intro')}</Typography.Paragraph>
          <UploadForm onDone={list.reload} />
        </Card>
      )}
      {can('dataset:import:read') && (
        <Card title={t('imports.history')}>
          <Space wrap style={{ marginBottom: 16 }}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} value={dataset} onChange={(v?: string) => setDataset(v)} placeholder={t('imports.filterDataset')} style={{ width: 240 }} options={datasetOptions} />
            <Select
              allowClear
              value={status}
              onChange={(v?: string) => setStatus(v)}
              placeholder={t('imports.filterStatus')}
              style={{ width: 140 }}
              options={IMPORT_STATUSES.map((s) => ({ value: s, label: t(`imports.status.${s}` as 'imports.status.committed') }))}
            />
          </Space>
          {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
          <Table<TDataImport>
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={list.data}
            pagination={list.pagination}
            scroll={{ x: 1100 }}
            data-testid="imports-table"
            locale={{ emptyText: t('imports.none') }}
            onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('imports.dataset'), dataIndex: 'dataset', width: 200, render: (d: string) => datasetLabel(d) },
              { title: t('imports.file'), dataIndex: 'fileName', ellipsis: true },
              { title: t('imports.who'), dataIndex: 'createdByName', width: 140, render: (v: string | null) => v ?? '—' },
              { title: t('imports.when'), dataIndex: 'startedAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
              {
                title: t('imports.via'), dataIndex: 'via', width: 150,
                render: (v: string, r) => (
                  <span>
                    {t(`imports.via.${v}` as 'imports.via.api')}
                    {r.tokenName ? <Typography.Text type="secondary"> · {r.tokenName}</Typography.Text> : null}
                  </span>
                ),
              },
              { title: t('imports.status'), dataIndex: 'status', width: 100, render: (s: string) => <StatusTag status={s} /> },
              {
                title: t('imports.counts'), key: 'counts', width: 230,
                render: (_: unknown, r) => (
                  <span>
                    {r.rowsRead} / {r.rowsImported} / {r.rowsUpdated} / {r.rowsUnchanged} /{' '}
                    <Typography.Text type={r.rowsRejected ? 'danger' : undefined}>{r.rowsRejected}</Typography.Text>
                  </span>
                ),
              },
            ]}
          />
        </Card>
      )}
      <ImportDetail id={open} onClose={() => setOpen(null)} />
    </Space>
  );
}
