import { Alert, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError } from '../../api';
import { ROLE_NAMES, type Role } from '../../auth';
import { LangContext, shanghaiDateTime, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';

interface AccountView {
  id: string;
  username: string;
  role: Role;
  displayName: string;
  email: string | null;
  institution: string | null;
  expertId: string | null;
  disabled: boolean;
  invited: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  lastSignInAt: string | null;
}

/** Roles an administrator gives (applicants register themselves). */
const INVITABLE: Role[] = ['staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'];

/** The administrator's screen: every account, invitations, and changes that reach the person's next request. */
export function AdminAccounts() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [filter, setFilter] = useState<{ q?: string; role?: Role }>({});
  const list = useLoad(() => {
    const qs = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as Array<[string, string]>).toString();
    return api<AccountView[]>('applications', `/api/accounts${qs ? `?${qs}` : ''}`);
  }, [filter.q, filter.role]);
  const [inviting, setInviting] = useState(false);
  const [changing, setChanging] = useState<AccountView | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const fail = (err: unknown) => setNotice({ ok: false, text: err instanceof ApiError ? err.text(lang) : String(err) });
  const roleOptions = INVITABLE.map((r) => ({ value: r, label: ROLE_NAMES[r][lang] }));

  const state = (a: AccountView) =>
    a.disabled ? <Tag color="red">{t('accStateDisabled')}</Tag> : a.invited ? <Tag color="gold">{t('accStateInvited')}</Tag> : a.lockedUntil ? <Tag color="orange">{t('accStateLocked')}</Tag> : <Tag color="green">{t('accStateActive')}</Tag>;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <h2 style={{ margin: 0 }}>{t('accAccounts')}</h2>
      {notice && <Alert type={notice.ok ? 'success' : 'error'} showIcon closable message={notice.text} onClose={() => setNotice(null)} data-testid="accounts-notice" />}
      <Space wrap>
        <Input.Search allowClear placeholder={t('accSearch')} onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined }))} style={{ width: 320 }} data-testid="accounts-search" />
        <Select allowClear placeholder={t('accAllRoles')} style={{ width: 200 }} options={[...roleOptions, { value: 'applicant', label: ROLE_NAMES.applicant[lang] }]} onChange={(role?: Role) => setFilter((f) => ({ ...f, role }))} />
        <Button type="primary" onClick={() => setInviting(true)} data-testid="invite-open">{t('accInvite')}</Button>
      </Space>
      {list.error ? (
        <LoadError error={list.error} retry={list.reload} />
      ) : (
        <Card bodyStyle={{ padding: 0 }}>
          <Table<AccountView>
            rowKey="id"
            loading={list.loading}
            dataSource={list.data ?? []}
            scroll={list.data?.length ? { x: 900 } : undefined}
            data-testid="accounts-table"
            columns={[
              { title: t('username'), dataIndex: 'username' },
              { title: t('accDisplayName'), dataIndex: 'displayName' },
              { title: t('accRole'), render: (_, a) => ROLE_NAMES[a.role][lang] },
              { title: t('accEmail'), dataIndex: 'email' },
              { title: t('accInstitution'), render: (_, a) => a.institution ?? a.expertId ?? '—' },
              { title: t('accState'), render: (_, a) => state(a) },
              { title: t('accLastSignIn'), render: (_, a) => (a.lastSignInAt ? shanghaiDateTime(a.lastSignInAt, lang) : '—') },
              {
                title: '',
                render: (_, a) => (
                  <Space>
                    <Button size="small" onClick={() => setChanging(a)} data-testid={`change-${a.username}`}>{t('accChange')}</Button>
                    {a.invited && (
                      <Button size="small" onClick={() => void api('applications', `/api/accounts/${a.id}/invitation`, { method: 'POST' }).then(() => setNotice({ ok: true, text: t('accInvited') }), fail)}>{t('accResend')}</Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      <InviteModal
        open={inviting}
        roleOptions={roleOptions}
        onClose={() => setInviting(false)}
        onDone={() => {
          setInviting(false);
          setNotice({ ok: true, text: t('accInvited') });
          list.reload();
        }}
      />
      {changing && (
        <ChangeModal
          account={changing}
          roleOptions={roleOptions}
          onClose={() => setChanging(null)}
          onDone={() => {
            setChanging(null);
            setNotice({ ok: true, text: t('accSaved') });
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

function InviteModal({ open, roleOptions, onClose, onDone }: { open: boolean; roleOptions: Array<{ value: Role; label: string }>; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<{ email: string; role: Role; displayName: string; username?: string; expertId?: string }>();
  const role = Form.useWatch('role', form);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await api('applications', '/api/accounts/invitations', { method: 'POST', body: { ...v, username: v.username || undefined, expertId: v.expertId || undefined } });
      form.resetFields();
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  return (
    <Modal open={open} title={t('accInvite')} onCancel={onClose} onOk={() => void submit()} okText={t('accInvite')} okButtonProps={{ 'data-testid': 'invite-submit' } as never} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="invite-error" />}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="email" label={t('accEmail')} rules={[{ required: true, type: 'email', message: t('accEmail') }]}>
          <Input data-testid="invite-email" />
        </Form.Item>
        <Form.Item name="role" label={t('accRole')} rules={[{ required: true, message: t('required') }]}>
          <Select options={roleOptions} data-testid="invite-role" />
        </Form.Item>
        <Form.Item name="displayName" label={t('accDisplayName')} rules={[{ required: true, message: t('required') }]}>
          <Input data-testid="invite-name" />
        </Form.Item>
        <Form.Item name="username" label={t('accUsernameOptional')}>
          <Input data-testid="invite-username" />
        </Form.Item>
        {role === 'expert' && (
          <Form.Item name="expertId" label={t('accExpertEntry')} rules={[{ required: true, message: t('required') }]}>
            <Input data-testid="invite-expert" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ChangeModal({ account, roleOptions, onClose, onDone }: { account: AccountView; roleOptions: Array<{ value: Role; label: string }>; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<{ role: Role; disabled: boolean; expertId?: string; reason: string }>();
  const role = Form.useWatch('role', form);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await api('applications', `/api/accounts/${account.id}`, {
        method: 'PATCH',
        body: { ...(v.role !== account.role ? { role: v.role } : {}), disabled: v.disabled, ...(v.expertId && v.expertId !== account.expertId ? { expertId: v.expertId } : {}), reason: v.reason },
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  return (
    <Modal open title={`${t('accChangeTitle')} · ${account.username}`} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ 'data-testid': 'change-submit' } as never} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="change-error" />}
      <Form form={form} layout="vertical" initialValues={{ role: account.role, disabled: account.disabled, expertId: account.expertId ?? undefined }}>
        {account.role !== 'applicant' && (
          <Form.Item name="role" label={t('accRole')}>
            <Select options={roleOptions} data-testid="change-role" />
          </Form.Item>
        )}
        {(role ?? account.role) === 'expert' && (
          <Form.Item name="expertId" label={t('accExpertEntry')} rules={[{ required: true, message: t('required') }]}>
            <Input data-testid="change-expert" />
          </Form.Item>
        )}
        <Form.Item name="disabled" valuePropName="checked">
          <Checkbox data-testid="change-disabled">{t('accDisable')}</Checkbox>
        </Form.Item>
        <Form.Item name="reason" label={t('accReason')} rules={[{ required: true, message: t('required') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="change-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
