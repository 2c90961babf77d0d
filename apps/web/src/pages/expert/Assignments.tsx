import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, InputNumber, List, message, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useContext, useEffect, useState } from 'react';
import { answer, ApiError, client, saveAs, type Schema } from '../../api';
import { LangContext, type Lang, shanghaiDateTime, STAGE_NAMES, type TextKey, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { ConflictDeclaration } from './ConflictDeclaration';
import { useLoad } from '../useLoad';

/** An assignment, an evidence file and a rubric criterion as the services document them (libs/api-client). */
type Assignment = Schema<'AssignmentEntity'>;
type EvidenceFile = Schema<'EvidenceFileEntity'>;
type Criterion = Schema<'PolicyVersion'>['rubric']['criteria'][number];

// An expert's own list keeps the assignment staff replaced them on (`replaced`), as the service lists it.
const STATE: Record<Assignment['state'], { key: TextKey; color: string }> = {
  invited: { key: 'stateInvited', color: 'orange' },
  declared: { key: 'stateDeclared', color: 'blue' },
  recused: { key: 'stateRecused', color: 'default' },
  scored: { key: 'stateScored', color: 'green' },
  replaced: { key: 'assignment_replaced', color: 'default' },
};

const reasonOf = (err: unknown, lang: Lang) => (err instanceof ApiError ? err.text(lang) : err instanceof Error ? err.message : String(err));

/** A share 0..1 as a percentage without trailing zeros: 0.925 -> "92.5 %". */
const percent = (share: number) => `${(share * 100).toFixed(2).replace(/\.?0+$/, '')} %`;

/** Sums scores exactly (in hundredths), as the service does. */
const sum = (values: Array<number | null | undefined>) => (values.reduce<number>((acc, v) => acc + Math.round((v ?? 0) * 100), 0) / 100).toFixed(2);

/**
 * The expert's assignments (第十二条): the declaration comes first (the service opens nothing before it), then the
 * application with what the site visit checked (附件2, 第十一条), the evidence through a 10-minute grant, and the
 * scoring form with the policy version's rubric; the other experts' scores show once one's own is in.
 */
export function Assignments() {
  const t = useT();
  const { lang } = useContext(LangContext);
  // `?open=<assignment>` (a link from the workbench) opens one at once.
  const [open, setOpen] = useState<string | null>(() => new URLSearchParams(window.location.search).get('open'));
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/scoring/api/assignments')), []);
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <>
      <h2>{t('assignments')}</h2>
      <Table<Assignment>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        data-testid="assignments"
        // On a phone the table scrolls within itself (its rows have buttons to reach it by keyboard), never the page.
        scroll={data?.length ? { x: 'max-content' } : undefined}
        locale={{ emptyText: <Empty description={t('noAssignments')} data-testid="no-assignments" /> }}
        columns={[
          { title: t('institution'), dataIndex: 'applicantName' },
          { title: t('creditCode'), dataIndex: 'applicantCreditCode' },
          { title: t('callYear'), dataIndex: 'callYear', render: (y: number) => <Tag>{y}</Tag> },
          { title: t('assignedAt'), dataIndex: 'createdAt', render: (v: string) => shanghaiDateTime(v, lang) },
          { title: t('taskState'), dataIndex: 'state', render: (s: Assignment['state'], r) => <Tag color={STATE[s].color} data-testid={`state-${r.id}`}>{t(STATE[s].key)}</Tag> },
          { title: '', key: 'open', render: (_, r) => <Button type="link" onClick={() => setOpen(r.id)} data-testid={`open-${r.id}`}>{t('view')}</Button> },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={t('assignmentDetail')} width="min(760px, 100vw)" destroyOnHidden>
        {open && <AssignmentDetail id={open} onChanged={reload} />}
      </Drawer>
    </>
  );
}

function AssignmentDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data: a, error, loading, reload } = useLoad(() => answer(client.GET('/svc/scoring/api/assignments/{id}', { params: { path: { id } } })), [id]);
  // Said here, not in the card that asked: that card gives way to the next step as soon as the answer is in.
  const [toast, toastHolder] = message.useMessage();
  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && !a) return <Card loading />;
  if (!a) return null;
  const changed = (said?: string) => {
    if (said) void toast.success({ content: said, className: 'assignment-said' });
    reload();
    onChanged();
  };
  return (
    <div data-testid="assignment-detail">
      {toastHolder}
      <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('institution')} span={2}><span data-testid="assignment-institution">{a.applicantName}</span></Descriptions.Item>
        <Descriptions.Item label={t('creditCode')}>{a.applicantCreditCode}</Descriptions.Item>
        <Descriptions.Item label={t('callYear')}>{a.callYear}</Descriptions.Item>
        <Descriptions.Item label={t('partnerInstitutionsShort')} span={2}>{a.partnerCreditCodes.length ? a.partnerCreditCodes.join(lang === 'zh' ? '、' : ', ') : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('taskState')} span={2}><Tag color={STATE[a.state].color} data-testid="assignment-state">{t(STATE[a.state].key)}</Tag></Descriptions.Item>
      </Descriptions>
      {a.state === 'invited' && (
        <ConflictDeclaration path={`/api/assignments/${a.id}/declaration`} intro="declarationIntro" noConflict="noConflictOption" conflict="conflictOption" onDone={() => changed(t('declarationRecorded'))} />
      )}
      {a.state === 'recused' && <Alert type="info" showIcon message={t('recusedNote')} data-testid="recused" />}
      {(a.state === 'declared' || a.state === 'scored') && <Review assignment={a} onScored={changed} />}
    </div>
  );
}

