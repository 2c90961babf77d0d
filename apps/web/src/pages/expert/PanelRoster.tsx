import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { answer, client, type Schema } from '../../api';
import { useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useDecision } from '../useDecision';
import { useLoad } from '../useLoad';

type EvaluationAssignment = Schema<'EvaluationAssignmentEntity'>;

/**
 * A row of the roster: an expert's place on the panel (the scoring service's assignment, libs/api-client) with the
 * score they gave; an evaluation's rows also name the platform scored.
 */
type Assignment = Pick<EvaluationAssignment, 'id' | 'expertId' | 'state' | 'replacedBy' | 'replacementReason' | 'score'> & Partial<Pick<EvaluationAssignment, 'creditCode' | 'institutionName'>>;

const STATE_COLOR: Record<Assignment['state'], string> = { invited: 'default', declared: 'blue', recused: 'orange', scored: 'green', replaced: 'default' };

/** Whose panel: an application's (第十二条), or every platform's in a year's evaluation (第十九条). */
export type RosterOf = { applicationId: string } | { evaluationYear: number };

/**
 * The panel (第十二条): each expert, where they stand and the score they gave, with the panel's score once it has
 * one. Staff replace an expert who recused or has not scored, with a reason; the scoring service checks the new
 * expert for conflicts and the workflow takes the change (its refusal is shown as the service gives it). For an
 * evaluation, one row per expert and platform, with the platform and the score.
 */
export function PanelRoster({ of, onDone, reloadKey, readOnly = false }: { of: RosterOf; onDone: () => void; reloadKey?: unknown; readOnly?: boolean }) {
  const t = useT();
  const [replacing, setReplacing] = useState<string | null>(null);
  const { busy, refused, decide, reset } = useDecision();
  const [form] = Form.useForm<{ expertId: string; reason: string }>();
  const evaluation = 'evaluationYear' in of;
  const { data, error, loading, reload } = useLoad(async () => {
    if (evaluation) {
      const [panel, experts] = await Promise.all([
        answer(client.GET('/svc/scoring/api/evaluations/{year}/panel', { params: { path: { year: of.evaluationYear } } })),
        answer(client.GET('/svc/scoring/api/experts')),
      ]);
      const rows: Assignment[] = panel;
      return { rows, experts, aggregate: null };
    }
    const [assignments, experts, panel] = await Promise.all([
      answer(client.GET('/svc/scoring/api/assignments')),
      answer(client.GET('/svc/scoring/api/experts')),
      // An application panel's scores, each by its expert (staff, bureau and auditor see them as they come in).
      answer(client.GET('/svc/scoring/api/applications/{applicationId}/scores', { params: { path: { applicationId: of.applicationId } } })),
    ]);
    const scored = new Map(panel.scores.map((s) => [s.expert, s.total]));
    const rows: Assignment[] = assignments.filter((a) => a.applicationId === of.applicationId).map((a) => ({ ...a, score: scored.get(a.expertId) ?? null }));
    return { rows, experts, aggregate: panel.aggregate };
  }, ['evaluationYear' in of ? of.evaluationYear : of.applicationId, reloadKey]);

  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && !data) return <Card loading />;
  if (!data) return null;
  const nameOf = (id: string | null) => (id ? (data.experts.find((e) => e.id === id)?.name ?? id) : '');
  const target = data.rows.find((r) => r.id === replacing);
  // Who may not take the place: anyone on (or once on) the same panel.
  const onPanel = new Set(data.rows.filter((r) => (evaluation ? r.creditCode === target?.creditCode : r.state !== 'replaced' && !(r.state === 'recused' && r.replacedBy))).map((r) => r.expertId));

  const replace = async (assignmentId: string) => {
    const v = await form.validateFields();
    const body = { expertId: v.expertId, reason: v.reason.trim() };
    const params = { path: { id: assignmentId } };
    const send = (headers: { 'idempotency-key': string }) =>
      evaluation
        ? answer(client.POST('/svc/scoring/api/evaluation-assignments/{id}/replacement', { params, body, headers }))
        : answer(client.POST('/svc/scoring/api/assignments/{id}/replacement', { params, body, headers }));
    if (await decide(send)) {
      setReplacing(null);
      form.resetFields();
      reload();
      onDone();
    }
  };

  return (
    <Card
      size="small"
      title={t(evaluation ? 'evaluationPanelRoster' : 'panelRoster')}
      extra={data.aggregate && <span data-testid="panel-aggregate">{t('panelAggregate')} {data.aggregate.score}</span>}
      data-testid="panel-roster"
    >
      <Table<Assignment>
        rowKey="id"
        size="small"
        pagination={evaluation ? { pageSize: 30, hideOnSinglePage: true } : false}
        dataSource={data.rows}
        columns={[
          ...(evaluation ? [{ title: t('institution'), key: 'platform', render: (_: unknown, r: Assignment) => <span>{r.institutionName}<br /><small>{r.creditCode}</small></span> }] : []),
          { title: t('expertLabel'), dataIndex: 'expertId', render: (id: string) => nameOf(id) },
          {
            title: t('assignmentState'),
            dataIndex: 'state',
            render: (s: Assignment['state'], r) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATE_COLOR[s]} data-testid={`roster-state-${r.id}`}>{t(`assignment_${s}`)}</Tag>
                {r.replacedBy && <span style={{ color: '#595959' }}>{t('replacedByLabel')} {nameOf(r.replacedBy)}：{r.replacementReason}</span>}
              </Space>
            ),
          },
          { title: t('expertScore'), key: 'score', render: (_: unknown, r: Assignment) => <span data-testid={`roster-score-${r.id}`}>{r.score ?? '—'}</span> },
          {
            title: '',
            key: 'replace',
            render: (_, r) =>
              !readOnly && (r.state === 'recused' || r.state === 'invited' || r.state === 'declared') && !r.replacedBy ? (
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
