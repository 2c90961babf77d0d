import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, message, Row, Statistic, Table, Tag } from 'antd';
import { useContext } from 'react';
import { answer, ApiError, client, type Schema } from '../../api';
import { useAuth } from '../../auth';
import { LangContext, shanghaiToday, type TextKey, useT, shanghaiDay } from '../../i18n';
import { LoadError } from '../LoadError';
import { ReportWizard } from './ReportWizard';
import { PageLoading } from '../PageLoading';
import { useLoad } from '../useLoad';

/** A filed report, as the service documents it (libs/api-client). */
type Report = Schema<'FiledReport'>;

/**
 * The platform's own page (第十五条): its title and validity from the platform workflow, the report being waited
 * for with its due date (moved off rest days by the official calendar) and a countdown, the report form, and the
 * reports filed with whether each was on time.
 */
export function MyPlatform() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const code = principal?.institution ?? '';
  const { data, error, reload } = useLoad(async () => {
    const path = { creditCode: code };
    const status = await answer(client.GET('/svc/applications/api/platforms/{creditCode}', { params: { path } }));
    const reports = await answer(client.GET('/svc/applications/api/platforms/{creditCode}/reports', { params: { path } }));
    const form = await answer(client.GET('/svc/applications/api/platforms/{creditCode}/reports/form', { params: { path } }));
    // The report the workflow waits for, or else the next one owed: a title listed in year L reports on L+1 onwards
    // (第十五条), each year's report due by the end of the next February.
    const year = status.pendingReport?.reportYear ?? Math.max(Number(shanghaiToday().slice(0, 4)), Number(status.awardedOn.slice(0, 4)) + 1);
    const deadline = await answer(client.GET('/svc/applications/api/calendar/report-deadline', { params: { query: { year } } }));
    return { status, reports, deadline, form };
  }, [code]);

  if (error instanceof ApiError && error.problem.status === 404) return <Empty description={t('notAPlatform')} data-testid="not-a-platform" />;
  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return <PageLoading />; // a reload keeps the page (and its messages) up
  const { status, reports, deadline, form } = data;
  // The year the form files is the system's (第十五条): last year's report, or an earlier one still owed or returned.
  const canFile = !['revoked', 'lapsed'].includes(status.stage) && form.reportYear !== null;

  return (
    <>
      <h2>{t('myPlatform')}</h2>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('institution')}>{status.institutionName}</Descriptions.Item>
              <Descriptions.Item label={t('titleStage')}>
                <Tag color={status.stage === 'active' ? 'green' : status.stage === 'report_late' || status.stage === 'revoked' ? 'red' : 'gold'} data-testid="platform-stage">
                  {t(`platformStage_${status.stage}` as TextKey)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('awardedOn')}>{shanghaiDay(status.awardedOn, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('validThrough')}>{shanghaiDay(status.validThrough, lang)}</Descriptions.Item>
              {status.revocation && <Descriptions.Item label={t('reason')}>{status.revocation.reason}（{status.revocation.article}）</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card style={{ marginBottom: 16 }} data-testid="report-deadline">
            <Statistic title={`${deadline.reportYear} ${t('reportDue')}`} value={shanghaiDay(deadline.due, lang)} />
            {Date.parse(deadline.endsAt) > Date.now() ? (
              <Statistic.Timer type="countdown" title={t('daysLeft')} value={Date.parse(deadline.endsAt)} format={lang === 'zh' ? 'D 天 HH:mm:ss' : 'D [days] HH:mm:ss'} />
            ) : (
              <Tag color="red">{t('overdue')}</Tag>
            )}
            {deadline.provisional && <Alert type="warning" showIcon message={t('provisional')} style={{ marginTop: 8 }} />}
          </Card>
        </Col>
      </Row>
      <Alert type="info" showIcon message={t('reportArticle')} style={{ marginBottom: 16 }} />
      {!canFile && !['revoked', 'lapsed'].includes(status.stage) && (
        <Alert type="success" showIcon data-testid="report-not-open" style={{ marginBottom: 16 }}
          message={lang === 'zh' ? `目前没有应报送的年度报告；${deadline.reportYear}年度报告自${deadline.reportYear + 1}年1月1日起报送。` : `No report is owed now; the ${deadline.reportYear} report can be filed from 1 January ${deadline.reportYear + 1}.`} />
      )}
      {status.rectification && (status.rectification.state === 'open' || status.rectification.state === 'overdue') && <RectificationCard code={code} deadline={status.rectification.deadline} onFiled={reload} />}
      {status.rectification?.state === 'filed' && <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('rectificationFiled')} data-testid="rectification-filed" />}
      {canFile && <ReportWizard key={`${form.reportYear}-${form.returned?.revision ?? 0}`} form={form} onFiled={reload} />}
      <Card title={t('reportsFiled')}>
        <Table<Report>
          rowKey="reportYear"
          size="small"
          pagination={false}
          dataSource={reports}
          locale={{ emptyText: <Empty description={t('noReports')} /> }}
          columns={[
            { title: t('reportYear'), dataIndex: 'reportYear' },
            { title: t('filedOn'), dataIndex: 'submittedOn', render: (v: string) => shanghaiDay(v, lang) },
            {
              title: t('status'),
              key: 'late',
              render: (_, r) => (status.reports[String(r.reportYear)]?.late ? <Tag color="red">{t('late')}</Tag> : <Tag color="green">{t('onTime')}</Tag>),
            },
          ]}
        />
      </Card>
    </>
  );
}

/** The rectification the evaluation opened (第十九条 整改): its deadline and the report the platform files. */
function RectificationCard({ code, deadline, onFiled }: { code: string; deadline: string; onFiled: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<{ text: string }>();
  const [toast, toastHolder] = message.useMessage();
  const file = async () => {
    const v = await form.validateFields();
    try {
      await answer(client.POST('/svc/applications/api/platforms/{creditCode}/rectification', { params: { path: { creditCode: code } }, body: { text: v.text } }));
      void toast.success({ content: t('rectificationFiled'), className: 'rectification-sent' });
      onFiled();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'rectification-refused' });
    }
  };
  return (
    <Card title={t('rectificationTitle')} style={{ marginBottom: 16 }} data-testid="rectification-card">
      {toastHolder}
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${t('rectificationIntro')}${deadline}`} />
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={t('rectificationText')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 20_000 }]}>
          <Input.TextArea rows={4} data-testid="rectification-text" />
        </Form.Item>
        <Button type="primary" onClick={() => void file().catch(() => undefined)} data-testid="rectification-submit">{t('fileRectification')}</Button>
      </Form>
    </Card>
  );
}
