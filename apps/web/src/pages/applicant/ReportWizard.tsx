import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, message, Progress, Row, Select, Space, Statistic, Steps, Table, Upload } from 'antd';
import { cloneElement, type ReactElement, useContext, useState } from 'react';
import { answer, ApiError, client, saveAs, type Schema, upload } from '../../api';
import { FUNCTION_NAMES, LangContext, money, useT, shanghaiDay } from '../../i18n';

/** The report form, its served-enterprise list and an attachment, as the service documents them (libs/api-client). */
type ReportFormView = Schema<'ReportForm'>;
type ServedList = Schema<'ServedListView'>;
type ServiceFunction = Schema<'ReportedServiceDto'>['function'];
interface Values {
  services: Array<Schema<'ReportedServiceDto'>>;
  surveyed: number;
  satisfied: number;
  servicesTotal: number;
  freeOrLowFee: number;
  staffTotal: number;
  staffQualified: number;
  revenueYuan: string;
  summary: string;
  plans: string;
  highlights: string;
}

/** The list's columns as the template names them. */
const COLUMN_NAMES: Record<string, { zh: string; en: string }> = {
  creditCode: { zh: '统一社会信用代码', en: 'Credit code' },
  enterpriseName: { zh: '企业名称', en: 'Name' },
  industryCode: { zh: '国民经济行业代码', en: 'Industry code' },
  employees: { zh: '从业人员', en: 'Employees' },
  revenueWan: { zh: '营业收入（万元）', en: 'Revenue (10k CNY)' },
  assetsWan: { zh: '资产总额（万元）', en: 'Total assets (10k CNY)' },
};

const FUNCTIONS: ServiceFunction[] = ['information', 'technology', 'entrepreneurship', 'training', 'financing'];

/**
 * The annual report wizard (第十五条): the served-enterprise list (template, upload, the count by size class under
 * 300号 and every refused row), the services per function and the year's figures, the summary with attachments, then
 * a review before filing. The year is the one the system fixes; a returned report shows why it came back.
 */
