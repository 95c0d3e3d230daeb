import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CALENDAR_DAY_KIND_LABELS, CALENDAR_SOURCE_LABELS, type TCalendarDayKind, type TCalendarDayView, type TCalendarYearView, type TWorkingDaysResult } from '@mpw/contracts';
import { api, errorText } from '../api';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const WEEKDAYS = { zh: ['一', '二', '三', '四', '五', '六', '日'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] };

/**
 * 工作日历: the national holidays and adjusted working days the district counts time limits by,
 * its own overrides (a local holiday, a changed 调休 day), and a due-date calculator.
 */
export default function CalendarPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const [editing, setEditing] = useState<{ day?: string } | null>(null);
  const { data, loading, error, reload } = useLoad(() => api.get<TCalendarYearView>('/calendar/', { year }), [year]);
  const canWrite = can('calendar:day:write');

  async function remove(day: string) {
    try {
      await api.del(`/calendar/days/${day}`);
      message.success(t('calendar.removed'));
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const years = Array.from({ length: 7 }, (_, i) => dayjs().year() - 3 + i);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('calendar.title')}
        extra={
          <Space>
            <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: t('calendar.year', { y: String(y) }) }))} style={{ width: 120 }} data-testid="calendar-year" />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="calendar-add">
                {t('calendar.add')}
              </Button>
            )}
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {data && !data.nationalScheduleKnown && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('calendar.unknownYear', { first: String(data.nationalYears.first), last: String(data.nationalYears.last) })} />
        )}
        <Typography.Paragraph type="secondary">{t('calendar.hint')}</Typography.Paragraph>
        <Table<TCalendarDayView>
          rowKey="day"
          size="small"
          loading={loading}
          dataSource={data?.days ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('calendar.day'), dataIndex: 'day', width: 130 },
            { title: t('calendar.weekday'), dataIndex: 'weekday', width: 80, render: (w: number) => WEEKDAYS[lang][w - 1] },
            {
              title: t('calendar.kind'),
              dataIndex: 'kind',
              width: 100,
              render: (k: TCalendarDayKind) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{CALENDAR_DAY_KIND_LABELS[k][lang]}</Tag>,
            },
            { title: t('calendar.name'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
            {
              title: t('calendar.source'),
              dataIndex: 'source',
              width: 200,
              render: (s: TCalendarDayView['source'], r) => (
                <Space size={4} wrap>
                  <Tag color={s === 'district' ? 'purple' : undefined}>{CALENDAR_SOURCE_LABELS[s][lang]}</Tag>
                  {s === 'district' && r.national && (
                    <Typography.Text type="secondary">{t('calendar.replaces', { kind: CALENDAR_DAY_KIND_LABELS[r.national.kind][lang], name: r.national.name })}</Typography.Text>
                  )}
                </Space>
              ),
            },
            ...(canWrite
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 160,
                    render: (_: unknown, r: TCalendarDayView) => (
                      <Space>
                        <Button size="small" onClick={() => setEditing({ day: r.day })}>
                          {t('calendar.adjust')}
                        </Button>
                        {r.source === 'district' && (
                          <Popconfirm title={t('calendar.removeConfirm')} onConfirm={() => remove(r.day)}>
                            <Button size="small" danger>
                              {t('calendar.remove')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <DueDateCard />
      <OverrideModal editing={editing} onClose={() => setEditing(null)} onDone={() => { setEditing(null); reload(); }} />
    </Space>
  );
}

function OverrideModal({ editing, onClose, onDone }: { editing: { day?: string } | null; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ day: Dayjs; kind: TCalendarDayKind; name: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(v: { day: Dayjs; kind: TCalendarDayKind; name: string }) {
    setSaving(true);
    setError(null);
    try {
      await api.put(`/calendar/days/${v.day.format('YYYY-MM-DD')}`, { kind: v.kind, name: v.name });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!editing}
      title={t('calendar.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      afterOpenChange={(open) => !open && setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {/* Mounted afresh at each opening (destroyOnHidden), so initialValues are the chosen day's. */}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ day: editing?.day ? dayjs(editing.day) : undefined, kind: 'holiday', name: '' }}>
        <Form.Item name="day" label={t('calendar.day')} rules={[{ required: true, message: t('calendar.dayRequired') }]}>
          <DatePicker style={{ width: 200 }} data-testid="calendar-day" />
        </Form.Item>
        <Form.Item name="kind" label={t('calendar.kind')}>
          <Radio.Group options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: CALENDAR_DAY_KIND_LABELS[k][lang] }))} />
        </Form.Item>
        <Form.Item name="name" label={t('calendar.reason')} rules={[{ required: true, whitespace: true, message: t('calendar.reasonRequired') }, { max: 40 }]}>
          <Input maxLength={40} placeholder={t('calendar.reasonPlaceholder')} data-testid="calendar-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 期限计算: what a time limit of N working days from a date comes to in this district. */
function DueDateCard() {
  const { t } = useI18n();
  const [from, setFrom] = useState<Dayjs | null>(dayjs());
  const [days, setDays] = useState<number | null>(5);
  const [result, setResult] = useState<TWorkingDaysResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function compute() {
    if (!from || days === null) return;
    setError(null);
    try {
      setResult(await api.get<TWorkingDaysResult>('/calendar/working-days', { from: from.format('YYYY-MM-DD'), days }));
    } catch (e) {
      setResult(null);
      setError(errorText(e));
    }
  }

  return (
    <Card title={t('calendar.dueTitle')}>
      <Space wrap>
        <DatePicker value={from} onChange={setFrom} allowClear={false} />
        <InputNumber min={0} max={365} precision={0} value={days} onChange={setDays} suffix={t('calendar.workingDays')} style={{ width: 160 }} />
        <Button onClick={compute} data-testid="calendar-compute">
          {t('calendar.compute')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {result && (
        <Alert
          type={result.nationalScheduleKnown ? 'success' : 'warning'}
          showIcon
          style={{ marginTop: 16 }}
          data-testid="calendar-due"
          title={t('calendar.due', { from: result.from, days: String(result.days), due: result.due })}
          description={result.nationalScheduleKnown ? undefined : t('calendar.dueUnknown')}
        />
      )}
    </Card>
  );
}
