import { Alert, Button, Card, Divider, Form, Input, Space } from 'antd';
import { useContext, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { answer, ApiError, client } from '../api';
import { homeOf, useAuth } from '../auth';
import { LangContext, useT } from '../i18n';

export function SignIn() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Asked for once the password was right and the account has a second factor.
  const [needTotp, setNeedTotp] = useState(false);
  // Single sign-on, when the deployment has an identity service; it sends people back here with a reason if refused.
  const [sso, setSso] = useState<string | null>(null);
  const [ssoRefused] = useState(() => new URLSearchParams(window.location.hash.replace(/^#/, '')).get('oidc-error'));
  useEffect(() => {
    answer(client.GET('/svc/applications/api/auth/oidc')).then((o) => setSso(o.enabled ? o.displayName : null), () => setSso(null));
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  const shown = error ?? (ssoRefused ? t(ssoRefused === 'oidc-no-account' ? 'accSsoNoAccount' : 'accSsoFailed') : null);
  const submit = async (v: { username: string; password: string; totp?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const who = await signIn(v.username, v.password, v.totp);
      // A role that must use a second factor and has none yet: straight to the enrolment.
      await navigate(homeOf(who));
    } catch (err) {
      if (err instanceof ApiError && err.problem.type.endsWith('/totp-required')) {
        setNeedTotp(true);
        setError(null);
      } else {
        setError(err instanceof ApiError ? err.text(lang) : String(err));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('signInTitle')} style={{ maxWidth: 420, margin: '48px auto' }}>
      {shown && <Alert type="error" showIcon message={shown} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
      <Form layout="vertical" onFinish={(v: { username: string; password: string; totp?: string }) => void submit(v)} requiredMark={false}>
        <Form.Item name="username" label={t('accLoginOrEmail')} rules={[{ required: true, message: t('required') }]}>
          <Input autoComplete="username" data-testid="username" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="current-password" data-testid="password" />
        </Form.Item>
        {needTotp && (
          <Form.Item name="totp" label={t('accTotp')} extra={t('accTotpHint')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('accTotpHint') }]}>
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="totp" autoFocus />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
          {t('signIn')}
        </Button>
      </Form>
      {sso && (
        <>
          <Divider plain>{t('accOr')}</Divider>
          <Button block href="/svc/applications/api/auth/oidc/start" data-testid="sign-in-sso">{t('accSsoSignIn')}{sso}</Button>
        </>
      )}
      <Space style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }} wrap>
        <Link to="/account/forgot" data-testid="go-forgot">{t('accForgot')}</Link>
        <Link to="/register" data-testid="go-register">{t('accNoAccount')}</Link>
      </Space>
    </Card>
  );
}
