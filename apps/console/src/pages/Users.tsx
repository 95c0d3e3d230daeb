import { useEffect, useState } from 'react';
import { Alert, App, Badge, Button, Card, Checkbox, Dropdown, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, KeyOutlined, MoreOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  PASSWORD_RULES_TEXT,
  ROLES,
  ROLE_DEFINITIONS,
  USER_STATUSES,
  passwordProblem,
  regionLevelOf,
  type TRole,
  type TUser,
} from '@mpw/contracts';
import { api, errorText } from '../api';
import { usePagedList } from '../hooks';
import { useI18n, type Lang } from '../i18n';
import { useSession } from '../session';
import { useRegion } from '../region';
import { fmtDateTime, generatePassword } from '../format';
import RegionTreeSelect from '../components/RegionTreeSelect';

function roleOptionsFor(regionCode: string | undefined, lang: Lang) {
  if (!regionCode || !/^\d{12}$/.test(regionCode)) return [];
  const level = regionLevelOf(regionCode);
  return ROLES.filter((r) => ROLE_DEFINITIONS[r].level === level).map((r) => ({ value: r, label: ROLE_DEFINITIONS[r].label[lang] }));
}

/** Password input with a "generate" button; validates with the contracts' complexity rules. */
function PasswordField({ name, label, usernameField, username }: { name: string; label: string; usernameField?: string; username?: string }) {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance();
  return (
    <Form.Item label={label} required extra={PASSWORD_RULES_TEXT[lang]}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name={name}
          noStyle
          dependencies={usernameField ? [usernameField] : []}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string) => {
                if (!value) return;
                const problem = passwordProblem(value, usernameField ? (getFieldValue(usernameField) as string | undefined) : username);
                if (problem) throw new Error(lang === 'zh' ? problem : PASSWORD_RULES_TEXT.en);
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" visibilityToggle />
        </Form.Item>
        <Tooltip title={t('users.generateHint')}>
          <Button icon={<ThunderboltOutlined />} onClick={() => form.setFieldValue(name, generatePassword())}>
            {t('users.generate')}
          </Button>
        </Tooltip>
      </Space.Compact>
    </Form.Item>
  );
}

interface CreateValues {
  username: string;
  displayName: string;
  regionCode: string;
  roles: TRole[];
  password: string;
  email?: string;
  phone?: string;
  idNumber?: string;
}

/**
 * The optional identity number (身份证号): it keeps a staff member off reports (举报) about themselves or a
 * close relative. Only its masked form ever comes back from the server.
 */
function IdNumberField({ masked }: { masked?: string | null }) {
  const { t } = useI18n();
  const clear = Form.useWatch('clearIdNumber') as boolean | undefined;
  return (
    <>
      <Form.Item
        name="idNumber"
        label={t('users.idNumber')}
        extra={
          <>
            {masked && <div data-testid="user-idnumber-current">{t('users.idNumberCurrent', { masked })}</div>}
            <div>{t('users.idNumberHint')}</div>
          </>
        }
        rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('users.idNumberFormat') }]}
      >
        <Input autoComplete="off" maxLength={18} placeholder={masked ?? undefined} disabled={!!clear} data-testid="user-idnumber-input" />
      </Form.Item>
      {masked && (
        <Form.Item name="clearIdNumber" valuePropName="checked" style={{ marginTop: -12 }}>
          <Checkbox>{t('users.idNumberClear')}</Checkbox>
        </Form.Item>
      )}
    </>
  );
}

/** A typed identity number, upper-cased, or undefined when left empty. */
const idNumberOf = (v?: string) => (v && v.trim() ? v.trim().toUpperCase() : undefined);

/** Optional contact fields: where notifications (email, SMS) reach the account. */
function ContactFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="email" label={t('users.email')} extra={t('users.contactHint')} rules={[{ type: 'email', message: t('users.emailFormat') }, { max: 120 }]}>
        <Input autoComplete="off" maxLength={120} data-testid="user-email-input" />
      </Form.Item>
      <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^1\d{10}$/, message: t('users.phoneFormat') }]}>
        <Input autoComplete="off" maxLength={11} data-testid="user-phone-input" />
      </Form.Item>
    </>
  );
}

/** Blank contact fields are left out (create) or cleared (edit). */
const contact = (v?: string) => (v && v.trim() ? v.trim() : undefined);

function CreateUserModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (v: CreateValues) => void }) {
  const { t, lang } = useI18n();
  const { regionCode } = useRegion();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const chosenRegion = Form.useWatch('regionCode', form);
  const options = roleOptionsFor(chosenRegion, lang);

  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
      form.setFieldsValue({ regionCode, roles: [] });
    }
  }, [open, regionCode, form]);

  async function submit(v: CreateValues) {
    setSaving(true);
    setError(null);
    try {
      await api.post('/users', {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        regionCode: v.regionCode,
        roles: v.roles,
        password: v.password,
        email: contact(v.email),
        phone: contact(v.phone),
        idNumber: idNumberOf(v.idNumber),
      });
      // The dialog stays mounted: forget the identity number and password it held.
      form.resetFields();
      onDone(v);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} width={560} title={t('users.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="user-form-error" />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        onValuesChange={(changed: Partial<CreateValues>) => {
          // Roles must match the level of the chosen region: drop those that no longer do.
          if (changed.regionCode) {
            const allowed = new Set(roleOptionsFor(changed.regionCode, lang).map((o) => o.value));
            form.setFieldValue('roles', (form.getFieldValue('roles') as TRole[] | undefined)?.filter((r) => allowed.has(r)) ?? []);
          }
        }}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, whitespace: true, message: t('users.usernameRequired') },
            { pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('users.usernameFormat') },
          ]}
        >
          <Input autoComplete="off" data-testid="user-username-input" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }, { max: 50 }]}>
          <Input maxLength={50} data-testid="user-displayname-input" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('users.region')} rules={[{ required: true, message: t('users.regionRequired') }]}>
          <RegionTreeSelect />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          extra={chosenRegion ? t('users.rolesHint') : undefined}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
        >
          {options.length ? <Checkbox.Group options={options} /> : <Typography.Text type="secondary">{t('users.chooseRegionFirst')}</Typography.Text>}
        </Form.Item>
        <ContactFields />
        <IdNumberField />
        <PasswordField name="password" label={t('users.initialPassword')} usernameField="username" />
      </Form>
    </Modal>
  );
}

interface EditValues {
  displayName: string;
  roles: TRole[];
  email?: string;
  phone?: string;
  idNumber?: string;
  clearIdNumber?: boolean;
}

