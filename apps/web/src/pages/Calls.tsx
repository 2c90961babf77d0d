import { Alert, Button, Card, Descriptions, Empty, Form, Input, InputNumber, message, Modal, Select, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, saveAs, type Schema } from '../api';
import { useAuth } from '../auth';
import { CALL_STAGE_NAMES, LangContext, shanghaiDateTime, shanghaiToday, useT, shanghaiDay } from '../i18n';
import { LoadError } from './LoadError';
import { useLoad, useRefreshWhile } from './useLoad';

type Decision = Schema<'InternalReviewDto'>['decision'];

/** A year's call settings as staff fill them in: the body of PUT /api/calls/<year>. */
type CallSettings = Schema<'UpsertCallDto'>;

/**
 * Staff set a year's call up (quota 第四条, the application window of the call notice, the policy version) and
 * start its workflow; until it starts, the settings can be changed. Others see the settings read-only.
 */
function CallSetup({ year, onStarted }: { year: number; onStarted: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const [form] = Form.useForm<CallSettings>();
  const [busy, setBusy] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const { data, error, loading, reload } = useLoad(async () => (await answer(client.GET('/svc/applications/api/calls'))).find((c) => c.year === year) ?? null, [year]);
  const staff = principal?.role === 'staff';
  // 总量控制 (第十九条): how many titles the cap leaves for this year's call, and how that was counted.
  const room = useLoad(() => (staff ? answer(client.GET('/svc/applications/api/calls/{year}/quota', { params: { path: { year } } })) : Promise.resolve(null)), [year, staff]);
  // The policy versions by their title (never the internal id on a Chinese screen).
  const policies = useLoad(() => (staff ? answer(client.GET('/svc/applications/api/policies')) : Promise.resolve([])), [staff]);
  const run = async (what: 'save' | 'start') => {
    setBusy(true);
    try {
      if (what === 'save') {
        const v = await form.validateFields();
        await answer(client.PUT('/svc/applications/api/calls/{year}', { params: { path: { year } }, body: { ...v, policyVersion: v.policyVersion || 'xiamen-2021-114' } }));
        void toast.success({ content: t('callSaved'), className: 'call-saved' });
        reload();
      } else {
        await answer(client.POST('/svc/applications/api/calls/{year}/start', { params: { path: { year } } }));
        onStarted(); // this card gives way to the running call, which says so
      }
    } catch (err) {
      if (err instanceof ApiError) void toast.error({ content: err.text(lang), className: 'call-refused' });
    } finally {
      setBusy(false);
    }
  };
  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && data === undefined) return <Card loading />;
  if (!staff) return <Empty description={t('noCall')} />;
  return (
    <Card title={`${year} ${t('callSetup')}`} data-testid="call-setup">
      {toastHolder}
      <Alert type="info" showIcon message={data ? t('callNotStarted') : t('noCall')} style={{ marginBottom: 16 }} />
      {room.data && <Alert type="warning" showIcon message={`${t('capQuota')}：${room.data.explanation[lang]}`} style={{ marginBottom: 16 }} data-testid="cap-quota" />}
      <Form
        form={form}
        layout="inline"
        key={`${year}-${data?.quota ?? 'new'}`}
        initialValues={data ?? { quota: Math.min(10, room.data?.quota ?? 10), opensOn: `${year}-03-01`, closesOn: `${year}-04-30`, policyVersion: 'xiamen-2021-114' }}
      >
        <Form.Item name="quota" label={t('quota')} rules={[{ required: true, message: t('required') }]}><InputNumber min={1} max={room.data?.quota ?? 1000} data-testid="setup-quota" /></Form.Item>
        <Form.Item name="opensOn" label={t('opensOn')} rules={[{ required: true, message: t('required') }]}><Input type="date" data-testid="setup-opensOn" /></Form.Item>
        <Form.Item name="closesOn" label={t('closesOn')} rules={[{ required: true, message: t('required') }]}><Input type="date" data-testid="setup-closesOn" /></Form.Item>
        <Form.Item name="policyVersion" label={t('policyVersion')}>
          <Select
            style={{ minWidth: 240, maxWidth: '100%' }}
            data-testid="setup-policyVersion"
            options={(policies.data ?? []).map((p) => ({ value: p.id, label: lang === 'zh' ? `《${p.title.zh}》（${p.document}）` : `${p.title.en} (${p.document})` }))}
          />
        </Form.Item>
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => void run('save')} loading={busy} data-testid="setup-save">{t('saveSettings')}</Button>
        <Button type="primary" disabled={!data} loading={busy} onClick={() => void run('start')} data-testid="setup-start">{t('startCall')}</Button>
      </Space>
    </Card>
  );
}

