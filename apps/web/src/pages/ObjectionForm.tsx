import { Alert, Form, Input, Modal, Select } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, type Schema } from '../api';
import { LangContext, useT } from '../i18n';

/** Anyone may object to a candidate while the notice is open (第十三条): named, with a private contact. */
export function ObjectionForm({ notice, onClose, onDone }: { notice: Schema<'PublicNotice'>; onClose: () => void; onDone: (id: string) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<Schema<'RaiseObjectionDto'>>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const res = await answer(client.POST('/svc/applications/api/public/notices/{noticeId}/objections', { params: { path: { noticeId: notice.noticeId } }, body: v }));
      onDone(res.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('raiseObjection')} · ${notice.noticeId}`} okText={t('submit')} cancelText={t('cancel')} onOk={() => void submit()} onCancel={onClose} confirmLoading={busy} okButtonProps={{ 'data-testid': 'objection-submit' } as Record<`data-${string}`, string>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="objection-error" />}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="creditCode" label={t('objectionTarget')} rules={[{ required: true, message: t('required') }]}>
          <Select data-testid="objection-target" options={notice.candidates.map((c) => ({ value: c.creditCode, label: `${c.rank}. ${c.institutionName}` }))} />
        </Form.Item>
        <Form.Item name="objector" label={t('objector')} rules={[{ required: true, message: t('required') }, { max: 100 }]}>
          <Input data-testid="objection-objector" />
        </Form.Item>
        <Form.Item name="contact" label={t('contact')} rules={[{ max: 200 }]}>
          <Input data-testid="objection-contact" />
        </Form.Item>
        <Form.Item name="text" label={t('objectionText')} rules={[{ required: true, message: t('required') }, { max: 5000 }]}>
          <Input.TextArea rows={4} showCount maxLength={5000} data-testid="objection-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
