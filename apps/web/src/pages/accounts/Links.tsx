import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useContext, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { answer, ApiError, client } from '../../api';
import { homeOf, useAuth } from '../../auth';
import { LangContext, useT } from '../../i18n';
import { PasswordFields } from './PasswordFields';

/** The one-time token of an emailed link: it travels in the fragment, so no server or log sees it; kept, then wiped. */
function useLinkToken(): { token: string | null; invite: boolean } {
  const [link] = useState(() => {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    return { token: params.get('token'), invite: params.get('invite') === '1' };
  });
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  return link;
}

/** Sets a password from an invitation or a reset link, and signs the person in. */
export function SetPassword() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const { token, invite } = useLinkToken();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // An account with a second factor proves it when it resets its password.
  const [needTotp, setNeedTotp] = useState(false);
  if (!token) return <Result status="warning" title={t('accNoToken')} data-testid="link-incomplete" />;
  const submit = async (v: { password: string; totp?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const res = await answer(client.POST('/svc/applications/api/auth/password', { body: { token, password: v.password, ...(v.totp ? { totp: v.totp } : {}) } }));
      adopt(res);
      await navigate(homeOf(res.principal));
    } catch (err) {
      if (err instanceof ApiError && err.problem.type.endsWith('/totp-required')) setNeedTotp(true);
      else setError(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('accSetPasswordTitle')} style={{ maxWidth: 460, margin: '48px auto' }}>
      <Typography.Paragraph>{t(invite ? 'accInviteIntro' : 'accResetIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="set-password-error" />}
      <Form layout="vertical" requiredMark={false} onFinish={(v: { password: string; totp?: string }) => void submit(v)}>
        <PasswordFields prefix="set" />
        {needTotp && (
          <Form.Item name="totp" label={t('accTotp')} extra={t('accTotpHint')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('accTotpHint') }]}>
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="set-totp" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="set-password-submit">{t('accSetPassword')}</Button>
      </Form>
    </Card>
  );
}

/** Confirms a registration's email address as soon as the link is opened. */
export function ConfirmEmail() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { token } = useLinkToken();
  const [state, setState] = useState<{ done?: boolean; error?: string }>({});
  const sent = useRef(false); // the link is good once: never sent twice, whatever re-renders
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    answer(client.POST('/svc/applications/api/auth/email-confirmation', { body: { token } })).then(
      () => setState({ done: true }),
      (err: unknown) => setState({ error: err instanceof ApiError ? err.text(lang) : String(err) }),
    );
  }, [token, lang]);
  if (!token) return <Result status="warning" title={t('accNoToken')} />;
  if (state.error) return <Result status="error" title={t('accConfirmTitle')} subTitle={state.error} data-testid="confirm-error" />;
  if (!state.done) return <Result status="info" title={t('accConfirming')} />;
  return <Result status="success" title={t('accConfirmed')} extra={<Link to="/sign-in" data-testid="confirmed-sign-in">{t('signIn')}</Link>} data-testid="email-confirmed" />;
}

/** Asks for a reset link; the answer is the same whether the account exists or not. */
export function ForgotPassword() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { login: string }) => {
    setError(null);
    try {
      const res = await answer(client.POST('/svc/applications/api/auth/password-reset', { body: v }));
      setSent(res.message[lang]);
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  return (
    <Card title={t('accForgotTitle')} style={{ maxWidth: 460, margin: '48px auto' }}>
      {sent ? (
        <Alert type="success" showIcon message={sent} data-testid="reset-sent" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('accForgotIntro')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
          <Form layout="vertical" requiredMark={false} onFinish={(v: { login: string }) => void submit(v)}>
            <Form.Item name="login" label={t('accLoginOrEmail')} rules={[{ required: true, message: t('required') }]}>
              <Input autoComplete="username" data-testid="forgot-login" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block data-testid="forgot-submit">{t('accSendLink')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}

/** Where single sign-on lands: the hand-over token becomes a session, then the screens. */
export function SsoLanding() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const { token } = useLinkToken();
  const [error, setError] = useState<string | null>(null);
  const [needTotp, setNeedTotp] = useState(false);
  // Called only with the link's token (nothing below shows without one): passed in, so it is never null here.
  const trade = (token: string, totp?: string) =>
    answer(client.POST('/svc/applications/api/auth/oidc/session', { body: { token, ...(totp ? { totp } : {}) } })).then(
      (res) => {
        adopt(res);
        void navigate(homeOf(res.principal));
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.problem.type.endsWith('/totp-required')) setNeedTotp(true);
        else setError(err instanceof ApiError ? err.text(lang) : String(err));
      },
    );
  const traded = useRef(false); // the token is good once: never sent twice, whatever re-renders
  useEffect(() => {
    if (!token || traded.current) return;
    traded.current = true;
    void trade(token);
  }, [token]);
  if (!token) return <Result status="warning" title={t('accNoToken')} />;
  if (needTotp && !error) {
    return (
      <Card title={t('accTotp')} style={{ maxWidth: 420, margin: '48px auto' }}>
        <Form layout="vertical" requiredMark={false} onFinish={(v: { totp: string }) => void trade(token, v.totp)}>
          <Form.Item name="totp" extra={t('accTotpHint')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('accTotpHint') }]}>
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="sso-totp" autoFocus />
          </Form.Item>
          <Button type="primary" htmlType="submit" block data-testid="sso-totp-submit">{t('signIn')}</Button>
        </Form>
      </Card>
    );
  }
  if (error) return <Result status="error" title={t('accSsoFailed')} subTitle={error} extra={<Link to="/sign-in">{t('signIn')}</Link>} data-testid="sso-error" />;
  return <Result status="info" title={t('accSsoSigningIn')} />;
}
