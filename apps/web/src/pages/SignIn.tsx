import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useContext, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { LangContext, useT } from '../i18n';

export function SignIn() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(v.username, v.password);
      await navigate('/');
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('signInTitle')} style={{ maxWidth: 420, margin: '48px auto' }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
      <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)} requiredMark={false}>
        <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
          <Input autoComplete="username" data-testid="username" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="current-password" data-testid="password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
          {t('signIn')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>{t('signInHint')}</Typography.Paragraph>
    </Card>
  );
}
