import { Checkbox, Form, Input, Select, Space, Switch } from 'antd';
import { EDUCATION_LEVELS, PROFESSIONAL_BACKGROUNDS, SUPERVISION_MEMBER_ROLES } from '@mpw/contracts';
import { useI18n } from '../../../i18n';

/** A full identity number, or the masked form the roster shows (kept as stored). */
const ID_OR_MASKED = /^(\d{17}[\dXx]|\d{4}\*{10}\d{3}[\dXx])$/;

/**
 * The fields of a supervision-team member, shared by 添加/编辑 and by the successor of 更换. `prefix`
 * nests them under a form path (['successor']). An edit (`keepId`) shows the identity number masked,
 * as the roster does: left masked or emptied, the stored number is kept; typed in full, it replaces it.
 */
export default function MemberFields({ prefix = [], keepId = false, testId = 'sup' }: { prefix?: string[]; keepId?: boolean; testId?: string }) {
  const { t, tl } = useI18n();
  const n = (name: string) => [...prefix, name];
  return (
    <>
      <Space wrap align="start" style={{ width: '100%' }}>
        <Form.Item name={n('name')} label={t('sup.name')} rules={[{ required: true, whitespace: true, message: t('sup.nameRequired') }]} style={{ width: 160 }}>
          <Input maxLength={30} data-testid={`${testId}-name`} />
        </Form.Item>
        <Form.Item
          name={n('idNumber')}
          label={t('sup.idNumber')}
          extra={keepId ? t('sup.idReenter') : undefined}
          rules={keepId ? [{ pattern: ID_OR_MASKED, message: t('sup.idFormat') }] : [{ required: true, message: t('sup.idRequired') }, { pattern: /^\d{17}[\dXx]$/, message: t('sup.idFormat') }]}
          style={{ width: 240 }}
        >
          <Input maxLength={18} data-testid={`${testId}-id`} />
        </Form.Item>
        <Form.Item name={n('role')} label={t('sup.role')} rules={[{ required: true, message: t('sup.roleRequired') }]} style={{ width: 160 }}>
          <Select options={SUPERVISION_MEMBER_ROLES.map((r) => ({ value: r, label: tl('sup.role', r) }))} data-testid={`${testId}-role`} />
        </Form.Item>
        <Form.Item name={n('education')} label={t('sup.education')} style={{ width: 140 }}>
          <Select allowClear options={EDUCATION_LEVELS.map((e) => ({ value: e, label: tl('sup.edu', e) }))} />
        </Form.Item>
        <Form.Item name={n('phone')} label={t('sup.phone')} style={{ width: 160 }}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name={n('isPartyMember')} label={t('sup.party')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <Form.Item name={n('backgrounds')} label={t('sup.backgrounds')}>
        <Checkbox.Group options={PROFESSIONAL_BACKGROUNDS.map((b) => ({ value: b, label: tl('sup.bg', b) }))} />
      </Form.Item>
      <Space wrap align="start" style={{ width: '100%' }}>
        <Form.Item name={n('electedOn')} label={t('sup.electedOn')} rules={[{ required: true, message: t('sup.dateRequired') }]} style={{ width: 170 }}>
          <Input type="date" data-testid={`${testId}-elected-on`} />
        </Form.Item>
        <Form.Item name={n('termStart')} label={t('sup.termStart')} rules={[{ required: true, message: t('sup.dateRequired') }]} style={{ width: 170 }}>
          <Input type="date" data-testid={`${testId}-term-start`} />
        </Form.Item>
        <Form.Item name={n('termEnd')} label={t('sup.termEnd')} style={{ width: 170 }}>
          <Input type="date" />
        </Form.Item>
      </Space>
      <Form.Item name={n('electionRecord')} label={t('sup.electionRecord')} rules={[{ required: true, whitespace: true, min: 2, message: t('sup.electionRequired') }]}>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('sup.electionPlaceholder')} data-testid={`${testId}-election`} />
      </Form.Item>
    </>
  );
}