export function ReportWizard({ form: view, onFiled }: { form: ReportFormView; onFiled: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [list, setList] = useState<ServedList | null>(view.servedList);
  const [attachments, setAttachments] = useState(view.attachments);
  const [progress, setProgress] = useState<number | null>(null);
  const [filing, setFiling] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const code = view.creditCode;
  const problem = (err: unknown) => void toast.error({ content: err instanceof ApiError ? err.text(lang) : err instanceof Error ? err.message : String(err), className: 'report-refused', duration: 6 });

  const send = async (file: File, what: 'served-list' | 'attachments') => {
    const body = new FormData();
    body.append('file', file);
    setProgress(0);
    try {
      if (what === 'served-list') setList(await upload('/svc/applications/api/platforms/{creditCode}/reports/served-list', { creditCode: code }, body, setProgress));
      else {
        const res = await upload('/svc/applications/api/platforms/{creditCode}/reports/attachments', { creditCode: code }, body, setProgress);
        setAttachments((a) => [...a, { id: res.id, filename: res.filename, sha256: res.sha256, sizeBytes: res.sizeBytes }]);
      }
    } catch (err) {
      problem(err);
    } finally {
      setProgress(null);
    }
  };

  const file = async () => {
    const v = form.getFieldsValue(true) as Values;
    setFiling(true);
    try {
      await answer(client.POST('/svc/applications/api/platforms/{creditCode}/reports', {
        params: { path: { creditCode: code } },
        body: {
          reportYear: view.reportYear,
          services: v.services,
          servedListId: list!.id,
          satisfaction: { surveyed: v.surveyed, satisfied: v.satisfied },
          serviceCount: { total: v.servicesTotal, freeOrLowFee: v.freeOrLowFee },
          staff: { total: v.staffTotal, qualified: v.staffQualified },
          revenueYuan: v.revenueYuan,
          summary: v.summary,
          plans: v.plans,
          highlights: v.highlights,
          attachmentIds: attachments.map((a) => a.id),
        },
      }));
      void toast.success({ content: t('reportFiled'), className: 'report-filed' });
      onFiled();
    } catch (err) {
      problem(err);
    } finally {
      setFiling(false);
    }
  };

  const notAbove = (other: keyof Values) => ({
    validator: async (_: unknown, value: number | undefined) => {
      const limit = form.getFieldValue(other) as number | undefined;
      if (value !== undefined && limit !== undefined && value > limit) throw new Error(`${t('notMoreThan')} ${limit}`);
    },
  });
  const required = { required: true, message: t('required') };
  const count = <InputNumber min={0} precision={0} style={{ width: '100%' }} />;
  const pages: Array<Array<keyof Values | string[]>> = [[], ['services', 'surveyed', 'satisfied', 'servicesTotal', 'freeOrLowFee', 'staffTotal', 'staffQualified', 'revenueYuan'], ['summary', 'plans', 'highlights'], []];
  const next = async () => {
    if (step === 0 && !list) {
      problem(new Error(t('uploadListFirst')));
      return;
    }
    await form.validateFields(pages[step] as never);
    setStep(step + 1);
  };

  return (
    <Card title={`${t('reportWizard')}：${view.reportYear}`} style={{ marginBottom: 16 }} data-testid="report-wizard">
      {toastHolder}
      {view.returned && <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="report-returned" message={`${t('reportReturned')}${view.returned.reason}`} />}
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('reportYearFixed')}><span data-testid="r-reportYear">{view.reportYear}</span></Descriptions.Item>
        {view.due && <Descriptions.Item label={t('reportDue')}>{shanghaiDay(view.due, lang)}</Descriptions.Item>}
      </Descriptions>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: t('stepServedList') }, { title: t('stepServices') }, { title: t('stepSummary') }, { title: t('stepReview') }]} />
      <Form form={form} layout="vertical" initialValues={{ services: [{ function: 'information', activities: undefined, enterprisesServed: undefined }] }}>
        <div style={{ display: step === 0 ? 'block' : 'none' }}>
          <Alert type="info" showIcon message={t('servedListHint')} style={{ marginBottom: 12 }} />
          <Space wrap style={{ marginBottom: 12 }}>
            <Button onClick={() => void saveAs(client.GET('/svc/applications/api/reports/served-list-template.xlsx', { parseAs: 'blob' }), '服务企业名单模板.xlsx').catch(problem)} data-testid="served-template">{t('downloadTemplate')}</Button>
            <span data-testid="served-upload">
              <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => { void send(f, 'served-list'); return false; }} disabled={progress !== null}>
                <Button type="primary">{t('uploadServedList')}</Button>
              </Upload>
            </span>
            {progress !== null && <Progress percent={progress} size="small" style={{ width: 160 }} />}
          </Space>
          {list && (
            <>
              <Row gutter={16} data-testid="served-counts">
                <Col xs={12} md={4}><Statistic title={t('smesCounted')} value={list.counts.smes} valueStyle={{ color: '#1677ff' }} /></Col>
                <Col xs={12} md={4}><Statistic title={t('sizeMedium')} value={list.counts.medium} /></Col>
                <Col xs={12} md={4}><Statistic title={t('sizeSmall')} value={list.counts.small} /></Col>
                <Col xs={12} md={4}><Statistic title={t('sizeMicro')} value={list.counts.micro} /></Col>
                <Col xs={12} md={4}><Statistic title={t('sizeLarge')} value={list.counts.large} /></Col>
                <Col xs={12} md={4}><Statistic title={t('rowsRefused')} value={list.counts.refused} valueStyle={list.counts.refused ? { color: '#cf1322' } : undefined} /></Col>
              </Row>
              {list.errors.length > 0 && (
                <Table
                  size="small"
                  rowKey={(e) => `${e.row}-${e.field}`}
                  style={{ marginTop: 12 }}
                  data-testid="served-errors"
                  dataSource={list.errors}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t('row'), dataIndex: 'row', width: 80 },
                    { title: t('field'), key: 'field', width: 160, render: (_, e) => COLUMN_NAMES[e.field]?.[lang] ?? e.field },
                    { title: t('reason'), key: 'reason', render: (_, e) => e.reason[lang] },
                  ]}
                />
              )}
            </>
          )}
        </div>
        <div style={{ display: step === 1 ? 'block' : 'none' }}>
          <Form.List name="services">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key} align="bottom">
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'function']} label={t('serviceFunction')} rules={[required]}>
                        <Select data-testid={`r-function-${f.name}`} options={FUNCTIONS.map((k) => ({ value: k, label: FUNCTION_NAMES[k]![lang] }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={10} md={6}><Form.Item name={[f.name, 'activities']} label={t('activitiesHeld')} rules={[required]}><InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`r-activities-${f.name}`} /></Form.Item></Col>
                    <Col xs={10} md={6}><Form.Item name={[f.name, 'enterprisesServed']} label={t('enterprisesServed')} rules={[required]}><InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`r-served-${f.name}`} /></Form.Item></Col>
                    <Col xs={4} md={4}>{fields.length > 1 && <Form.Item><Button onClick={() => remove(f.name)}>−</Button></Form.Item>}</Col>
                  </Row>
                ))}
                {fields.length < FUNCTIONS.length && <Button onClick={() => add({ function: FUNCTIONS.find((k) => !(form.getFieldValue('services') as Values['services']).some((s) => s?.function === k)) })} style={{ marginBottom: 16 }} data-testid="r-add-function">{t('addFunction')}</Button>}
              </>
            )}
          </Form.List>
          <Row gutter={16}>
            <Col xs={12} md={6}><Form.Item name="surveyed" label={t('surveyed')} rules={[required]}>{withId(count, 'r-surveyed')}</Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="satisfied" label={t('satisfied')} dependencies={['surveyed']} rules={[required, notAbove('surveyed')]}>{withId(count, 'r-satisfied')}</Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="servicesTotal" label={t('servicesTotal')} rules={[required]}>{withId(count, 'r-servicesTotal')}</Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="freeOrLowFee" label={t('freeOrLowFee')} dependencies={['servicesTotal']} rules={[required, notAbove('servicesTotal')]}>{withId(count, 'r-freeOrLowFee')}</Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="staffTotal" label={t('staffCount')} rules={[required]}>{withId(count, 'r-staffTotal')}</Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="staffQualified" label={t('staffQualified')} dependencies={['staffTotal']} rules={[required, notAbove('staffTotal')]}>{withId(count, 'r-staffQualified')}</Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="revenueYuan" label={t('revenueYuan')} rules={[required, { pattern: /^\d{1,13}(\.\d{1,2})?$/, message: t('badYuan') }]}><Input data-testid="r-revenueYuan" /></Form.Item></Col>
          </Row>
        </div>
        <div style={{ display: step === 2 ? 'block' : 'none' }}>
          <Form.Item name="summary" label={t('summary')} rules={[{ ...required, whitespace: true }, { max: 20_000 }]}><Input.TextArea rows={4} data-testid="r-summary" /></Form.Item>
          <Form.Item name="plans" label={t('plans')} rules={[{ ...required, whitespace: true }, { max: 20_000 }]}><Input.TextArea rows={3} data-testid="r-plans" /></Form.Item>
          <Form.Item name="highlights" label={t('highlights')} rules={[{ ...required, whitespace: true }, { max: 5_000 }]}><Input.TextArea rows={2} data-testid="r-highlights" /></Form.Item>
          <Space direction="vertical" style={{ width: '100%' }}>
            <div data-testid="attach-upload">
              <Upload accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx" showUploadList={false} beforeUpload={(f) => { void send(f, 'attachments'); return false; }} disabled={progress !== null}>
                <Button data-testid="r-attach">{t('uploadAttachment')}</Button>
              </Upload>
            </div>
            {attachments.map((a) => <div key={a.id} data-testid="r-attachment">{a.filename}（SHA-256 {a.sha256.slice(0, 12)}…）</div>)}
          </Space>
        </div>
        {step === 3 && list && (
          <Descriptions bordered size="small" column={1} data-testid="report-review">
            <Descriptions.Item label={t('smesCounted')}>{list.counts.smes}</Descriptions.Item>
            <Descriptions.Item label={t('stepServices')}>
              {(form.getFieldValue('services') as Values['services']).map((s) => `${FUNCTION_NAMES[s.function]?.[lang] ?? s.function}: ${s.activities} / ${s.enterprisesServed}`).join('；')}
            </Descriptions.Item>
            <Descriptions.Item label={t('satisfied')}>{`${form.getFieldValue('satisfied') as number} / ${form.getFieldValue('surveyed') as number}`}</Descriptions.Item>
            <Descriptions.Item label={t('revenueYuan')}><span data-testid="review-revenue">{money(form.getFieldValue('revenueYuan') as string, lang)}</span></Descriptions.Item>
            <Descriptions.Item label={t('attachments')}>{attachments.length}</Descriptions.Item>
          </Descriptions>
        )}
      </Form>
      <Space style={{ marginTop: 16 }}>
        {step > 0 && <Button onClick={() => setStep(step - 1)} data-testid="r-previous">{t('previous')}</Button>}
        {step < 3 && <Button type="primary" onClick={() => void next().catch(() => undefined)} data-testid="r-next">{t('next')}</Button>}
        {step === 3 && <Button type="primary" loading={filing} onClick={() => void file()} data-testid="file-report">{t('fileReport')}</Button>}
      </Space>
    </Card>
  );
}

function withId(el: ReactElement<Record<string, unknown>>, id: string): ReactElement {
  return cloneElement(el, { 'data-testid': id });
}
