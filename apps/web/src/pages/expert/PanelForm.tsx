import { Alert, Button, Card, Form, InputNumber, Select, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, type Schema } from '../../api';
import { LangContext, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';

/** The form asks the panel's request as the scoring service documents it (libs/api-client). */
type Values = Schema<'AssignPanelDto'>;
/** One conflict of interest a panel was refused for (the `conflicts` extension of the 409 problem). */
type PanelConflict = Schema<'Conflict'>;

/**
 * Staff invite the panel for an application (第十二条). The scoring service checks every expert for conflicts of
 * interest first and one conflict refuses the whole panel: the refusal's `conflicts` are listed (who, why, which
 * credit code), so staff can replace those experts and assign again. `onDone` runs once the panel is invited.
 */
export function PanelForm({ applicationId, onDone }: { applicationId: string; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ text: string; conflicts: PanelConflict[] } | null>(null);
  const { data: experts, error, loading, reload } = useLoad(() => answer(client.GET('/svc/scoring/api/experts')), []);

  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && !experts) return <Card loading />;
  const pool = (experts ?? []).filter((e) => e.active);
  const nameOf = (id: string) => experts?.find((e) => e.id === id)?.name ?? id;

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setRefused(null);
    try {
      await answer(client.POST('/svc/scoring/api/applications/{applicationId}/panel', {
        params: { path: { applicationId } },
        body: { expertIds: v.expertIds, partnerCreditCodes: v.partnerCreditCodes.map((c) => c.trim().toUpperCase()).filter(Boolean), dueInDays: v.dueInDays },
      }));
      onDone();
    } catch (err) {
      const conflicts = err instanceof ApiError && Array.isArray(err.problem['conflicts']) ? (err.problem['conflicts'] as PanelConflict[]) : [];
      setRefused({ text: err instanceof ApiError ? err.text(lang) : String(err), conflicts });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('panelForm')} size="small" data-testid="panel-form">
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ expertIds: [], partnerCreditCodes: [], dueInDays: 5 }}>
        <Form.Item name="expertIds" label={t('panelExperts')} rules={[{ required: true, message: t('required') }, { type: 'array', max: 15 }]}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            data-testid="panel-experts"
            options={pool.map((e) => ({ value: e.id, label: e.employerName ? `${e.name}（${e.employerName}）` : e.name }))}
          />
        </Form.Item>
        <Form.Item name="partnerCreditCodes" label={t('partnerCodes')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ', '、']} open={false} data-testid="panel-partners" />
        </Form.Item>
        <Form.Item name="dueInDays" label={t('dueInDays')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={1} max={60} precision={0} data-testid="panel-due" />
        </Form.Item>
        {refused && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="panel-error"
            message={refused.conflicts.length ? t('conflictsFound') : refused.text}
            description={refused.conflicts.length ? (
              <Table<PanelConflict>
                rowKey={(c) => `${c.expertId}:${c.kind}:${c.creditCode}`}
                size="small"
                pagination={false}
                dataSource={refused.conflicts}
                data-testid="panel-conflicts"
                columns={[
                  { title: t('expertLabel'), dataIndex: 'expertId', render: (id: string) => nameOf(id) },
                  { title: t('reason'), key: 'reason', render: (_, c) => c.reason[lang] },
                  { title: t('creditCode'), dataIndex: 'creditCode' },
                  { title: t('articleRef'), dataIndex: 'article', render: (a: string) => <Tag>{a}</Tag> },
                ]}
              />
            ) : undefined}
          />
        )}
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="panel-submit">{t('assignPanel')}</Button>
      </Form>
    </Card>
  );
}