/** Staff or the bureau move a still-open call's last day later, with the reason (the workflow refuses otherwise). */
function ExtendDeadline({ year, closesOn, onDone }: { year: number; closesOn: string; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Schema<'ExtendDeadlineDto'>>();
  const [toast, toastHolder] = message.useMessage();
  const send = async () => {
    const v = await form.validateFields();
    try {
      await answer(client.POST('/svc/applications/api/calls/{year}/deadline', { params: { path: { year } }, body: v }));
      void toast.success({ content: t('deadlineExtended'), className: 'deadline-extended' });
      setOpen(false);
      onDone();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'deadline-refused' });
    }
  };
  return (
    <>
      {toastHolder}
      <Button onClick={() => setOpen(true)} data-testid="extend-deadline">{t('extendDeadline')}</Button>
      <Modal open={open} title={t('extendDeadline')} okText={t('submit')} cancelText={t('cancel')} onOk={() => void send().catch(() => undefined)} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ closesOn: closesOn > shanghaiToday() ? closesOn : shanghaiToday() }}>
          <Form.Item name="closesOn" label={t('closesOn')} rules={[{ required: true, message: t('required') }]}><Input type="date" min={closesOn} data-testid="extend-closesOn" /></Form.Item>
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 1000 }]}><Input.TextArea rows={2} data-testid="extend-reason" /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * A year's call as its workflow answers it: the ranking with the quota line (第四条, 第十二条); staff submit the
 * candidate list, the bureau reviews it (第十三条). Every button is a workflow update: what shows after it is the
 * workflow's answer, and a refusal shows the workflow's reason.
 */
