import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, InputNumber, message, Modal, Segmented, Select, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { answer, ApiError, client, type Schema } from '../../api';
import { useAuth } from '../../auth';
import { LangContext, shanghaiToday, type TextKey, useT, shanghaiDay } from '../../i18n';
import { LoadError } from '../LoadError';
import { PageLoading } from '../PageLoading';
import { useLoad } from '../useLoad';
import { structured } from '../reports';

/** A platform of the register, as the service documents it (libs/api-client). */
type Item = Schema<'PlatformListItem'>;

const STAGE_COLOR: Record<string, string> = { active: 'green', report_due: 'gold', report_late: 'red', rectifying: 'orange', revocation_proposed: 'volcano', awaiting_renewal: 'blue', revoked: 'red', lapsed: 'default' };
const FILTERS = ['all', 'report_late', 'rectifying', 'revocation_proposed', 'report_due', 'active', 'awaiting_renewal', 'revoked', 'lapsed'] as const;

export function StageTag({ stage }: { stage: string | null }) {
  const t = useT();
  return stage ? <Tag color={STAGE_COLOR[stage]} data-testid="platform-stage-tag">{t(`platformStage_${stage}` as TextKey)}</Tag> : <Tag>{t('stageUnknown')}</Tag>;
}

type Action = 'late' | 'revoke' | 'recommend' | 'decide' | 'rectification' | 'returnReport' | 'publishReport';

/** The decision forms' fields, in the values the service takes. */
interface ActFields {
  decision: Schema<'LateReportDecisionDto'>['decision'];
  proposalDecision: Schema<'RevocationDecisionDto'>['decision'];
  rectificationDecision: Schema<'RectificationDecisionDto'>['decision'];
  level: Schema<'RecommendationDto'>['level'];
  year: number;
  article: string;
  reason: string;
  note?: string;
}

