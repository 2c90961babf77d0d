import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, message, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { answer, client, type Schema } from '../../api';
import { FUNCTION_NAMES, LangContext, shanghaiDateTime, type TextKey, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { ConflictDeclaration } from './ConflictDeclaration';
import { useDecision } from '../useDecision';
import { useLoad } from '../useLoad';
import { structured } from '../reports';

/** An expert's place in a year's evaluation of one platform, as the scoring service documents it (libs/api-client). */
type EvaluationAssignment = Schema<'EvaluationAssignmentEntity'>;

const STATE: Record<EvaluationAssignment['state'], { key: TextKey; color: string }> = {
  invited: { key: 'stateInvited', color: 'orange' },
  declared: { key: 'stateDeclared', color: 'blue' },
  recused: { key: 'stateRecused', color: 'default' },
  scored: { key: 'stateScored', color: 'green' },
  replaced: { key: 'assignment_replaced', color: 'default' },
};
const SCORE = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/**
 * The expert's part in the annual evaluation (第十九条): each platform whose qualitative indicators they score (第九条).
 * The declaration comes first (第十二条: the report opens only after it, through a 10-minute grant); then the report
 * and the score, once.
 */
export function EvaluationTasks() {
  const t = useT();
  const { lang } = useContext(LangContext);
  // `?open=<assignment>` (a link from the workbench) opens one at once.
  const [open, setOpen] = useState<string | null>(() => new URLSearchParams(window.location.search).get('open'));
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/scoring/api/evaluation-assignments')), []);
  if (error) return <LoadError error={error} retry={reload} />;
  const task = data?.find((a) => a.id === open);
  return (
    <>
      <h2>{t('evaluationTasks')}</h2>
      <Alert type="info" showIcon message={t('evaluationTasksIntro')} style={{ marginBottom: 16 }} />
      <Table<EvaluationAssignment>
        // On a phone the table scrolls within itself (only with rows: each has its button to reach it by keyboard).
        scroll={data?.length ? { x: 'max-content' } : undefined}
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        data-testid="evaluation-tasks"
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('noEvaluationTasks')} /> }}
        columns={[
          { title: t('evaluationYearLabel'), dataIndex: 'year', render: (y: number) => <Tag>{y}</Tag> },
          { title: t('institution'), dataIndex: 'institutionName' },
          { title: t('creditCode'), dataIndex: 'creditCode' },
          { title: t('taskState'), dataIndex: 'state', render: (s: EvaluationAssignment['state'], r) => <Tag color={STATE[s].color} data-testid={`eval-task-state-${r.creditCode}`}>{t(STATE[s].key)}</Tag> },
          { title: t('yourScore'), dataIndex: 'score', render: (v: string | null) => v ?? '—' },
          { title: '', key: 'open', render: (_, r) => <Button type="link" onClick={() => setOpen(r.id)} data-testid={`eval-task-open-${r.creditCode}`}>{t('view')}</Button> },
        ]}
      />
      <Drawer open={task !== undefined} onClose={() => setOpen(null)} title={task ? `${task.institutionName}（${task.year}）` : ''} width={760} destroyOnHidden>
        {task && <TaskDetail task={task} lang={lang} onChanged={reload} />}
      </Drawer>
    </>
  );
}

function TaskDetail({ task, lang, onChanged }: { task: EvaluationAssignment; lang: 'zh' | 'en'; onChanged: () => void }) {
  const t = useT();
  const [toast, toastHolder] = message.useMessage();
  const said = (text: string) => {
    void toast.success({ content: text, className: 'evaluation-task-said' });
    onChanged();
  };
  return (
    <div data-testid="evaluation-task">
      {toastHolder}
      <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('institution')} span={2}>{task.institutionName}</Descriptions.Item>
        <Descriptions.Item label={t('creditCode')}>{task.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('evaluationYearLabel')}>{task.year}</Descriptions.Item>
        <Descriptions.Item label={t('taskState')} span={2}><Tag color={STATE[task.state].color} data-testid="eval-task-state">{t(STATE[task.state].key)}</Tag></Descriptions.Item>
        {task.score !== null && <Descriptions.Item label={t('yourScore')} span={2}><b data-testid="eval-task-score">{task.score}</b>{task.scoredAt ? `（${shanghaiDateTime(task.scoredAt, lang)}）` : ''}</Descriptions.Item>}
      </Descriptions>
      {task.state === 'invited' && (
        <ConflictDeclaration
          path={`/api/evaluation-assignments/${task.id}/declaration`}
          intro="evaluationDeclarationIntro"
          noConflict="evaluationNoConflictOption"
          conflict="evaluationConflictOption"
          testPrefix="eval-"
          onDone={() => said(t('declarationRecorded'))}
        />
      )}
      {task.state === 'recused' && <Alert type="info" showIcon message={t('standAsideNote')} data-testid="eval-task-recused" />}
      {task.state === 'replaced' && <Alert type="info" showIcon message={t('replacedNote')} />}
      {(task.state === 'declared' || task.state === 'scored') && <ReportView task={task} lang={lang} />}
      {task.state === 'declared' && <ScoreForm task={task} onDone={() => said(t('evaluationScored'))} />}
    </div>
  );
}