/** The application as the panel sees it, once declared. */
function Review({ assignment, onScored }: { assignment: Assignment; onScored: (said: string) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data, error, loading, reload } = useLoad(
    () => Promise.all([
      answer(client.GET('/svc/scoring/api/assignments/{id}/application', { params: { path: { id: assignment.id } } })),
      answer(client.GET('/svc/applications/api/policies/{id}', { params: { path: { id: assignment.policyVersion } } })),
    ]),
    [assignment.id, assignment.state],
  );
  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && !data) return <Card loading />;
  if (!data) return null;
  const [review, policy] = data;
  const s = review.status;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="review">
      <Descriptions column={2} size="small">
        <Descriptions.Item label={t('status')}><Tag color="blue" data-testid="application-stage">{STAGE_NAMES[s.stage]?.[lang] ?? s.stage}</Tag></Descriptions.Item>
        {s.scoresDue && <Descriptions.Item label={t('deadline')}>{shanghaiDateTime(s.scoresDue, lang)}</Descriptions.Item>}
      </Descriptions>
      <Card title={t('siteVisitChecks')} size="small">
        <Typography.Paragraph type="secondary">{t('siteVisitByStaff')}</Typography.Paragraph>
        <List
          size="small"
          data-testid="site-checklist"
          dataSource={policy.siteChecklist.items}
          renderItem={(item) => (
            <List.Item data-testid={`check-item-${item.id}`}>
              <span>{item.text[lang]}</span>
              <Tag>{item.article}</Tag>
            </List.Item>
          )}
        />
        {s.siteVisit ? (
          <Descriptions column={2} size="small" bordered title={t('siteOpinion')} style={{ marginTop: 12 }} data-testid="site-visit-result">
            <Descriptions.Item label={t('checklistMet')}><span data-testid="checklist-met">{s.siteVisit.checklistMet} / {s.siteVisit.checklistTotal}</span></Descriptions.Item>
            <Descriptions.Item label={t('surveySatisfaction')}><span data-testid="survey-satisfaction">{percent(s.siteVisit.surveySatisfaction)}</span></Descriptions.Item>
          </Descriptions>
        ) : (
          <Alert type="info" message={t('siteVisitNotRecorded')} style={{ marginTop: 12 }} />
        )}
      </Card>
      <Evidence assignmentId={assignment.id} />
      {assignment.state === 'declared' ? (
        <ScoreForm assignmentId={assignment.id} criteria={review.rubric.criteria} onScored={onScored} />
      ) : (
        <PanelScores applicationId={assignment.applicationId} criteria={review.rubric.criteria} />
      )}
    </Space>
  );
}

