import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { Page } from '../../api';
import type { THearing, TUser } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { hearingBody, isVillageCode, quarterOf, recentQuarters, VILLAGER_API, type HearingFormValues } from './villagers-logic';

interface FormShape extends Omit<HearingFormValues, 'scheduledAt'> {
  scheduledAt: Dayjs;
}

/** The village's active console accounts, for linking a cadre to the account that writes their report (only for users who may list accounts). */
function useVillageAccounts(village: string | undefined): TUser[] {
  const { can } = useSession();
  const allowed = can('user:account:read');
  const [users, setUsers] = useState<TUser[]>([]);
  useEffect(() => {
    if (!allowed || !isVillageCode(village)) {
      setUsers([]);
      return;
    }
    let alive = true;
    api
      .get<Page<TUser>>('/users', { regionCode: village, status: 'active', pageSize: 100 })
      .then((r) => alive && setUsers((r.data ?? []).filter((u) => u.regionCode === village && !u.isMachine)))
      .catch(() => alive && setUsers([]));
    return () => {
      alive = false;
    };
  }, [allowed, village]);
  return users;
}

/**
 * 新建问政会 / 编辑: village, title, quarter, time and place, and the cadres who report (name, position,
 * optional account). Creating posts to /hearings; editing (a scheduled hearing) puts the same fields.
 */
export default function HearingForm({
  open,
  hearing,
  defaultRegion,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Editing this hearing; creating when absent. */
  hearing?: THearing;
  defaultRegion: string;
  onClose: () => void;
  onSaved: (h: THearing) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormShape>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const village = Form.useWatch('regionCode', form);
  const accounts = useVillageAccounts(village);
  const quarters = [...recentQuarters(dayjs().add(3, 'month').toDate(), 3)];

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (hearing) {
      form.setFieldsValue({
        regionCode: hearing.regionCode,
        title: hearing.title,
        quarter: hearing.quarter,
        scheduledAt: dayjs(hearing.scheduledAt),
        place: hearing.place,
        description: hearing.description ?? '',
        cadres: hearing.cadres.map((c) => ({ name: c.name, position: c.position, userId: c.userId ?? undefined })),
      });
    } else {
      const when = dayjs().add(7, 'day').hour(9).minute(0).second(0).millisecond(0);
      form.setFieldsValue({
        regionCode: isVillageCode(defaultRegion) ? defaultRegion : undefined,
        quarter: quarterOf(when.toDate()),
        scheduledAt: when,
        cadres: [{ name: '', position: '' }],
      });
    }
  }, [open, hearing, defaultRegion, form]);

  async function submit(v: FormShape) {
    setSaving(true);
    setError(null);
    try {
      const body = hearingBody({ ...v, regionCode: hearing?.regionCode ?? v.regionCode, scheduledAt: v.scheduledAt.toISOString() });
      const saved = hearing
        ? await api.put<THearing>(VILLAGER_API.hearing(hearing.id), (({ regionCode: _r, ...rest }) => rest)(body))
        : await api.post<THearing>(VILLAGER_API.hearings, body);
      onSaved(saved);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const required = (field: string) => [{ required: true, whitespace: true, message: t('vil.required', { field }) }];

  return (
    <Modal
      open={open}
      width={720}
      title={hearing ? t('vil.hr.edit') : t('vil.hr.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'hr-form-ok' } as never}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="hr-form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="hr-form">
        <Form.Item
          name="regionCode"
          label={t('vil.village')}
          rules={[{ required: true, message: t('vil.pickVillage') }, { validator: (_r, v: string) => (!v || isVillageCode(v) ? Promise.resolve() : Promise.reject(new Error(t('vil.pickVillage')))) }]}
        >
          <RegionTreeSelect disabled={!!hearing} />
        </Form.Item>
        <Form.Item name="title" label={t('vil.hr.titleField')} rules={[...required(t('vil.hr.titleField')), { min: 2, max: 100 }]}>
          <Input maxLength={100} placeholder={t('vil.hr.titlePlaceholder')} data-testid="hr-form-title" />
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="quarter" label={t('vil.quarter')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={quarters.map((q) => ({ value: q, label: q }))} data-testid="hr-form-quarter" />
          </Form.Item>
          <Form.Item name="scheduledAt" label={t('vil.hr.scheduledAt')} rules={[{ required: true, message: t('vil.required', { field: t('vil.hr.scheduledAt') }) }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} data-testid="hr-form-time" />
          </Form.Item>
          <Form.Item name="place" label={t('vil.hr.place')} rules={required(t('vil.hr.place'))}>
            <Input maxLength={100} style={{ width: 240 }} placeholder={t('vil.hr.placePlaceholder')} data-testid="hr-form-place" />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('vil.hr.description')}>
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
        <Form.List
          name="cadres"
          rules={[{ validator: async (_r, v?: unknown[]) => ((v?.length ?? 0) > 0 ? undefined : Promise.reject(new Error(t('vil.hr.cadresRequired')))) }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="hr-form-cadres">
              <div style={{ marginBottom: 8, fontWeight: 500 }}>{t('vil.hr.cadres')}</div>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={required(t('vil.hr.cadreName'))}>
                    <Input placeholder={t('vil.hr.cadreName')} maxLength={30} style={{ width: 140 }} data-testid={`hr-cadre-name-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'position']} rules={required(t('vil.hr.cadrePosition'))}>
                    <Input placeholder={t('vil.hr.cadrePosition')} maxLength={40} style={{ width: 180 }} data-testid={`hr-cadre-position-${i}`} />
                  </Form.Item>
                  {accounts.length > 0 && (
                    <Form.Item name={[f.name, 'userId']}>
                      <Select
                        allowClear
                        placeholder={t('vil.hr.cadreAccount')}
                        style={{ width: 180 }}
                        options={accounts.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
                      />
                    </Form.Item>
                  )}
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('vil.hr.removeCadre')} />}
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              {fields.length < 20 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="hr-add-cadre">
                  {t('vil.hr.addCadre')}
                </Button>
              )}
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