/** The platform's report on the evaluated year, read through the grant the scoring service issues after the declaration. */
function ReportView({ task, lang }: { task: EvaluationAssignment; lang: 'zh' | 'en' }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(async () => {
    const g = await answer(client.GET('/svc/scoring/api/evaluation-assignments/{id}/report-grant', { params: { path: { id: task.id } } }));
    const reports = await answer(client.GET('/svc/applications/api/platforms/{creditCode}/reports', { params: { path: { creditCode: task.creditCode }, header: { 'x-evidence-grant': g.grant } } }));
    return reports.find((r) => r.reportYear === task.year) ?? null;
  }, [task.id]);
  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && data === undefined) return <Card loading />;
  if (!data) return <Alert type="warning" showIcon message={t('noReportFiled')} style={{ marginBottom: 16 }} data-testid="eval-task-no-report" />;
  // The structured form (第十五条), or a report filed before it: then only its texts, where it has them.
  const c = structured(data.content);
  const text = (k: 'summary' | 'plans' | 'highlights'): string | null => {
    const v = c ? c[k] : data.content[k];
    return typeof v === 'string' && v ? v : null;
  };
  const sep = lang === 'zh' ? '；' : '; ';
  return (
    <Card size="small" title={`${t('annualReportOf')}（${data.reportYear}）`} style={{ marginBottom: 16 }} data-testid="eval-task-report">
      <Descriptions column={1} size="small">
        {c && <Descriptions.Item label={t('reportSmes')}><span data-testid="eval-report-smes">{c.served.smes}</span></Descriptions.Item>}
        {c && <Descriptions.Item label={t('reportServices')}>{c.services.map((s) => `${FUNCTION_NAMES[s.function]?.[lang] ?? s.function} ${s.activities} / ${s.enterprisesServed}`).join(sep)}</Descriptions.Item>}
        {c && <Descriptions.Item label={t('reportSatisfaction')}>{c.satisfaction.satisfied} / {c.satisfaction.surveyed}</Descriptions.Item>}
        {c && <Descriptions.Item label={t('reportFreeShare')}>{c.serviceCount.freeOrLowFee} / {c.serviceCount.total}</Descriptions.Item>}
        {c && <Descriptions.Item label={t('reportStaff')}>{c.staff.total}（{c.staff.qualified}）</Descriptions.Item>}
        {text('summary') && <Descriptions.Item label={t('reportSummary')}>{text('summary')}</Descriptions.Item>}
        {text('plans') && <Descriptions.Item label={t('reportPlans')}>{text('plans')}</Descriptions.Item>}
        {text('highlights') && <Descriptions.Item label={t('reportHighlights')}>{text('highlights')}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

function ScoreForm({ task, onDone }: { task: EvaluationAssignment; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ score: string; comment?: string }>();
  const { busy, refused, decide } = useDecision();
  const submit = async () => {
    const v = await form.validateFields();
    const body = { score: v.score.trim(), ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) };
    if (await decide((headers) => answer(client.POST('/svc/scoring/api/evaluation-assignments/{id}/score', { params: { path: { id: task.id } }, body, headers })))) onDone();
  };
  return (
    <Card size="small" title={t('scoreLabel')} data-testid="eval-score-form">
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="score" label={t('scoreLabel')} rules={[{ required: true, message: t('required') }, { validator: async (_, v?: string) => { if (v && !SCORE.test(v.trim())) throw new Error(t('badScore')); } }]}>
          <Input style={{ maxWidth: 160 }} data-testid="eval-score" />
        </Form.Item>
        <Form.Item name="comment" label={t('scoreComment')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} data-testid="eval-score-comment" />
        </Form.Item>
        {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} data-testid="eval-score-error" />}
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="eval-score-submit">{t('submitEvaluationScore')}</Button>
      </Form>
    </Card>
  );
}
