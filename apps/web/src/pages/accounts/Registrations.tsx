import { Alert, Button, Card, Input, Modal, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, saveAs, type Schema } from '../../api';
import { useAuth } from '../../auth';
import { LangContext, shanghaiDateTime, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';

/** A registration, as the service documents it (libs/api-client). */
type RegistrationView = Schema<'RegistrationView'>;

/** Center staff verify institutions that registered (the licence against the credit code), or refuse with a reason. */
export function Registrations() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const staff = principal?.role === 'staff';
  const list = useLoad(() => answer(client.GET('/svc/applications/api/registrations', { params: { query: { status: 'pending' } } })), []);
  const [refusing, setRefusing] = useState<RegistrationView | null>(null);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const decide = async (r: RegistrationView, decision: 'verify' | 'refuse', why?: string) => {
    try {
      await answer(client.POST('/svc/applications/api/registrations/{creditCode}/decision', { params: { path: { creditCode: r.creditCode } }, body: { decision, ...(why ? { reason: why } : {}) } }));
      setNotice({ ok: true, text: `${r.institutionName}：${decision === 'verify' ? t('accStatusVerified') : t('accStatusRefused')}` });
      setRefusing(null);
      setReason('');
      list.reload();
    } catch (err) {
      setNotice({ ok: false, text: err instanceof ApiError ? err.text(lang) : String(err) });
    }
  };
  if (list.error) return <LoadError error={list.error} retry={list.reload} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <h2 style={{ margin: 0 }}>{t('accRegistrations')}</h2>
      {notice && <Alert type={notice.ok ? 'success' : 'error'} showIcon message={notice.text} data-testid="registrations-notice" />}
      <Card bodyStyle={{ padding: 0 }}>
        <Table<RegistrationView>
          rowKey="creditCode"
          loading={list.loading}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('accNoRegistrations') }}
          // Scrolls sideways within itself only with rows (each has its buttons to reach it by keyboard).
          scroll={list.data?.length ? { x: 900 } : undefined}
          data-testid="registrations-table"
          columns={[
            { title: t('accInstitutionName'), dataIndex: 'institutionName' },
            { title: t('accCreditCode'), dataIndex: 'creditCode' },
            { title: t('accContactName'), render: (_, r) => `${r.contactName} ${r.mobile} ${r.email}` },
            { title: t('accRegisteredAt'), render: (_, r) => shanghaiDateTime(r.registeredAt, lang) },
            {
              title: t('accLicence'),
              render: (_, r) =>
                r.licence ? (
                  <Button size="small" type="link" onClick={() => void saveAs(client.GET('/svc/applications/api/registrations/{creditCode}/licence', { params: { path: { creditCode: r.creditCode } }, parseAs: 'blob' }), r.licence!.fileName)} data-testid={`licence-${r.creditCode}`}>
                    {r.licence.fileName}
                  </Button>
                ) : (
                  <Tag>{t('accNoLicence')}</Tag>
                ),
            },
            {
              title: '',
              render: (_, r) =>
                staff && (
                  <Space>
                    <Button size="small" type="primary" disabled={!r.licence} onClick={() => void decide(r, 'verify')} data-testid={`verify-${r.creditCode}`}>{t('accVerify')}</Button>
                    <Button size="small" danger onClick={() => setRefusing(r)} data-testid={`refuse-${r.creditCode}`}>{t('accRefuse')}</Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal open={!!refusing} title={`${t('accRefuse')} · ${refusing?.institutionName ?? ''}`} onCancel={() => setRefusing(null)} okButtonProps={{ disabled: !reason.trim() }} onOk={() => refusing && void decide(refusing, 'refuse', reason.trim())}>
        <Input.TextArea rows={3} maxLength={500} placeholder={t('accRefuseReason')} aria-label={t('accRefuseReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="refuse-reason" />
      </Modal>
    </Space>
  );
}
