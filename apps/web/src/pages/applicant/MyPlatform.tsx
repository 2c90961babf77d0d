import type { PlatformStatus } from '@sme/contracts/lifecycle';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, message, Row, Statistic, Table, Tag } from 'antd';
import { useContext } from 'react';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { LangContext, shanghaiToday, type TextKey, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { PageLoading } from '../PageLoading';
import { useLoad } from '../useLoad';

interface Deadline {
  reportYear: number;
  due: string;
  endsAt: string;
  provisional: boolean;
  moved: boolean;
}
interface Report {
  reportYear: number;
  submittedOn: string;
  submittedBy: string;
}
interface ReportForm {
  reportYear: number;
  summary: string;
  development: string;
  smesServed: number;
  activities: number;
  revenueYuan: string;
  staff: number;
  satisfactionPct: number;
}

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
  const [form] = Form.useForm<ReportForm>();
  const [toast, toastHolder] = message.useMessage();
  const { data, error, reload } = useLoad(async () => {
    const status = await api<PlatformStatus>('applications', `/api/platforms/${code}`);
    const reports = await api<Report[]>('applications', `/api/platforms/${code}/reports`);
    // The report the workflow waits for, or else the next one owed: a title listed in year L reports on L+1 onwards
    // (第十五条), each year's report due by the end of the next February.
    const year = status.pendingReport?.reportYear ?? Math.max(Number(shanghaiToday().slice(0, 4)), Number(status.awardedOn.slice(0, 4)) + 1);
    const deadline = await api<Deadline>('applications', `/api/calendar/report-deadline?year=${year}`);
    return { status, reports, deadline };
  }, [code]);

  if (error instanceof ApiError && error.problem.status === 404) return <Empty description={t('notAPlatform')} data-testid="not-a-platform" />;
  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return <PageLoading />; // a reload keeps the page (and its messages) up
  const { status, reports, deadline } = data;
  // A report is on a finished year (第十五条): the one owed now is last year's or an earlier one still open.
  const thisYear = Number(shanghaiToday().slice(0, 4));
  const owed = status.pendingReport && status.pendingReport.reportYear < thisYear ? status.pendingReport.reportYear : null;
  const canFile = !['revoked', 'lapsed'].includes(status.stage) && owed !== null;

  const file = async () => {
    const v = await form.validateFields();
    try {
      await api('applications', `/api/platforms/${code}/reports`, {
        method: 'POST',
        body: {
          reportYear: v.reportYear,
          summary: v.summary,
          development: v.development,
          operation: { smesServed: v.smesServed, activities: v.activities, revenueYuan: v.revenueYuan, staff: v.staff, satisfaction: Math.round(v.satisfactionPct * 100) / 10_000 },
        },
      });
      void toast.success({ content: t('reportFiled'), className: 'report-filed' });
      form.resetFields();
      reload();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'report-refused' });
    }
  };

  return (
    <>
      {toastHolder}
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
              <Descriptions.Item label={t('awardedOn')}>{status.awardedOn}</Descriptions.Item>
              <Descriptions.Item label={t('validThrough')}>{status.validThrough}</Descriptions.Item>
              {status.revocation && <Descriptions.Item label={t('reason')}>{status.revocation.reason}（{status.revocation.article}）</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card style={{ marginBottom: 16 }} data-testid="report-deadline">
            <Statistic title={`${deadline.reportYear} ${t('reportDue')}`} value={deadline.due} />
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
      {owed === null && !['revoked', 'lapsed'].includes(status.stage) && (
        <Alert type="success" showIcon data-testid="report-not-open" style={{ marginBottom: 16 }}
          message={lang === 'zh' ? `目前没有应报送的年度报告；${deadline.reportYear}年度报告自${deadline.reportYear + 1}年1月1日起报送。` : `No report is owed now; the ${deadline.reportYear} report can be filed from 1 January ${deadline.reportYear + 1}.`} />
      )}
      {canFile && (
        <Card title={t('fileReport')} style={{ marginBottom: 16 }}>
          <Form form={form} layout="vertical" initialValues={{ reportYear: owed }}>
            <Row gutter={16}>
              <Col span={6}><Form.Item name="reportYear" label={t('reportYear')} rules={[{ required: true, message: t('required') }]}><InputNumber min={2000} max={thisYear - 1} style={{ width: '100%' }} data-testid="r-reportYear" /></Form.Item></Col>
              <Col span={6}><Form.Item name="smesServed" label={t('smesServed')} rules={[{ required: true, message: t('required') }]}><InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="r-smesServed" /></Form.Item></Col>
              <Col span={6}><Form.Item name="activities" label={t('activities')} rules={[{ required: true, message: t('required') }]}><InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="r-activities" /></Form.Item></Col>
              <Col span={6}><Form.Item name="staff" label={t('staffCount')} rules={[{ required: true, message: t('required') }]}><InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="r-staff" /></Form.Item></Col>
              <Col span={12}><Form.Item name="revenueYuan" label={t('revenueYuan')} rules={[{ required: true, message: t('required') }, { pattern: /^\d{1,13}(\.\d{1,2})?$/, message: t('badYuan') }]}><Input data-testid="r-revenueYuan" /></Form.Item></Col>
              <Col span={12}><Form.Item name="satisfactionPct" label={t('satisfactionPct')} rules={[{ required: true, message: t('required') }]}><InputNumber min={0} max={100} precision={2} addonAfter="%" style={{ width: '100%' }} data-testid="r-satisfactionPct" /></Form.Item></Col>
            </Row>
            <Form.Item name="summary" label={t('summary')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 20_000 }]}><Input.TextArea rows={4} data-testid="r-summary" /></Form.Item>
            <Form.Item name="development" label={t('development')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 20_000 }]}><Input.TextArea rows={3} data-testid="r-development" /></Form.Item>
            <Button type="primary" onClick={() => void file().catch(() => undefined)} data-testid="file-report">{t('fileReport')}</Button>
          </Form>
        </Card>
      )}
      <Card title={t('reportsFiled')}>
        <Table<Report>
          rowKey="reportYear"
          size="small"
          pagination={false}
          dataSource={reports}
          locale={{ emptyText: <Empty description={t('noReports')} /> }}
          columns={[
            { title: t('reportYear'), dataIndex: 'reportYear' },
            { title: t('filedOn'), dataIndex: 'submittedOn' },
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