/** One platform: its workflow's status, reports, evaluations, and what the reader's role may decide. */
function PlatformDetail({ code, onChanged, initialAction }: { code: string; onChanged: () => void; initialAction?: Action }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const [acting, setActing] = useState<Action | null>(initialAction ?? null);
  const [reportYear, setReportYear] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActFields>();
  const [toast, toastHolder] = message.useMessage();
  const { data, error, reload } = useLoad(() => answer(client.GET('/svc/applications/api/platforms/{creditCode}', { params: { path: { creditCode: code } } })), [code]);
  const filed = useLoad(() => (principal?.role === 'operator' ? Promise.resolve([]) : answer(client.GET('/svc/applications/api/platforms/{creditCode}/reports', { params: { path: { creditCode: code } } }))), [code]);
  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return <PageLoading />; // a reload keeps the page (and its messages) up
  const s = data;
  const live = s.stage !== 'revoked' && s.stage !== 'lapsed';
  const thisYear = Number(shanghaiToday().slice(0, 4));

  const act = async () => {
    const v = await form.validateFields();
    const platform = { params: { path: { creditCode: code } } };
    /** The decision sent; a platform's decision answers with the platform's stage, a report's with the report. */
    const send = async (): Promise<{ stage?: string }> => {
      // A report is acted on from its own row, which sets its year first.
      const report = () => ({ params: { path: { creditCode: code, year: reportYear! } } });
      switch (acting) {
        case 'late':
          // Offered only while a late report is pending; a link (?act=late) may open it when none is.
          if (!s.pendingReport) throw new ApiError({ status: 409, type: 'no-late-report', message: { zh: '该平台没有待决定的逾期年报', en: 'this platform has no late report to decide' }, article: '第十五条' });
          return answer(client.POST('/svc/applications/api/platforms/{creditCode}/late-report-decision', { ...platform, body: { reportYear: s.pendingReport.reportYear, decision: v.decision, reason: v.reason } }));
        case 'revoke':
          return answer(client.POST('/svc/applications/api/platforms/{creditCode}/revocation', { ...platform, body: { reason: v.reason, article: v.article } }));
        case 'decide':
          return answer(client.POST('/svc/applications/api/platforms/{creditCode}/revocation-decision', { ...platform, body: { decision: v.proposalDecision, reason: v.reason, article: v.article } }));
        case 'rectification':
          return answer(client.POST('/svc/applications/api/platforms/{creditCode}/rectification-decision', { ...platform, body: { decision: v.rectificationDecision, reason: v.reason } }));
        case 'returnReport':
          await answer(client.POST('/svc/applications/api/platforms/{creditCode}/reports/{year}/return', { ...report(), body: { reason: v.reason } }));
          return {};
        case 'publishReport':
          await answer(client.POST('/svc/applications/api/platforms/{creditCode}/reports/{year}/publication', { ...report(), body: v.note ? { note: v.note } : {} }));
          return {};
        default:
          return answer(client.POST('/svc/applications/api/platforms/{creditCode}/recommendations', { ...platform, body: { level: v.level, year: v.year, ...(v.note ? { note: v.note } : {}) } }));
      }
    };
    setBusy(true);
    try {
      const after = await send();
      const onReport = acting === 'returnReport' || acting === 'publishReport';
      void toast.success({ content: onReport ? t(acting === 'returnReport' ? 'reportReturnedDone' : 'summaryPublished') : `${t('decisionRecorded')}${t(`platformStage_${after.stage}` as TextKey)}`, className: 'platform-decided' });
      setActing(null);
      form.resetFields();
      reload();
      filed.reload();
      onChanged();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'platform-refused', duration: 6 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {toastHolder}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('institution')}>{s.institutionName}</Descriptions.Item>
        <Descriptions.Item label={t('creditCode')}>{s.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('titleStage')}><StageTag stage={s.stage} /></Descriptions.Item>
        <Descriptions.Item label={t('validThrough')}>{shanghaiDay(s.validFrom, lang)} ~ {shanghaiDay(s.validThrough, lang)}</Descriptions.Item>
        {s.pendingReport && (
          <Descriptions.Item label={t('pendingReport')}>
            {s.pendingReport.reportYear} · {t('reportDue')} {shanghaiDay(s.pendingReport.due, lang)} {s.pendingReport.late && <Tag color="red">{t('late')}</Tag>}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('reportsFiled')}>
          {Object.keys(s.reports).length === 0 ? '—' : Object.entries(s.reports).map(([y, r]) => <Tag key={y} color={r.late ? 'red' : 'green'}>{y} · {r.submittedOn}{r.late ? ` · ${t('late')}` : ''}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluations')}>
          {Object.keys(s.evaluations).length === 0 ? '—' : Object.entries(s.evaluations).map(([y, o]) => <Tag key={y} color={o === 'excellent' ? 'green' : undefined}>{y} · {t(`evalOutcome_${o}` as TextKey)}{o === 'excellent' ? ` · ${t('recommendCandidate')}` : ''}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label={t('recommendations')}>
          {s.recommendations.length === 0 ? '—' : s.recommendations.map((r, i) => <Tag key={i} data-testid="recommendation">{r.year} · {t(r.level)}{r.note ? ` · ${r.note}` : ''}</Tag>)}
        </Descriptions.Item>
        {s.revocationProposal && (
          <Descriptions.Item label={t('revocationProposal')}>
            <span data-testid="revocation-proposal">{shanghaiDay(s.revocationProposal.proposedOn, lang)} · {t(`proposedBy_${s.revocationProposal.source}` as TextKey)} · {s.revocationProposal.reason}（{s.revocationProposal.article}）</span>
          </Descriptions.Item>
        )}
        {(filed.data ?? []).length > 0 && (
          <Descriptions.Item label={t('annualReports')}>
            <Space direction="vertical" size={4}>
              {filed.data!.map((r) => (
                <Space key={r.reportYear} wrap data-testid={`filed-report-${r.reportYear}`}>
                  <span>{r.reportYear} · {shanghaiDay(r.submittedOn, lang)}{structured(r.content) ? ` · ${t('smesServedShort')} ${structured(r.content)?.served.smes}` : ''}</span>
                  <Tag color={r.status === 'returned' ? 'orange' : 'green'}>{r.status === 'returned' ? `${t('reportReturnedTag')}：${r.returnedReason ?? ''}` : t('reportFiledTag')}</Tag>
                  {r.publishedAt && <Tag color="blue">{t('summaryPublishedTag')}</Tag>}
                  {principal?.role === 'staff' && r.status === 'filed' && <Button size="small" onClick={() => { setReportYear(r.reportYear); setActing('returnReport'); }} data-testid={`report-return-${r.reportYear}`}>{t('returnReport')}</Button>}
                  {principal?.role === 'bureau' && r.status === 'filed' && r.content.form === 'annual-report/2' && <Button size="small" onClick={() => { setReportYear(r.reportYear); setActing('publishReport'); }} data-testid={`report-publish-${r.reportYear}`}>{t('publishSummary')}</Button>}
                </Space>
              ))}
            </Space>
          </Descriptions.Item>
        )}
        {s.rectification && (
          <Descriptions.Item label={t('evalRectification')}>
            <span data-testid="rectification">
              {s.rectification.year} · {t('deadline')} {shanghaiDay(s.rectification.deadline, lang)} · {t(`rectification_${s.rectification.state}` as TextKey)}
              {s.rectification.report && <><br />{shanghaiDay(s.rectification.report.filedOn, lang)}：{s.rectification.report.text}</>}
              {s.rectification.decision && <><br />{s.rectification.decision.on}：{s.rectification.decision.reason}</>}
            </span>
          </Descriptions.Item>
        )}
        {s.revocation && <Descriptions.Item label={t('revoke')}>{s.revocation.on} · {s.revocation.reason}（{s.revocation.article}）</Descriptions.Item>}
      </Descriptions>
      <Space style={{ marginTop: 16 }} wrap>
        {principal?.role === 'staff' && s.pendingReport?.late && live && <Button type="primary" onClick={() => setActing('late')} data-testid="act-late">{t('lateDecision')}</Button>}
        {principal?.role === 'staff' && live && (s.rectification?.state === 'filed' || s.rectification?.state === 'overdue') && <Button type="primary" onClick={() => setActing('rectification')} data-testid="act-rectification">{t('evalRectification')}</Button>}
        {principal?.role === 'bureau' && live && s.revocationProposal && <Button type="primary" danger onClick={() => setActing('decide')} data-testid="act-decide">{t('decideProposal')}</Button>}
        {principal?.role === 'bureau' && live && <Button danger onClick={() => setActing('revoke')} data-testid="act-revoke">{t('revoke')}</Button>}
        {principal?.role === 'bureau' && live && <Button onClick={() => setActing('recommend')} data-testid="act-recommend">{t('recommend')}</Button>}
      </Space>
      <Modal
        open={acting !== null}
        title={acting ? t(acting === 'late' ? 'lateDecision' : acting === 'decide' ? 'decideProposal' : acting === 'rectification' ? 'evalRectification' : acting === 'returnReport' ? 'returnReport' : acting === 'publishReport' ? 'publishSummary' : acting) : ''}
        okText={t('submit')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onOk={() => void act().catch(() => undefined)}
        onCancel={() => setActing(null)}
        okButtonProps={{ danger: acting === 'revoke', 'data-testid': 'act-submit' } as Record<`data-${string}`, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ level: 'province', year: thisYear, article: '第十七条', decision: 'keep_chasing', proposalDecision: 'accept', rectificationDecision: 'close' }}>
          {acting === 'late' && (
            <>
              <Alert type="info" showIcon message={t('lateDecisionArticle')} style={{ marginBottom: 12 }} />
              <Form.Item name="decision" label={t('decision')}>
                <Select data-testid="late-decision" options={(['keep_chasing', 'excuse', 'propose_revocation'] as const).map((d) => ({ value: d, label: t(d === 'propose_revocation' ? 'revokeForLate' : d) }))} />
              </Form.Item>
            </>
          )}
          {acting === 'decide' && (
            <>
              <Alert type="warning" showIcon message={t('decideProposalArticle')} style={{ marginBottom: 12 }} />
              <Form.Item name="proposalDecision" label={t('decision')}>
                <Select data-testid="proposal-decision" options={[{ value: 'accept', label: t('acceptProposal') }, { value: 'reject', label: t('rejectProposal') }]} />
              </Form.Item>
              <Form.Item name="article" label={t('article')} rules={[{ pattern: /^第[一二三四五六七八九十]+条/, message: '第十七条' }]}>
                <Input data-testid="decide-article" />
              </Form.Item>
            </>
          )}
          {acting === 'rectification' && (
            <Form.Item name="rectificationDecision" label={t('decision')}>
              <Select data-testid="rectification-decision" options={[{ value: 'close', label: t('closeRectification') }, { value: 'escalate', label: t('escalateRectification') }]} />
            </Form.Item>
          )}
          {acting === 'revoke' && (
            <>
              <Alert type="warning" showIcon message={t('revokeWarning')} style={{ marginBottom: 12 }} />
              <Form.Item name="article" label={t('article')} rules={[{ required: true, message: t('required') }, { pattern: /^第[一二三四五六七八九十]+条/, message: '第十七条' }]}>
                <Input data-testid="revoke-article" />
              </Form.Item>
            </>
          )}
          {acting === 'recommend' && (
            <>
              <Form.Item name="level" label={t('level')}>
                <Select data-testid="recommend-level" options={[{ value: 'province', label: t('province') }, { value: 'nation', label: t('nation') }]} />
              </Form.Item>
              <Form.Item name="year" label={t('year')} rules={[{ required: true, message: t('required') }]}><InputNumber min={2000} max={2200} data-testid="recommend-year" /></Form.Item>
              <Form.Item name="note" label={t('note')} rules={[{ max: 2000 }]}><Input.TextArea rows={2} data-testid="recommend-note" /></Form.Item>
            </>
          )}
          {acting === 'publishReport' && (
            <>
              <Alert type="info" showIcon message={t('publishSummaryArticle')} style={{ marginBottom: 12 }} />
              <Form.Item name="note" label={t('note')} rules={[{ max: 2000 }]}><Input.TextArea rows={2} data-testid="publish-note" /></Form.Item>
            </>
          )}
          {acting !== 'recommend' && acting !== 'publishReport' && (
            <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="act-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}

/**
 * Staff, the bureau and auditors: every platform on the register with the stage its workflow published; staff
 * filter the late reports and decide on them (or propose revocation), the bureau decides proposals, revokes (第十七条) and
 * recommends upward (第十六条).
 */
export function PlatformsAdmin() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [params, setParams] = useSearchParams();
  const filter = (params.get('stage') ?? 'all') as (typeof FILTERS)[number];
  const open = params.get('open');
  const act = params.get('act') === 'recommend' ? ('recommend' as const) : undefined;
  const set = (next: { stage?: string; open?: string | null; act?: 'recommend' }) => {
    const p: Record<string, string> = {};
    const stage = next.stage ?? filter;
    if (stage !== 'all') p['stage'] = stage;
    const o = next.open === undefined ? open : next.open;
    if (o) p['open'] = o;
    if (o && next.act) p['act'] = next.act;
    setParams(p);
  };
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/platforms', { params: { query: filter === 'all' ? {} : { stage: filter } } })), [filter]);
  return (
    <>
      <h2>{t('platformsAdmin')}</h2>
      {/* The filters scroll within their own row on a narrow screen, never the page. */}
      <div style={{ maxWidth: '100%', overflowX: 'auto', marginBottom: 16 }}>
        <Segmented
          value={filter}
          onChange={(v) => set({ stage: String(v) })}
          data-testid="platform-filter"
          options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('allStages') : f === 'report_late' ? t('lateReports') : t(`platformStage_${f}` as TextKey) }))}
        />
      </div>
      <Candidates onRecommend={(code) => set({ open: code, act: 'recommend' })} />
      {error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <Card>
          <Table<Item>
            rowKey="creditCode"
            loading={loading}
            dataSource={data ?? []}
            locale={{ emptyText: <Empty description={filter === 'all' ? t('noPlatforms') : t('noPlatformsInStage')} /> }}
            columns={[
              { title: t('institution'), dataIndex: 'institutionName' },
              { title: t('creditCode'), dataIndex: 'creditCode' },
              { title: t('awardedOn'), dataIndex: 'awardedOn', render: (v: string) => shanghaiDay(v, lang) },
              { title: t('validThrough'), dataIndex: 'validThrough', render: (v: string) => shanghaiDay(v, lang) },
              { title: t('titleStage'), dataIndex: 'stage', render: (s: string | null) => <StageTag stage={s} /> },
              { title: '', key: 'open', render: (_, r) => <Button type="link" onClick={() => set({ open: r.creditCode })} data-testid={`platform-${r.creditCode}`}>{t('view')}</Button> },
            ]}
          />
        </Card>
      )}
      <Drawer open={open !== null} onClose={() => set({ open: null })} title={t('platformsAdmin')} width="min(560px, 100vw)" destroyOnHidden>
        {open && <PlatformDetail key={`${open}/${act ?? ''}`} code={open} onChanged={reload} initialAction={act} />}
      </Drawer>
    </>
  );
}

/**
 * 优秀 platforms of the last published evaluation: the default candidates for recommendation to the province and the
 * nation (第十六条); the bureau recommends from here. Nothing shows when neither of the last two years is published.
 */
function Candidates({ onRecommend }: { onRecommend: (creditCode: string) => void }) {
  const t = useT();
  const { principal } = useAuth();
  const thisYear = Number(shanghaiToday().slice(0, 4));
  // Last year's results are published in the spring (its reports are due by the end of February): until then, the year before's.
  const { data } = useLoad(async () => {
    for (const year of [thisYear - 1, thisYear - 2]) {
      const published = await answer(client.GET('/svc/applications/api/public/evaluations/{year}', { params: { path: { year } } })).then(() => true, () => false);
      if (published) return { year, candidates: await answer(client.GET('/svc/applications/api/evaluations/{year}/candidates', { params: { path: { year } } })) };
    }
    return null;
  }, [thisYear]);
  if (!data) return null;
  return (
    <Card size="small" title={t('candidatesTitle').replace('{year}', String(data.year))} style={{ marginBottom: 16 }} data-testid="recommend-candidates">
      {data.candidates.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCandidates')} />
      ) : (
        <Space wrap>
          {data.candidates.map((c) => (
            <Space key={c.creditCode} data-testid={`candidate-${c.creditCode}`}>
              <Tag color="green">{c.institutionName} · {c.total}</Tag>
              {principal?.role === 'bureau' && <Button size="small" onClick={() => onRecommend(c.creditCode)} data-testid={`candidate-recommend-${c.creditCode}`}>{t('recommend')}</Button>}
            </Space>
          ))}
        </Space>
      )}
    </Card>
  );
}
