import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useContext, useState } from 'react';
import { Link } from 'react-router-dom';
import { answer, ApiError, client, type Schema } from '../../api';
import { LangContext, useT } from '../../i18n';
import { PasswordFields } from './PasswordFields';

/** What the form sends, as the service documents it (libs/api-client). */
type Registration = Schema<'RegisterInstitutionDto'>;

/** An institution registers itself; the service checks the credit code (GB 32100) and the password policy. */
export function Register() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<Registration>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ username: string } | null>(null);
  const submit = async (v: Registration & { passwordAgain?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const { passwordAgain: _again, ...body } = v;
      const res = await answer(client.POST('/svc/applications/api/registrations', { body: { ...body, creditCode: body.creditCode.trim().toUpperCase(), username: body.username || undefined } }));
      setDone(res);
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.problem['errors'])) {
        form.setFields((err.problem['errors'] as Array<{ field: string; reason: { zh: string; en: string } }>).map((e) => ({ name: e.field as keyof Registration, errors: [e.reason[lang]] })));
      }
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <Result status="success" title={t('accRegistered')} subTitle={`${t('accCheckMail')} (${t('username')}: ${done.username})`} extra={<Link to="/sign-in">{t('signIn')}</Link>} data-testid="registered" />
    );
  }
  return (
    <Card title={t('accRegister')} style={{ maxWidth: 560, margin: '24px auto' }}>
      <Typography.Paragraph type="secondary">{t('accRegisterIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="register-error" />}
      <Form form={form} layout="vertical" requiredMark onFinish={(v) => void submit(v)}>
        <Form.Item name="creditCode" label={t('accCreditCode')} rules={[{ required: true, len: 18, message: t('required') }]}>
          <Input maxLength={18} data-testid="reg-credit-code" />
        </Form.Item>
        <Form.Item name="institutionName" label={t('accInstitutionName')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={200} data-testid="reg-name" />
        </Form.Item>
        <Form.Item name="contactName" label={t('accContactName')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={50} data-testid="reg-contact" />
        </Form.Item>
        <Form.Item name="mobile" label={t('accMobile')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('accMobile') }]}>
          <Input inputMode="tel" maxLength={11} data-testid="reg-mobile" />
        </Form.Item>
        <Form.Item name="email" label={t('accEmail')} rules={[{ required: true, type: 'email', message: t('accEmail') }]}>
          <Input autoComplete="email" data-testid="reg-email" />
        </Form.Item>
        <Form.Item name="username" label={t('accUsernameOptional')}>
          <Input autoComplete="username" data-testid="reg-username" />
        </Form.Item>
        <PasswordFields prefix="reg" />
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="reg-submit">{t('accRegisterSubmit')}</Button>
      </Form>
    </Card>
  );
}