/** The application's evidence files, read through a 10-minute grant from the scoring service. */
function Evidence({ assignmentId }: { assignmentId: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [opened, setOpened] = useState<{ header: string; grant: string; files: EvidenceFile[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return undefined;
    const timer = setTimeout(() => setOpened(null), 9 * 60_000); // the grant lasts 10 minutes: ask again before it lapses
    return () => clearTimeout(timer);
  }, [opened]);
  const open = async () => {
    setBusy(true);
    setRefused(null);
    try {
      const g = await answer(client.GET('/svc/scoring/api/assignments/{id}/evidence-grant', { params: { path: { id: assignmentId } } }));
      const files = await answer(client.GET('/svc/applications/api/applications/{id}/evidence', { params: { path: { id: g.applicationId }, header: { [g.header]: g.grant } } }));
      setOpened({ header: g.header, grant: g.grant, files });
    } catch (err) {
      setRefused(reasonOf(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const fetchFile = async (f: EvidenceFile) => {
    if (!opened) return;
    try {
      await saveAs(client.GET('/svc/applications/api/evidence/{id}', { params: { path: { id: f.id } }, headers: { [opened.header]: opened.grant }, parseAs: 'blob' }), f.filename);
    } catch (err) {
      setRefused(reasonOf(err, lang));
      setOpened(null);
    }
  };
  return (
    <Card title={t('evidenceFiles')} size="small" extra={<Button size="small" loading={busy} onClick={() => void open()} data-testid="show-evidence">{t('showEvidence')}</Button>}>
      {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} data-testid="evidence-error" />}
      {opened ? (
        <>
          <Typography.Paragraph type="secondary">{t('evidenceGrantNote')}</Typography.Paragraph>
          <Table<EvidenceFile>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={opened.files}
            data-testid="evidence-files"
            locale={{ emptyText: <Empty description={t('noEvidenceFiles')} /> }}
            columns={[
              { title: t('evidenceFileName'), dataIndex: 'filename' },
              { title: t('evidenceFileSize'), dataIndex: 'sizeBytes', render: (b: string) => `${(Number(b) / 1024).toFixed(1)} KB` },
              { title: t('submittedAt'), dataIndex: 'uploadedAt', render: (v: string) => shanghaiDateTime(v, lang) },
              { title: '', key: 'download', render: (_, f) => <Button type="link" onClick={() => void fetchFile(f)} data-testid={`download-${f.id}`}>{t('downloadFile')}</Button> },
            ]}
          />
        </>
      ) : null}
    </Card>
  );
}

/** The rubric of the assignment's policy version, one score per criterion, with its maximum and a live total. */
function ScoreForm({ assignmentId, criteria, onScored }: { assignmentId: string; criteria: Criterion[]; onScored: (said: string) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<{ scores: Record<string, number | null> }>();
  const watched = Form.useWatch('scores', form) ?? {};
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setRefused(null);
    try {
      // Every criterion is required, so none is left empty (null) once the form is valid.
      const scores = Object.fromEntries(Object.entries(v.scores).filter((e): e is [string, number] => e[1] !== null));
      const res = await answer(client.POST('/svc/scoring/api/assignments/{id}/score', { params: { path: { id: assignmentId } }, body: { scores } }));
      onScored(`${t('scoresSubmitted')} ${res.total}`);
    } catch (err) {
      setRefused(reasonOf(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('rubricTitle')} size="small" data-testid="score-form">
      <Form form={form} requiredMark={false}>
        <Table<Criterion>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={criteria}
          columns={[
            { title: t('rubricCriterion'), key: 'name', render: (_, c) => c.name[lang] },
            { title: t('articleRef'), key: 'articles', render: (_, c) => c.articles.map((a) => <Tag key={a}>{a}</Tag>) },
            { title: t('rubricMax'), dataIndex: 'maxScore', render: (m: number, c) => <span data-testid={`max-${c.id}`}>{m}</span> },
            {
              title: t('criterionPoints'),
              key: 'points',
              width: 200,
              render: (_, c) => {
                const over = (watched[c.id] ?? 0) > c.maxScore;
                return (
                  <Form.Item name={['scores', c.id]} style={{ margin: 0 }} rules={[{ required: true, message: t('required') }]}
                    validateStatus={over ? 'warning' : undefined} help={over ? `${t('overMax')} ${c.maxScore}` : undefined}>
                    <InputNumber min={0} step={0.5} precision={2} style={{ width: 120 }} aria-label={`${c.name[lang]}（${t('criterionPoints')}）`} data-testid={`score-${c.id}`} />
                  </Form.Item>
                );
              },
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}><strong>{t('scoreTotal')}</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{criteria.reduce((a, c) => a + c.maxScore, 0)}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}><strong data-testid="score-total">{sum(criteria.map((c) => watched[c.id]))}</strong></Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('scoresFinal')}</Typography.Paragraph>
        {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} data-testid="score-error" />}
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="score-submit">{t('submitScores')}</Button>
      </Form>
    </Card>
  );
}

/** The panel's scores once one's own is in: the others appear as 专家1..n (Expert 1..n), never by name. */
function PanelScores({ applicationId, criteria }: { applicationId: string; criteria: Criterion[] }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/scoring/api/applications/{applicationId}/scores', { params: { path: { applicationId } } })), [applicationId]);
  if (error) return <LoadError error={error} retry={reload} />;
  const label = (s: Schema<'PanelScores'>['scores'][number]) => (s.own ? t('ownScore') : lang === 'zh' ? s.expert : s.expert.replace(/^专家(\d+)$/, `${t('expertLabel')} $1`));
  const own = data?.scores.find((s) => s.own);
  return (
    <Card title={t('panelScores')} size="small" loading={loading && !data} data-testid="panel-scores"
      extra={<Button size="small" onClick={reload} data-testid="scores-refresh">{t('refreshScores')}</Button>}>
      {data && (
        <>
          <Descriptions column={3} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('ownScore')}><strong data-testid="own-total">{own?.total ?? '—'}</strong></Descriptions.Item>
            <Descriptions.Item label={t('pendingExperts')}><span data-testid="pending-experts">{data.pending}</span></Descriptions.Item>
            {data.aggregate && (
              <Descriptions.Item label={t('score')}>
                <span data-testid="aggregate-score">{data.aggregate.score}</span>
                <Typography.Text type="secondary">
                  {lang === 'zh' ? '（' : ' ('}{t(data.aggregate.method === 'trimmed_mean' ? 'methodTrimmed' : 'methodMean')}{data.aggregate.dispersed ? `${lang === 'zh' ? '；' : '; '}${t('scoresDispersed')}` : ''}{lang === 'zh' ? '）' : ')'}
                </Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Table
            rowKey={(s) => s.expert}
            size="small"
            pagination={false}
            dataSource={data.scores}
            scroll={{ x: true }}
            onRow={(s) => ({ 'data-testid': `panel-row-${s.own ? 'own' : s.expert}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('expertLabel'), key: 'expert', width: 90, render: (_, s) => <span className="panel-expert" style={{ whiteSpace: 'nowrap' }}>{label(s)}</span> },
              ...criteria.map((c) => ({ title: c.name[lang], key: c.id, render: (_: unknown, s: Schema<'PanelScores'>['scores'][number]) => s.criteria[c.id] ?? '—' })),
              { title: t('scoreTotal'), dataIndex: 'total' },
              { title: t('submittedAt'), dataIndex: 'submittedAt', render: (v: string) => shanghaiDateTime(v, lang) },
            ]}
          />
        </>
      )}
    </Card>
  );
}
