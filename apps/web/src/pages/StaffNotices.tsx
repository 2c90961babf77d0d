import { Alert, Button, Card, Empty, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, type Schema } from '../api';
import { useAuth } from '../auth';
import { LangContext, shanghaiDateTime, useT } from '../i18n';
import { LoadError } from './LoadError';
import { useLoad } from './useLoad';

/** An objection as staff see it, with who raised it. */
type Objection = Schema<'Objection'>;
type Resolution = Schema<'ResolveObjectionDto'>['decision'];

function Resolve({ noticeId, objection, decision, onClose }: { noticeId: string; objection: Objection; decision: Resolution; onClose: (changed: boolean) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const { reason } = await form.validateFields();
    try {
      await answer(client.POST('/svc/applications/api/notices/{noticeId}/objections/{objectionId}/resolution', { params: { path: { noticeId, objectionId: objection.id } }, body: { decision, reason } }));
      onClose(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  return (
    <Modal open title={`${t(decision === 'upheld' ? 'uphold' : 'dismiss')} · ${objection.id}`} okText={t('submit')} cancelText={t('cancel')} onOk={() => void submit()} onCancel={() => onClose(false)} okButtonProps={{ 'data-testid': 'resolution-submit' } as Record<`data-${string}`, string>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, message: t('required') }, { max: 5000 }]}>
          <Input.TextArea rows={3} data-testid="resolution-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NoticeObjections({ noticeId }: { noticeId: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const [resolving, setResolving] = useState<{ objection: Objection; decision: Resolution } | null>(null);
  // Staff see the notice in full: its candidates and every objection with who raised it.
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/notices/{noticeId}', { params: { path: { noticeId } } })), [noticeId]);
  if (error) return <LoadError error={error} retry={reload} />;
  const names = new Map((data?.candidates ?? []).map((c) => [c.creditCode, c.institutionName]));
  return (
    <Card title={`${t('noticeBoard')} ${noticeId}`} loading={loading} style={{ marginBottom: 16 }}>
      {resolving && <Resolve noticeId={noticeId} {...resolving} onClose={(changed) => { setResolving(null); if (changed) reload(); }} />}
      <Table<Objection>
        rowKey="id"
        dataSource={data?.objections ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('noObjections')} /> }}
        columns={[
          { title: t('objectionTarget'), dataIndex: 'creditCode', render: (c: string) => names.get(c) ?? c },
          { title: t('objector'), dataIndex: 'objector' },
          { title: t('objectionText'), dataIndex: 'text' },
          { title: t('raisedAt'), dataIndex: 'raisedAt', render: (v: string) => shanghaiDateTime(v, lang) },
          {
            title: t('resolution'),
            key: 'resolution',
            render: (_, o) =>
              o.resolution ? (
                <Tag color={o.resolution.decision === 'upheld' ? 'red' : 'green'} data-testid={`resolved-${o.id}`}>{t(o.resolution.decision)}：{o.resolution.reason}</Tag>
              ) : principal?.role === 'staff' ? (
                <Space>
                  <Button size="small" danger onClick={() => setResolving({ objection: o, decision: 'upheld' })} data-testid={`uphold-${o.id}`}>{t('uphold')}</Button>
                  <Button size="small" onClick={() => setResolving({ objection: o, decision: 'dismissed' })} data-testid={`dismiss-${o.id}`}>{t('dismiss')}</Button>
                </Space>
              ) : (
                <Tag>{t('unresolved')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** Staff resolve objections to the open notices (第十三条); the bureau and auditors read them. */
export function StaffNotices() {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/public/notices')), []);
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <>
      <h2>{t('noticesAndObjections')}</h2>
      {loading ? <Card loading /> : (data ?? []).length === 0 ? <Empty description={t('noNotices')} /> : data!.map((n) => <NoticeObjections key={n.noticeId} noticeId={n.noticeId} />)}
    </>
  );
}
