import { useEffect, useMemo, useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { ROLE_DEFINITIONS, regionLevelOf, type TPowerItem, type TRole } from '@mpw/contracts';
import { ApiError, api, errorText, type Page } from '../api';
import { firstStepRole, groupByCategory, isValidIdNumber, type TMatterDetail } from '../domain';
import { useI18n } from '../i18n';
import { useRegion, walkTree } from '../region';
import { useUser } from '../session';
import { yuanToFen } from '../format';

interface Values {
  regionCode: string;
  itemId: string;
  title: string;
  amountYuan?: number | null;
  applicantName?: string;
  applicantIdNumber?: string;
  note?: string;
}

/** Server field → form field. */
const FIELD_OF: Record<string, keyof Values> = { amountFen: 'amountYuan' };

/** 发起事项: a village, an item applicable to it, title, amount in yuan (sent as fen), applicant. */
export default function StartMatterModal({
  open,
  item,
  onClose,
  onStarted,
}: {
  open: boolean;
  /** Preselected item (from the power item page). */
  item?: TPowerItem | null;
  onClose: () => void;
  onStarted: (m: TMatterDetail) => void;
}) {
  const { t, lang } = useI18n();
  const user = useUser();
  const { tree, regionCode: headerRegion } = useRegion();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [items, setItems] = useState<{ loading: boolean; data: TPowerItem[] }>({ loading: false, data: [] });
  const village = Form.useWatch('regionCode', form);
  const itemId = Form.useWatch('itemId', form);

  const villages = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    walkTree(tree, (n) => {
      if (n.level === 'village') out.push({ value: n.code, label: n.name });
    });
    return out;
  }, [tree]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    const own = regionLevelOf(user.regionCode) === 'village' ? user.regionCode : /^\d{12}$/.test(headerRegion) && regionLevelOf(headerRegion) === 'village' ? headerRegion : undefined;
    form.setFieldsValue({ regionCode: own ?? (villages.length === 1 ? villages[0]!.value : undefined), itemId: item?.id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  useEffect(() => {
    if (!open || !village) return;
    let alive = true;
    setItems((s) => ({ ...s, loading: true }));
    api
      .get<Page<TPowerItem>>('/power/items', { regionCode: village, status: 'active', pageSize: 200 })
      .then((r) => alive && setItems({ loading: false, data: r.data }))
      .catch((e: unknown) => {
        if (!alive) return;
        setItems({ loading: false, data: [] });
        setError(errorText(e));
      });
    return () => {
      alive = false;
    };
  }, [open, village]);

  const options = useMemo(
    () =>
      groupByCategory(items.data).map((g) => ({
        label: g.category,
        title: g.category,
        options: g.items.map((i) => ({ value: i.id, label: `${i.code} ${i.content.name}` })),
      })),
    [items.data],
  );
  const chosen = items.data.find((i) => i.id === itemId) ?? (item && item.id === itemId ? item : undefined);
  const role = chosen ? (firstStepRole(chosen.content) as TRole | null) : null;
  const roleMismatch = role && !user.roles.includes(role);

  async function submit(v: Values) {
    setSaving(true);
    setError(null);
    try {
      const body = {
        itemId: v.itemId,
        regionCode: v.regionCode,
        title: v.title.trim(),
        amountFen: v.amountYuan === null || v.amountYuan === undefined ? undefined : yuanToFen(v.amountYuan),
        applicantName: v.applicantName?.trim() || undefined,
        applicantIdNumber: v.applicantIdNumber?.trim().toUpperCase() || undefined,
        note: v.note?.trim() || undefined,
      };
      const m = await api.post<TMatterDetail>('/matters', body);
      onStarted(m);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError && e.fieldErrors.length) {
        form.setFields(e.fieldErrors.map((f) => ({ name: FIELD_OF[f.path] ?? (f.path as keyof Values), errors: [f.message] })));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} width={620} title={t('matter.start')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('matter.startSubmit')} okButtonProps={{ 'data-testid': 'matter-start-submit' } as never} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="matter-start-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="matter-start-form">
        <Form.Item name="regionCode" label={t('matter.village')} rules={[{ required: true, message: t('matter.villageRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={villages}
            disabled={regionLevelOf(user.regionCode) === 'village'}
            placeholder={t('matter.villagePlaceholder')}
            onChange={() => form.setFieldValue('itemId', undefined)}
            data-testid="matter-start-village"
          />
        </Form.Item>
        <Form.Item
          name="itemId"
          label={t('matter.item')}
          rules={[{ required: true, message: t('matter.itemRequired') }]}
          extra={role ? t('matter.firstStepBy', { role: ROLE_DEFINITIONS[role]?.label[lang] ?? role }) : t('matter.itemHint')}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={items.loading}
            options={options}
            placeholder={village ? t('matter.itemPlaceholder') : t('matter.chooseVillageFirst')}
            disabled={!village}
            data-testid="matter-start-item"
          />
        </Form.Item>
        {roleMismatch && <Alert type="warning" showIcon title={t('matter.roleMismatch', { role: ROLE_DEFINITIONS[role]?.label[lang] ?? role })} style={{ marginBottom: 16 }} />}
        <Form.Item name="title" label={t('matter.title')} rules={[{ required: true, whitespace: true, message: t('matter.titleRequired') }, { max: 100 }]}>
          <Input maxLength={100} showCount placeholder={t('matter.titlePlaceholder')} data-testid="matter-start-title" />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('matter.amount')} extra={t('matter.amountHint')}>
          <InputNumber min={0} max={100_000_000_000} precision={2} step={100} style={{ width: 240 }} suffix={t('settings.yuanUnit')} data-testid="matter-start-amount" />
        </Form.Item>
        <Form.Item name="applicantName" label={t('matter.applicantName')} rules={[{ max: 50 }]}>
          <Input maxLength={50} style={{ width: 240 }} data-testid="matter-start-applicant" />
        </Form.Item>
        <Form.Item
          name="applicantIdNumber"
          label={t('matter.applicantIdNumber')}
          extra={t('matter.idNumberHint')}
          rules={[
            {
              validator: async (_, v: string | undefined) => {
                if (v && v.trim() && !isValidIdNumber(v)) throw new Error(t('matter.idNumberInvalid'));
              },
            },
          ]}
        >
          <Input maxLength={18} style={{ width: 260 }} autoComplete="off" data-testid="matter-start-idnumber" />
        </Form.Item>
        <Form.Item name="note" label={t('matter.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('matter.startHint')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
