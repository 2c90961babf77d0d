import { Alert, Button, Card, Descriptions, Form, Input, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd';
import { useContext, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { answer, ApiError, client, type operations, type Schema, upload } from '../../api';
import { ROLE_NAMES, useAuth } from '../../auth';
import { LangContext, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { PageLoading } from '../PageLoading';
import { useLoad } from '../useLoad';
import { PasswordFields } from './PasswordFields';

/** A colleague's account, as the service documents it (libs/api-client). */
type Account = Schema<'AccountView'>;
/** The secret and otpauth URI of an enrolment being started, as the service documents them. */
type Enrolment = operations['applications_AuthController_startTotp']['responses'][201]['content']['application/json'];

// Status colours (text on a light ground in the theme's darker success, warning and error: 4.5:1 and more).
const STATUS_COLOR = { pending: 'warning', verified: 'success', refused: 'error' } as const;

/** One's own account: who, the second factor, the password, sign-out everywhere; for an institution, its verification and colleagues. */
export function MyAccount() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const profile = useLoad(() => answer(client.GET('/svc/applications/api/account')), []);
  if (profile.error) return <LoadError error={profile.error} retry={profile.reload} />;
  if (!profile.data) return <PageLoading />;
  const p = profile.data;
  const statusText = { pending: t('accStatusPending'), verified: t('accStatusVerified'), refused: t('accStatusRefused') };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <h2 style={{ margin: 0 }}>{t('accMyAccount')}</h2>
      {principal?.mustEnrolTotp && <Alert type="warning" showIcon message={t('accTotpRequired')} data-testid="totp-required-alert" />}
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} data-testid="account-profile">
          <Descriptions.Item label={t('username')}>{p.username}</Descriptions.Item>
          <Descriptions.Item label={t('accDisplayName')}>{p.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('accRole')}>{ROLE_NAMES[p.role][lang]}</Descriptions.Item>
          <Descriptions.Item label={t('accEmail')}>{p.email ?? '—'}</Descriptions.Item>
          {p.institution && (
            <Descriptions.Item label={t('accInstitution')}>
              {p.institution} {p.institutionStatus && <Tag color={STATUS_COLOR[p.institutionStatus]} data-testid="institution-status">{statusText[p.institutionStatus]}</Tag>}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {['staff', 'bureau', 'admin'].includes(p.role) && <SecondFactor enrolled={p.totpEnabled} onDone={profile.reload} />}
      {p.role === 'applicant' && <InstitutionCard onChange={profile.reload} />}
      {!principal?.mustEnrolTotp && <ChangePassword />}
      {!principal?.mustEnrolTotp && <SignOutEverywhere />}
    </Space>
  );
}

function SecondFactor({ enrolled, onDone }: { enrolled: boolean; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const start = async (v: { password: string }) => {
    setError(null);
    try {
      setEnrolment(await answer(client.POST('/svc/applications/api/account/totp', { body: v })));
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  const confirm = async (v: { code: string }) => {
    setError(null);
    try {
      const res = await answer(client.POST('/svc/applications/api/account/totp/confirmation', { body: v }));
      adopt(res);
      setEnrolment(null);
      setDone(true);
      onDone();
      await navigate('/account');
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  return (
    <Card title={t('accTotpTitle')} extra={<Tag color={enrolled ? 'success' : 'default'} data-testid="totp-state">{enrolled ? t('accTotpOn') : t('accTotpOff')}</Tag>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="totp-error" />}
      {done && <Alert type="success" showIcon message={t('accTotpDone')} style={{ marginBottom: 16 }} data-testid="totp-done" />}
      {!enrolled && !enrolment && (
        <Form layout="inline" onFinish={(v: { password: string }) => void start(v)}>
          <Form.Item name="password" rules={[{ required: true, message: t('required') }]}>
            <Input.Password placeholder={t('accCurrentPassword')} autoComplete="current-password" data-testid="totp-password" />
          </Form.Item>
          <Button htmlType="submit" data-testid="totp-start">{t('accTotpStart')}</Button>
        </Form>
      )}
      {enrolment && (
        <Form layout="vertical" onFinish={(v: { code: string }) => void confirm(v)} requiredMark={false}>
          <Typography.Paragraph>{t('accTotpScan')}</Typography.Paragraph>
          <Typography.Paragraph copyable code data-testid="totp-secret">{enrolment.secret}</Typography.Paragraph>
          <Typography.Paragraph><a href={enrolment.uri}>{enrolment.uri.slice(0, 48)}…</a></Typography.Paragraph>
          <Form.Item name="code" label={t('accTotp')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('accTotpHint') }]}>
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" style={{ maxWidth: 160 }} data-testid="totp-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="totp-confirm">{t('accTotpConfirm')}</Button>
        </Form>
      )}
    </Card>
  );
}

function ChangePassword() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { adopt } = useAuth();
  const [form] = Form.useForm();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (v: { currentPassword: string; password: string }) => {
    try {
      adopt(await answer(client.POST('/svc/applications/api/account/password', { body: { currentPassword: v.currentPassword, newPassword: v.password } })));
      form.resetFields();
      setResult({ ok: true, text: t('accPasswordChanged') });
    } catch (err) {
      setResult({ ok: false, text: err instanceof ApiError ? err.text(lang) : String(err) });
    }
  };
  return (
    <Card title={t('accChangePassword')}>
      {result && <Alert type={result.ok ? 'success' : 'error'} showIcon message={result.text} style={{ marginBottom: 16 }} data-testid="password-result" />}
      <Form form={form} layout="vertical" requiredMark={false} style={{ maxWidth: 420 }} onFinish={(v: { currentPassword: string; password: string }) => void submit(v)}>
        <Form.Item name="currentPassword" label={t('accCurrentPassword')} rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <PasswordFields prefix="change" />
        <Button htmlType="submit" data-testid="change-password-submit">{t('accChangePassword')}</Button>
      </Form>
    </Card>
  );
}

function SignOutEverywhere() {
  const t = useT();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const go = async () => {
    await answer(client.POST('/svc/applications/api/auth/sign-out-everywhere')).catch(() => undefined);
    signOut();
    await navigate('/sign-in');
  };
  return (
    <Card>
      <Space wrap>
        <Typography.Text type="secondary">{t('accSignOutEverywhereHint')}</Typography.Text>
        <Popconfirm title={t('accSignOutEverywhere')} onConfirm={() => void go()}>
          <Button danger data-testid="sign-out-everywhere">{t('accSignOutEverywhere')}</Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}

/** The institution's verification (licence upload) and its colleagues (the first user invites them). */
function InstitutionCard({ onChange }: { onChange: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const reg = useLoad(() => answer(client.GET('/svc/applications/api/registrations/mine')), []);
  const colleagues = useLoad(() => answer(client.GET('/svc/applications/api/institution/colleagues')), []);
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState(false);
  const [form] = Form.useForm();
  const r = reg.data;
  const uploadLicence = async (file: File) => {
    setError(null);
    const fd = new FormData();
    fd.set('file', file, file.name);
    try {
      await upload('/svc/applications/api/registrations/mine/licence', {}, fd, () => undefined);
      reg.reload();
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  const invite = async (v: { email: string; displayName: string }) => {
    setError(null);
    try {
      await answer(client.POST('/svc/applications/api/institution/colleagues', { body: v }));
      form.resetFields();
      setInvited(true);
      colleagues.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  return (
    <Card title={t('accRegistration')}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="institution-error" />}
      {r && r.status !== 'verified' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {r.status === 'refused' && <Alert type="error" showIcon message={`${t('accRefusedBecause')}：${r.reason ?? ''}`} />}
          <Typography.Paragraph>{r.licence ? t('accLicenceUploaded') : t('accPendingHint')}</Typography.Paragraph>
          {r.licence && <Typography.Text data-testid="licence-name">{t('accLicence')}：{r.licence.fileName}</Typography.Text>}
          <Upload accept=".pdf,.png,.jpg,.jpeg" showUploadList={false} beforeUpload={(file) => { void uploadLicence(file); return false; }}>
            <Button data-testid="licence-upload">{t('accUploadLicence')}</Button>
          </Upload>
        </Space>
      )}
      {r?.status === 'verified' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Table<Account>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={colleagues.data ?? []}
            columns={[
              { title: t('username'), dataIndex: 'username' },
              { title: t('accDisplayName'), dataIndex: 'displayName' },
              { title: t('accEmail'), dataIndex: 'email' },
              { title: t('accState'), render: (_, a) => (a.disabled ? t('accStateDisabled') : a.invited ? t('accStateInvited') : t('accStateActive')) },
            ]}
            data-testid="colleagues"
          />
          {invited && <Alert type="success" showIcon message={t('accInvited')} />}
          <Form form={form} layout="inline" onFinish={(v: { email: string; displayName: string }) => void invite(v)}>
            <Form.Item name="email" rules={[{ required: true, type: 'email', message: t('accEmail') }]}>
              <Input placeholder={t('accEmail')} data-testid="colleague-email" />
            </Form.Item>
            <Form.Item name="displayName" rules={[{ required: true, message: t('required') }]}>
              <Input placeholder={t('accDisplayName')} data-testid="colleague-name" />
            </Form.Item>
            <Button htmlType="submit" data-testid="colleague-invite">{t('accInviteColleague')}</Button>
          </Form>
        </Space>
      )}
    </Card>
  );
}
