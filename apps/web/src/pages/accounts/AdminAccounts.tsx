import { Alert, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, type operations, type Schema } from '../../api';
import { ROLE_NAMES, type Role } from '../../auth';
import { LangContext, shanghaiDateTime, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';

/** An account as the service documents it (libs/api-client). */
type AccountView = Schema<'AccountView'>;
/** The list's query (search and role), as the service documents it. */
type ListQuery = NonNullable<operations['applications_AccountAdminController_list']['parameters']['query']>;
/** A role an administrator gives (applicants register themselves), as the invitation and the change take it. */
type Invitable = Schema<'InviteDto'>['role'];

/** Roles an administrator gives (applicants register themselves). */
const INVITABLE: Invitable[] = ['staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'];

/** The administrator's screen: every account, invitations, and changes that reach the person's next request. */
export function AdminAccounts() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [filter, setFilter] = useState<ListQuery>({});
  // Only what is set is sent (the search is never empty: a cleared one is undefined).
  const list = useLoad(() => answer(client.GET('/svc/applications/api/accounts', { params: { query: filter } })), [filter.q, filter.role]);
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
                      <Button size="small" onClick={() => void answer(client.POST('/svc/applications/api/accounts/{id}/invitation', { params: { path: { id: a.id } } })).then(() => setNotice({ ok: true, text: t('accInvited') }), fail)}>{t('accResend')}</Button>
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

function InviteModal({ open, roleOptions, onClose, onDone }: { open: boolean; roleOptions: Array<{ value: Invitable; label: string }>; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<{ email: string; role: Invitable; displayName: string; username?: string; expertId?: string }>();
  const role = Form.useWatch('role', form);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await answer(client.POST('/svc/applications/api/accounts/invitations', { body: { ...v, username: v.username || undefined, expertId: v.expertId || undefined } }));
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

function ChangeModal({ account, roleOptions, onClose, onDone }: { account: AccountView; roleOptions: Array<{ value: Invitable; label: string }>; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  // No role for an applicant's account: the field is not shown, so its value is not among the form's.
  const [form] = Form.useForm<{ role?: Invitable; disabled: boolean; expertId?: string; reason: string }>();
  const role = Form.useWatch('role', form);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await answer(
        client.PATCH('/svc/applications/api/accounts/{id}', {
          params: { path: { id: account.id } },
          body: { ...(v.role !== account.role ? { role: v.role } : {}), disabled: v.disabled, ...(v.expertId && v.expertId !== account.expertId ? { expertId: v.expertId } : {}), reason: v.reason },
        }),
      );
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