export function Calls() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const [year, setYear] = useState<number>(() => Number(new URLSearchParams(window.location.search).get('year')) || Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())));
  const [asking, setAsking] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const [form] = Form.useForm<{ reason: string }>();
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/calls/{year}/status', { params: { path: { year } } })), [year]);

  // A workflow update (the candidate list, the review): what it answers is the call's new status.
  const act = async (update: () => Promise<Schema<'AnnualCallStatus'>>) => {
    setBusy(true);
    try {
      const s = await update();
      void toast.success({ content: `${t('decisionTaken')}${CALL_STAGE_NAMES[s.stage]?.[lang] ?? s.stage}`, className: 'decision-taken' });
      reload();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'decision-refused' });
    } finally {
      setBusy(false);
      setAsking(null);
      form.resetFields();
    }
  };
  const review = async (decision: Decision) => {
    const reason = decision === 'approve' ? undefined : (await form.validateFields()).reason;
    await act(() => answer(client.POST('/svc/applications/api/calls/{year}/review', { params: { path: { year } }, body: { decision, ...(reason ? { reason } : {}) } })));
  };

  const notStarted = error instanceof ApiError && error.problem.status === 404;
  // While the workflow is between people (closing a past deadline, waiting for panel results, awarding), look
  // again every few seconds: the next stage needs nobody's click.
  const moving = data !== undefined && (data.stage === 'awaiting_panel' || data.stage === 'awarding' || (data.stage === 'open' && data.closesOn < shanghaiToday()));
  useRefreshWhile(moving, loading, reload, data);
  return (
    <>
      {toastHolder}
      <Space style={{ marginBottom: 16 }}>
        <h2 style={{ margin: 0 }}>{t('calls')}</h2>
        <InputNumber min={2018} max={2200} value={year} onChange={(v) => v && setYear(v)} addonBefore={t('year')} aria-label={t('year')} data-testid="call-year" />
      </Space>
      {notStarted ? (
        <CallSetup
          year={year}
          onStarted={() => {
            void toast.success({ content: t('callStarted'), className: 'call-started' });
            reload();
          }}
        />
      ) : error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <Card loading={loading || !data}>
          {data && (
            <>
              <Descriptions column={3} size="small" style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('stage')}><Tag color="blue" data-testid="call-stage">{CALL_STAGE_NAMES[data.stage]?.[lang] ?? data.stage}</Tag></Descriptions.Item>
                <Descriptions.Item label={t('quota')}>{data.quota}</Descriptions.Item>
                <Descriptions.Item label={t('deadline')}>{shanghaiDay(data.closesOn, lang)}</Descriptions.Item>
              </Descriptions>
              {data.ranking.length > 0 && (
                <Button
                  size="small"
                  style={{ marginBottom: 8 }}
                  onClick={() => void saveAs(client.GET('/svc/scoring/api/calls/{year}/ranking.xlsx', { params: { path: { year } }, parseAs: 'blob' }), `ranking-${year}.xlsx`).catch((err: unknown) => void toast.error(err instanceof ApiError ? err.text(lang) : String(err)))}
                  data-testid="ranking-xlsx"
                >
                  {t('rankingXlsx')}
                </Button>
              )}
              <Table<Schema<'RankedCandidate'>>
                rowKey="applicationId"
                size="small"
                pagination={false}
                dataSource={data.ranking}
                locale={{ emptyText: <Empty description={t('noRanking')} /> }}
                rowClassName={(r) => (r.rank === data.quota ? 'quota-line' : '')}
                columns={[
                  { title: t('rank'), dataIndex: 'rank', width: 70 },
                  { title: t('institution'), dataIndex: 'institutionName' },
                  { title: t('creditCode'), dataIndex: 'creditCode' },
                  { title: t('score'), dataIndex: 'score' },
                  { title: t('withinQuota'), dataIndex: 'withinQuota', render: (w: boolean) => (w ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
                ]}
              />
              {data.reviewHistory.length > 0 && (
                <Alert
                  style={{ marginTop: 16 }}
                  type="info"
                  message={t('reviewHistory')}
                  description={data.reviewHistory.map((h, i) => <div key={i}>{shanghaiDateTime(h.at, lang)} · {t(h.decision === 'approve' ? 'approve' : h.decision === 'send_back' ? 'sendBack' : 'reject')}{h.reason ? `：${h.reason}` : ''}</div>)}
                />
              )}
              <Space style={{ marginTop: 16 }}>
                {(principal?.role === 'staff' || principal?.role === 'bureau') && data.stage === 'open' && <ExtendDeadline year={year} closesOn={data.closesOn} onDone={reload} />}
                {principal?.role === 'staff' && data.stage === 'ranking' && (
                  <Button type="primary" loading={busy} onClick={() => void act(() => answer(client.POST('/svc/applications/api/calls/{year}/candidate-list', { params: { path: { year } }, body: {} })))} data-testid="submit-list">{t('submitList')}</Button>
                )}
                {principal?.role === 'bureau' && data.stage === 'internal_review' && (
                  <>
                    <Button type="primary" loading={busy} onClick={() => void review('approve')} data-testid="review-approve">{t('approve')}</Button>
                    <Button onClick={() => setAsking('send_back')} data-testid="review-send-back">{t('sendBack')}</Button>
                    <Button danger onClick={() => setAsking('reject')} data-testid="review-reject">{t('reject')}</Button>
                  </>
                )}
              </Space>
            </>
          )}
        </Card>
      )}
      <Modal open={asking !== null} title={asking ? t(asking === 'send_back' ? 'sendBack' : 'reject') : ''} okText={t('submit')} cancelText={t('cancel')} confirmLoading={busy}
        onOk={() => asking && void review(asking)} onCancel={() => setAsking(null)} okButtonProps={{ 'data-testid': 'review-submit' } as Record<`data-${string}`, string>}>
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, message: t('required') }, { max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="review-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
