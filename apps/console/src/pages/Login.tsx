import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert, Button, Card, Form, Input, QRCode, Space, Spin, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import type { TSessionInfo } from '@mpw/contracts';
import { api, errorText } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import ChangePasswordForm from '../components/ChangePasswordForm';
import LangSwitch from '../components/LangSwitch';

const { Title, Paragraph, Text } = Typography;

function Shell({ title, subtitle, children, wide }: { title: string; subtitle?: string; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="login-bg">
      <div className="login-lang">
        <LangSwitch />
      </div>
      <div className="login-brand">
        <SafetyCertificateOutlined className="login-brand-icon" />
        <div>
          <div className="login-brand-name">{t('app.name')}</div>
          <div className="login-brand-sub">{t('app.consoleName')}</div>
        </div>
      </div>
      <Card className="login-card" style={{ width: wide ? 520 : 420 }}>
        <Title level={3} style={{ marginTop: 0 }}>
          {title}
        </Title>
        {subtitle && <Paragraph type="secondary">{subtitle}</Paragraph>}
        {children}
      </Card>
      <div className="login-footer">{t('app.footer')}</div>
    </div>
  );
}

function PasswordLogin({ onPassword }: { onPassword: (password: string) => void }) {
  const { t } = useI18n();
  const { adopt } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: { username: string; password: string }) {
    setError(null);
    setSubmitting(true);
    try {
      const res = await api.post<TSessionInfo>('/auth/login', { username: values.username.trim(), password: values.password }, { skipAuthRedirect: true });
      onPassword(values.password);
      await adopt(res);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Shell title={t('login.title')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
    </Shell>
  );
}

function OtherAccountLink() {
  const { t } = useI18n();
  const { logout } = useSession();
  return (
    <div style={{ marginTop: 16, textAlign: 'center' }}>
      <Button type="link" onClick={() => void logout()}>
        {t('login.useOtherAccount')}
      </Button>
    </div>
  );
}

function ForcedPasswordChange({ session, oldPassword }: { session: TSessionInfo; oldPassword?: string }) {
  const { t } = useI18n();
  const { adopt } = useSession();
  return (
    <Shell title={t('login.mustChangeTitle')} subtitle={t('login.mustChangeHint', { name: session.user.displayName })}>
      <ChangePasswordForm username={session.user.username} initialOldPassword={oldPassword} onChanged={(res) => adopt(res)} />
      <OtherAccountLink />
    </Shell>
  );
}

function CodeInput({ onSubmit, submitText }: { onSubmit: (code: string) => Promise<void>; submitText: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(value = code) {
    if (!/^\d{6}$/.test(value)) {
      setError(t('mfa.codeFormat'));
      return;
    }
    setError(null);
    setSubmitting(true);
    try {
      await onSubmit(value);
    } catch (e) {
      setError(errorText(e));
      setCode('');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} data-testid="mfa-error" />}
      <div style={{ display: 'flex', justifyContent: 'center' }}>
        <Input.OTP
          length={6}
          size="large"
          value={code}
          onChange={(v) => {
            setCode(v);
            if (/^\d{6}$/.test(v)) void submit(v);
          }}
          formatter={(s) => s.replace(/\D/g, '')}
          autoFocus
          data-testid="mfa-code"
        />
      </div>
      <Button type="primary" block size="large" loading={submitting} onClick={() => void submit()}>
        {submitText}
      </Button>
    </Space>
  );
}

function MfaVerify() {
  const { t } = useI18n();
  const { adopt } = useSession();
  return (
    <Shell title={t('mfa.verifyTitle')} subtitle={t('mfa.verifyHint')}>
      <CodeInput
        submitText={t('mfa.verifySubmit')}
        onSubmit={async (code) => {
          const res = await api.post<unknown>('/auth/mfa/verify', { code });
          await adopt(res);
        }}
      />
      <OtherAccountLink />
    </Shell>
  );
}

function MfaEnrol() {
  const { t } = useI18n();
  const { adopt } = useSession();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const started = useRef(false);

  async function start() {
    setLoading(true);
    setError(null);
    try {
      setSetup(await api.post<{ secret: string; otpauthUrl: string }>('/auth/mfa/totp/setup', {}));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    // Only once per mount, also under StrictMode: each call makes a new secret on the server.
    if (started.current) return;
    started.current = true;
    void start();
  }, []);

  const grouped = setup?.secret.replace(/(.{4})/g, '$1 ').trim();

  return (
    <Shell title={t('mfa.enrolTitle')} subtitle={t('mfa.enrolHint')} wide>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} action={<Button onClick={() => void start()}>{t('common.retry')}</Button>} />}
      {loading && !setup && (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      )}
      {setup && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Text strong>{t('mfa.step1')}</Text>
          <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
            <QRCode value={setup.otpauthUrl} size={180} data-testid="mfa-qrcode" />
            <div style={{ flex: 1, minWidth: 200 }}>
              <Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t('mfa.manualKey')}
              </Paragraph>
              <Text code copyable={{ text: setup.secret }} style={{ fontSize: 16 }} data-testid="mfa-secret">
                {grouped}
              </Text>
              <Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('mfa.manualKeyHint')}
              </Paragraph>
            </div>
          </div>
          <Text strong>{t('mfa.step2')}</Text>
          <CodeInput
            submitText={t('mfa.enableSubmit')}
            onSubmit={async (code) => {
              const res = await api.post<unknown>('/auth/mfa/totp/enable', { code });
              await adopt(res);
            }}
          />
        </Space>
      )}
      <OtherAccountLink />
    </Shell>
  );
}

export default function LoginPage() {
  const { session, loading } = useSession();
  const location = useLocation();
  // The password just typed, so the forced change step need not ask for it again.
  const [typedPassword, setTypedPassword] = useState<string | undefined>(undefined);

  if (loading) {
    return (
      <div className="full-page-center">
        <Spin size="large" />
      </div>
    );
  }
  if (session?.stage === 'active') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }
  switch (session?.stage) {
    case 'password_change_required':
      return <ForcedPasswordChange session={session} oldPassword={typedPassword} />;
    case 'mfa_required':
      return <MfaVerify />;
    case 'mfa_enrolment_required':
      return <MfaEnrol />;
    default:
      return <PasswordLogin onPassword={setTypedPassword} />;
  }
}