function EditUserModal({ user, onClose, onDone }: { user: TUser | null; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (user) {
      setError(null);
      form.setFieldsValue({ displayName: user.displayName, roles: user.roles, email: user.email ?? '', phone: user.phone ?? '', idNumber: '', clearIdNumber: false });
    }
  }, [user, form]);

  async function submit(v: EditValues) {
    if (!user) return;
    setSaving(true);
    setError(null);
    try {
      const patch: { displayName?: string; roles?: TRole[]; email?: string | null; phone?: string | null; idNumber?: string | null } = {};
      if (v.displayName.trim() !== user.displayName) patch.displayName = v.displayName.trim();
      if ((contact(v.email) ?? null) !== user.email) patch.email = contact(v.email) ?? null;
      if ((contact(v.phone) ?? null) !== user.phone) patch.phone = contact(v.phone) ?? null;
      if ([...v.roles].sort().join() !== [...user.roles].sort().join()) patch.roles = v.roles;
      // Empty keeps the number on file; the checkbox removes it.
      if (v.clearIdNumber) patch.idNumber = null;
      else if (idNumberOf(v.idNumber)) patch.idNumber = idNumberOf(v.idNumber);
      if (Object.keys(patch).length) await api.patch(`/users/${user.id}`, patch);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={!!user} title={t('users.edit')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label={t('users.username')}>
          <Typography.Text code>{user?.username}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {user?.regionName}
          </Typography.Text>
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
          <Checkbox.Group options={roleOptionsFor(user?.regionCode, lang)} />
        </Form.Item>
        <ContactFields />
        <IdNumberField masked={user?.idNumberMasked} />
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose, onDone }: { user: TUser | null; onClose: () => void; onDone: (password: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (user) {
      setError(null);
      form.setFieldsValue({ password: '' });
    }
  }, [user, form]);

  async function submit(v: { password: string }) {
    if (!user) return;
    setSaving(true);
    setError(null);
    try {
      await api.post(`/users/${user.id}/reset-password`, { password: v.password });
      onDone(v.password);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={!!user} title={t('users.resetPasswordOf', { name: user?.displayName ?? '' })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      <Alert type="info" showIcon title={t('users.resetHint')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <PasswordField name="password" label={t('users.newInitialPassword')} username={user?.username} />
      </Form>
    </Modal>
  );
}

export default function Users() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { can, session } = useSession();
  const { regionCode, selectedNode } = useRegion();
  const canWrite = can('user:account:write');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<TRole | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const list = usePagedList<TUser>('/users', { regionCode, q: q || undefined, role, status });

  const [createOpen, setCreateOpen] = useState(false);
  const [editing, setEditing] = useState<TUser | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);

  function showPassword(title: string, username: string, password: string) {
    modal.success({
      title,
      content: (
        <Space orientation="vertical">
          <span>{t('users.passwordOnce')}</span>
          <span>
            {t('users.username')}: <Typography.Text code>{username}</Typography.Text>
          </span>
          <span>
            {t('users.initialPassword')}:{' '}
            <Typography.Text code copyable>
              {password}
            </Typography.Text>
          </span>
        </Space>
      ),
    });
  }

  async function action(u: TUser, path: 'disable' | 'enable' | 'unlock') {
    try {
      await api.post(`/users/${u.id}/${path}`, {});
      message.success(t(`users.${path}Done`));
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  function confirmAction(u: TUser, path: 'disable' | 'enable' | 'unlock') {
    modal.confirm({
      title: t(`users.${path}Confirm`, { name: `${u.displayName}（${u.username}）` }),
      okButtonProps: { danger: path === 'disable' },
      onOk: () => action(u, path),
    });
  }

  return (
    <Card
      title={t('users.title')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="user-create">
            {t('users.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('users.scope', { region: selectedNode?.name ?? regionCode })}</Typography.Text>
        <Input.Search allowClear placeholder={t('users.searchPlaceholder')} onSearch={(v) => setQ(v.trim())} style={{ width: 240 }} />
        <Select<TRole>
          allowClear
          placeholder={t('users.filterRole')}
          style={{ width: 200 }}
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => ({ value: r, label: ROLE_DEFINITIONS[r].label[lang] }))}
        />
        <Select<string>
          allowClear
          placeholder={t('users.filterStatus')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={USER_STATUSES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TUser>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1280 }}
        data-testid="users-table"
        columns={[
          { title: t('users.username'), dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('users.displayName'),
            dataIndex: 'displayName',
            render: (v: string, u) => (
              <Space size={4}>
                {v}
                {u.isMachine && <Tag>{t('users.machine')}</Tag>}
                {u.id === session?.user.id && <Tag color="blue">{t('users.me')}</Tag>}
              </Space>
            ),
          },
          { title: t('users.region'), dataIndex: 'regionName', render: (v: string, u) => <Tooltip title={u.regionCode}>{v}</Tooltip> },
          {
            title: <Tooltip title={t('users.idNumberHint')}>{t('users.idNumberCol')}</Tooltip>,
            dataIndex: 'idNumberMasked',
            width: 170,
            render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
          },
          {
            title: t('users.roles'),
            dataIndex: 'roles',
            render: (roles: TRole[]) => (
              <>
                {roles.map((r) => (
                  <Tag key={r} color="red" variant="outlined">
                    {ROLE_DEFINITIONS[r]?.label[lang] ?? r}
                  </Tag>
                ))}
              </>
            ),
          },
          {
            title: t('users.statusCol'),
            dataIndex: 'status',
            width: 170,
            render: (s: TUser['status'], u) => (
              <Space size={4} wrap>
                <Badge status={s === 'active' ? 'success' : 'default'} text={t(`users.status.${s}`)} />
                {u.mustChangePassword && <Tag color="gold">{t('users.mustChange')}</Tag>}
                {u.mfaEnabled && <Tag color="green">MFA</Tag>}
              </Space>
            ),
          },
          { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 170, render: (v: string | null) => fmtDateTime(v, lang) },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 220,
                  fixed: 'right' as const,
                  render: (_: unknown, u: TUser) => (
                    <Space size={0}>
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
                        {t('common.edit')}
                      </Button>
                      <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)}>
                        {t('users.resetPassword')}
                      </Button>
                      <Dropdown
                        trigger={['click']}
                        menu={{
                          items: [
                            u.status === 'active'
                              ? { key: 'disable', label: t('users.disable'), danger: true }
                              : { key: 'enable', label: t('users.enable') },
                            { key: 'unlock', label: t('users.unlock') },
                          ],
                          onClick: ({ key }) => confirmAction(u, key as 'disable' | 'enable' | 'unlock'),
                        }}
                      >
                        <Button type="link" size="small" icon={<MoreOutlined />} aria-label={t('common.more')} />
                      </Dropdown>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CreateUserModal
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onDone={(v) => {
          setCreateOpen(false);
          list.reload();
          showPassword(t('users.created'), v.username, v.password);
        }}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          message.success(t('common.saved'));
          list.reload();
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(pw) => {
          const u = resetting;
          setResetting(null);
          list.reload();
          if (u) showPassword(t('users.resetDone'), u.username, pw);
        }}
      />
    </Card>
  );
}
