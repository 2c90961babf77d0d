import { Alert, Button, Card, Descriptions, Empty, Form, Input, InputNumber, message, Modal, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, saveAs, type Schema } from '../../api';
import { useAuth } from '../../auth';
import { LangContext, shanghaiDateTime, shanghaiToday, type TextKey, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { PanelRoster } from '../expert/PanelRoster';
import { useDecision } from '../useDecision';
import { useLoad, useRefreshWhile } from '../useLoad';

/** The results table and one platform's row in it, as the service documents them (libs/api-client). */
type ResultsTable = Schema<'EvaluationTable'>;
type Row = Schema<'EvaluationRow'>;

const OUTCOME_COLOR: Record<string, string> = { excellent: 'green', pass: 'blue', rectify: 'orange', fail: 'red', revoke: 'red' };
const POINTS = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * The annual evaluation (第十九条, Annex 3): the results the indicator set computed, per indicator, with rank and
 * outcome; staff adjust an indicator only with a reason, export the table and send it to the bureau, which approves
 * (published, each platform told) or returns it with a reason. A year not started yet can be started by staff.
 */
export function Evaluation() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const role = principal?.role;
  const [year, setYear] = useState(() => Number(new URLSearchParams(window.location.search).get('year')) || Number(shanghaiToday().slice(0, 4)) - 1);
  const [busy, setBusy] = useState(false);
  // The stage an action was taken in: the workflow moves on by itself shortly after; look again until it has.
  const [leaving, setLeaving] = useState<string | null>(null);
  const [adjusting, setAdjusting] = useState<Row | null>(null);
  const [returning, setReturning] = useState(false);
  const [adjustForm] = Form.useForm<{ indicator: string; points: string; reason: string }>();
  const [returnForm] = Form.useForm<{ reason: string }>();
  const [toast, toastHolder] = message.useMessage();
  const { data, error, loading, reload } = useLoad(async () => {
    const status = await answer(client.GET('/svc/applications/api/evaluations/{year}', { params: { path: { year } } }));
    const table = status.stage === 'scoring' ? null : await answer(client.GET('/svc/applications/api/evaluations/{year}/results', { params: { path: { year } } })).catch(() => null);
    return { status, table };
  }, [year]);
  const notStarted = error instanceof ApiError && error.problem.status === 404;
  // Computing and telling the platforms need nobody: look again every two seconds until someone must act.
  const moving =
    data?.status.stage === 'collecting' ||
    data?.status.stage === 'notifying' ||
    (leaving !== null && data?.status.stage === leaving) ||
    (leaving === 'not_started' && notStarted) ||
    (data !== undefined && data.status.stage !== 'scoring' && data.status.stage !== 'done' && data.status.stage !== 'awaiting_reports' && !data.table);
  useRefreshWhile(moving, loading, reload, data);

  const act = async (what: () => Promise<unknown>, ok: string, className: string, moves = false) => {
    setBusy(true);
    try {
      await what();
      if (moves) setLeaving(data?.status.stage ?? null);
      void toast.success({ content: ok, className });
      reload();
      return true;
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'evaluation-refused', duration: 6 });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const start = async () => {
    if (await act(() => answer(client.POST('/svc/applications/api/evaluations/{year}/start', { params: { path: { year } } })), t('evalStarted'), 'evaluation-started')) setLeaving('not_started');
  };
  const submitToBureau = () => act(() => answer(client.POST('/svc/applications/api/evaluations/{year}/submission', { params: { path: { year } } })), t('sentToBureau'), 'evaluation-sent', true);
  const approve = () => act(() => answer(client.POST('/svc/applications/api/evaluations/{year}/decision', { params: { path: { year } }, body: { decision: 'approve' } })), t('resultsApproved'), 'evaluation-approved', true);
  const sendBack = async () => {
    const v = await returnForm.validateFields();
    if (await act(() => answer(client.POST('/svc/applications/api/evaluations/{year}/decision', { params: { path: { year } }, body: { decision: 'return', reason: v.reason } })), t('resultsReturned'), 'evaluation-returned', true)) setReturning(false);
  };
  const saveAdjustment = async () => {
    const v = await adjustForm.validateFields();
    if (await act(() => answer(client.POST('/svc/applications/api/evaluations/{year}/platforms/{creditCode}/adjustments', { params: { path: { year, creditCode: adjusting!.creditCode } }, body: v })), t('adjustmentSaved'), 'adjustment-saved')) {
      setAdjusting(null);
      adjustForm.resetFields();
    }
  };

  const status = data?.status;
  const table = data?.table ?? null;
  const set = table?.indicatorSet;
  const settling = leaving !== null && status?.stage === leaving;
  const staffReviews = role === 'staff' && status?.stage === 'reviewing' && !settling;
  const bureauDecides = role === 'bureau' && status?.stage === 'approval' && !settling;

  return (
    <>
      {toastHolder}
      <Space style={{ marginBottom: 16 }} wrap>
        <h2 style={{ margin: 0 }}>{t('evaluation')}</h2>
        <InputNumber min={2021} max={2200} value={year} onChange={(v) => v && setYear(v)} addonBefore={t('year')} aria-label={t('year')} data-testid="evaluation-year" />
      </Space>
      <Alert type="info" showIcon message={t('evalArticle')} style={{ marginBottom: 16 }} />
      {notStarted ? (
        <Empty
          // Past its day (10 January of the year after), the state says it is late, what to do and who can do it.
          description={shanghaiToday() > `${year + 1}-01-10` ? `${t('evalNotStartedLate')}${t('evalStartWho')}` : t('evalNotStarted')}
          data-testid="evaluation-not-started"
        >
          {role === 'staff' && year < Number(shanghaiToday().slice(0, 4)) && <Button type="primary" loading={busy} onClick={() => void start()} data-testid="evaluation-start">{t('evalStart')}</Button>}
        </Empty>
      ) : error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <Card loading={loading && !data}>
          {status && (
            <>
              <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('stage')}><Tag color="blue" data-testid="evaluation-stage">{t(`evalStage_${status.stage}` as TextKey)}</Tag></Descriptions.Item>
                <Descriptions.Item label={t('platformsToEvaluate')}>{status.platforms.length}</Descriptions.Item>
                {status.deadline && status.stage === 'reviewing' && <Descriptions.Item label={t('deadline')}>{shanghaiDateTime(status.deadline, lang)}</Descriptions.Item>}
                {set && (
                  <Descriptions.Item label={t('indicatorSet')} span={3}>
                    <Space wrap>
                      {set.title[lang]}
                      {set.status === 'provisional' && <Tooltip title={set.note[lang]}><Tag color="gold" data-testid="indicator-set-provisional">{t('provisionalSet')}</Tag></Tooltip>}
                    </Space>
                  </Descriptions.Item>
                )}
              </Descriptions>
              {status.approval?.returns.map((r) => (
                <Alert key={r.at} type="warning" showIcon style={{ marginBottom: 8 }} message={`${t('returnedBefore')}（${shanghaiDateTime(r.at, lang)}）：${r.reason}`} data-testid="evaluation-return-note" />
              ))}
              <Space style={{ marginBottom: 12 }} wrap>
                {staffReviews && <Button type="primary" loading={busy} onClick={() => void submitToBureau()} data-testid="eval-submit">{t('sendToBureau')}</Button>}
                {bureauDecides && <Button type="primary" loading={busy} onClick={() => void approve()} data-testid="eval-approve">{t('approveResults')}</Button>}
                {bureauDecides && <Button danger onClick={() => setReturning(true)} data-testid="eval-return">{t('returnResults')}</Button>}
                {table && <Button onClick={() => void saveAs(client.GET('/svc/applications/api/evaluations/{year}/results.xlsx', { params: { path: { year } }, parseAs: 'blob' }), `${year}年度考核评价结果.xlsx`)} data-testid="eval-export">{t('exportResults')}</Button>}
              </Space>
              {set && table && set.indicators.some((i) => i.qualitative) && status.stage !== 'collecting' && status.stage !== 'awaiting_reports' && (
                <ExpertPanels year={year} table={table} canAct={staffReviews} onChanged={reload} />
              )}
              {set && table && (
                <Table<Row>
                  rowKey="creditCode"
                  size="small"
                  scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  dataSource={table.rows}
                  locale={{ emptyText: <Empty description={t('noEvalPlatforms')} /> }}
                  columns={[
                    { title: t('rank'), dataIndex: 'rank', width: 60, fixed: 'left' },
                    { title: t('institution'), key: 'name', fixed: 'left', render: (_, r) => <span data-testid={`eval-row-${r.creditCode}`}>{r.institutionName}<br /><small>{r.creditCode}</small></span> },
                    ...set.indicators.map((ind) => ({
                      title: <Tooltip title={`${ind.article} · ${lang === 'zh' ? '权重' : 'weight'} ${ind.weight}%`}>{ind.name[lang]}</Tooltip>,
                      key: ind.id,
                      render: (_: unknown, r: Row) => {
                        const s = r.indicators.find((i) => i.id === ind.id);
                        if (!s) return '—';
                        return (
                          <Space size={4} data-testid={`eval-${r.creditCode}-${ind.id}`}>
                            {s.points}
                            {s.adjusted && <Tooltip title={`${t('adjusted')}：${s.computed} → ${s.points}；${s.adjusted.reason}（${s.adjusted.by}）`}><Tag color="purple">{t('adjusted')}</Tag></Tooltip>}
                            {s.flag === 'expert-pending' && !s.adjusted && <Tag color="gold">{t('expertPendingFlag')}</Tag>}
                            {ind.qualitative && (r.experts?.expected ?? 0) > 0 && <Tooltip title={t('expertsScoredTip')}><Tag data-testid={`eval-experts-${r.creditCode}`}>{r.experts!.scored}/{r.experts!.expected}</Tag></Tooltip>}
                          </Space>
                        );
                      },
                    })),
                    { title: t('evalScore'), key: 'total', render: (_, r) => <b data-testid={`eval-total-${r.creditCode}`}>{r.total}</b> },
                    {
                      title: t('evaluations'),
                      key: 'outcome',
                      render: (_, r) => (
                        <Space size={4} wrap>
                          <Tag color={OUTCOME_COLOR[r.outcome]} data-testid={`eval-outcome-${r.creditCode}`}>{t(`evalOutcome_${r.outcome}` as TextKey)}</Tag>
                          {!r.reportFiled && <Tag color="red">{t('noReportFlag')}</Tag>}
                        </Space>
                      ),
                    },
                    ...(staffReviews ? [{ title: '', key: 'act', render: (_: unknown, r: Row) => <Button size="small" onClick={() => setAdjusting(r)} data-testid={`eval-adjust-${r.creditCode}`}>{t('adjust')}</Button> }] : []),
                  ]}
                />
              )}
            </>
          )}
        </Card>
      )}
      <Modal open={adjusting !== null} title={`${t('adjustIndicator')}：${adjusting?.institutionName ?? ''}`} onCancel={() => setAdjusting(null)} onOk={() => void saveAdjustment().catch(() => undefined)} okButtonProps={{ loading: busy, 'data-testid': 'adjust-submit' } as never} destroyOnClose>
        <Form form={adjustForm} layout="vertical">
          <Form.Item name="indicator" label={t('indicator')} rules={[{ required: true, message: t('required') }]}>
            <Select data-testid="adjust-indicator" options={set?.indicators.map((i) => ({ value: i.id, label: `${i.name[lang]}（${adjusting?.indicators.find((x) => x.id === i.id)?.points ?? '—'}）` }))} />
          </Form.Item>
          <Form.Item name="points" label={t('points')} rules={[{ required: true, message: t('required') }, { validator: async (_, v?: string) => { if (v && (!POINTS.test(v) || Number(v) > 100)) throw new Error(t('badScore')); } }]}>
            <Input data-testid="adjust-points" />
          </Form.Item>
          <Form.Item name="reason" label={t('adjustReason')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="adjust-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={returning} title={t('returnResults')} onCancel={() => setReturning(false)} onOk={() => void sendBack().catch(() => undefined)} okButtonProps={{ loading: busy, 'data-testid': 'return-submit' } as never} destroyOnClose>
        <Form form={returnForm} layout="vertical">
          <Form.Item name="reason" label={t('returnReason')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="return-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * The experts who score the qualitative indicators (第九条), under the panels' conflict rules (第十二条): staff name
 * them for every platform still without a panel (each platform gets those without a conflict with it; a platform
 * left with too few refuses the request, listed), then follow declarations and scores, and replace one who stood aside.
 */
function ExpertPanels({ year, table, canAct, onChanged }: { year: number; table: ResultsTable; canAct: boolean; onChanged: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ expertIds: string[] }>();
  const [round, setRound] = useState(0);
  const { busy, refused, decide } = useDecision();
  const [assigned, setAssigned] = useState<string | null>(null);
  const { data: experts } = useLoad(() => (canAct ? answer(client.GET('/svc/scoring/api/experts')) : Promise.resolve([])), [canAct]);
  const withoutPanel = table.rows.filter((r) => (r.experts?.expected ?? 0) === 0).length;
  const assign = async () => {
    const v = await form.validateFields();
    let assignment: Schema<'PanelAssigned'> | undefined;
    if (await decide(async (headers) => (assignment = await answer(client.POST('/svc/scoring/api/evaluations/{year}/panel', { params: { path: { year } }, body: { expertIds: v.expertIds }, headers }))))) {
      setAssigned(t('panelsAssigned').replace('{platforms}', String(assignment!.assigned.length)).replace('{aside}', String(assignment!.stoodAside.length)));
      form.resetFields();
      setRound((n) => n + 1);
      onChanged();
    }
  };
  return (
    <Card size="small" title={t('evaluationExperts')} style={{ marginBottom: 16 }} data-testid="evaluation-experts">
      {canAct && withoutPanel > 0 && (
        <Form form={form} layout="inline" style={{ marginBottom: 12 }} requiredMark={false}>
          <Form.Item name="expertIds" label={t('nameExperts')} rules={[{ required: true, message: t('required') }]} style={{ minWidth: 420 }}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              data-testid="evaluation-experts-select"
              options={(experts ?? []).filter((e) => e.active).map((e) => ({ value: e.id, label: e.employerName ? `${e.name}（${e.employerName}）` : e.name }))}
            />
          </Form.Item>
          <Button type="primary" loading={busy} onClick={() => void assign().catch(() => undefined)} data-testid="evaluation-experts-assign">{t('assignToPlatforms').replace('{n}', String(withoutPanel))}</Button>
        </Form>
      )}
      {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} data-testid="evaluation-experts-error" />}
      {assigned && <Alert type="success" showIcon message={assigned} style={{ marginBottom: 12 }} data-testid="evaluation-experts-assigned" />}
      <PanelRoster of={{ evaluationYear: year }} onDone={onChanged} reloadKey={round} readOnly={!canAct} />
    </Card>
  );
}
