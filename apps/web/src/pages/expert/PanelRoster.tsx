import type { PoolExpert } from '@sme/contracts/public';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useDecision } from '../useDecision';
import { useLoad } from '../useLoad';

interface Assignment {
  id: string;
  applicationId: string;
  expertId: string;
  state: 'invited' | 'declared' | 'recused' | 'scored' | 'replaced';
  replacedBy: string | null;
  replacementReason: string | null;
}

const STATE_COLOR: Record<Assignment['state'], string> = { invited: 'default', declared: 'blue', recused: 'orange', scored: 'green', replaced: 'default' };

/**
 * The panel while it scores (第十二条): each expert and where they stand. Staff replace an expert who recused or has
 * not scored, with a reason; the scoring service checks the new expert for conflicts and the workflow takes the
 * change (its refusal is shown as the service gives it).
 */
export function PanelRoster({ applicationId, onDone }: { applicationId: string; onDone: () => void }) {
  const t = useT();
  const [replacing, setReplacing] = useState<string | null>(null);
  const { busy, refused, decide, reset } = useDecision();
  const [form] = Form.useForm<{ expertId: string; reason: string }>();
  const { data, error, loading, reload } = useLoad(async () => {
    const [assignments, experts] = await Promise.all([api<Assignment[]>('scoring', '/api/assignments'), api<PoolExpert[]>('scoring', '/api/experts')]);
    return { rows: assignments.filter((a) => a.applicationId === applicationId), experts };
  }, [applicationId]);

  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && !data) return <Card loading />;
  if (!data) return null;
  const nameOf = (id: string | null) => (id ? (data.experts.find((e) => e.id === id)?.name ?? id) : '');
  const onPanel = new Set(data.rows.filter((r) => r.state !== 'replaced' && !(r.state === 'recused' && r.replacedBy)).map((r) => r.expertId));

  const replace = async (assignmentId: string) => {
    const v = await form.validateFields();
    const body = { expertId: v.expertId, reason: v.reason.trim() };
    if (await decide((headers) => api('scoring', `/api/assignments/${assignmentId}/replacement`, { method: 'POST', body, headers }))) {
      setReplacing(null);
      form.resetFields();
      reload();
      onDone();
    }
  };

  return (
    <Card size="small" title={t('panelRoster')} data-testid="panel-roster">
      <Table<Assignment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data.rows}
        columns={[
          { title: t('expertLabel'), dataIndex: 'expertId', render: (id: string) => nameOf(id) },
          {
            title: t('assignmentState'),
            dataIndex: 'state',
            render: (s: Assignment['state'], r) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATE_COLOR[s]} data-testid={`roster-state-${r.id}`}>{t(`assignment_${s}`)}</Tag>
                {r.replacedBy && <span style={{ color: '#888' }}>{t('replacedByLabel')} {nameOf(r.replacedBy)}：{r.replacementReason}</span>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'replace',
            render: (_, r) =>
              (r.state === 'recused' || r.state === 'invited' || r.state === 'declared') && !r.replacedBy ? (
                <Button size="small" onClick={() => { setReplacing(r.id); reset(); }} data-testid={`replace-${r.id}`}>{t('replaceExpert')}</Button>
              ) : null,
          },
        ]}
      />
      {replacing && (
        <Form form={form} layout="vertical" requiredMark={false} style={{ marginTop: 12 }} data-testid="replace-form">
          <Form.Item name="expertId" label={t('replacementExpert')} rules={[{ required: true, message: t('required') }]}>
            <Select
              optionFilterProp="label"
              showSearch
              data-testid="replace-expert"
              options={data.experts.filter((e) => e.active && !onPanel.has(e.id)).map((e) => ({ value: e.id, label: e.employerName ? `${e.name}（${e.employerName}）` : e.name }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 500 }]}>
            <Input data-testid="replace-reason" />
          </Form.Item>
          {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} data-testid="replace-error" />}
          <Space>
            <Button type="primary" loading={busy} onClick={() => void replace(replacing)} data-testid="replace-submit">{t('replaceExpert')}</Button>
            <Button onClick={() => setReplacing(null)}>{t('cancel')}</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
