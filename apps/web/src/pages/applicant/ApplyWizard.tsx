import { Alert, Button, Card, Checkbox, Col, Collapse, Descriptions, Divider, Empty, Form, Input, InputNumber, message, Radio, Row, Select, Space, Steps, Switch, Tag } from 'antd';
import type { FormItemProps } from 'antd';
import { useContext, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { answer, ApiError, client, type Schema } from '../../api';
import { useAuth } from '../../auth';
import { FUNCTION_NAMES, INSTITUTION_TYPE_NAMES, LangContext, MATERIAL_NAMES, money, shanghaiToday, type TextKey, useT, shanghaiDay } from '../../i18n';
import { LoadError } from '../LoadError';
import { PageLoading } from '../PageLoading';
import { useLoad } from '../useLoad';
import { EligibilityPanel } from './EligibilityPanel';
import { EvidencePanel } from './Evidence';
import { contentOf, FUNCTION_FIELDS, FUNCTION_KEYS, MATERIAL_KEYS, OPENNESS_KEYS, qualifiedExceedsServing, valuesOf, type WizardValues } from './facts';

/** A call and a draft as the service documents them (libs/api-client). */
type Call = Schema<'CallEntity'>;
type Draft = Schema<'ApplicationDraftEntity'>;

const YUAN = /^\d{1,15}(\.\d{1,2})?$/;
const STEPS: Array<{ title: TextKey; fields: Array<string | string[]> }> = [
  { title: 'stepBasics', fields: ['callYear', 'institutionName', ['contact', 'email'], ['contact', 'mobile']] },
  { title: 'stepFacts', fields: ['totalAssetsYuan', 'qualified'] },
  { title: 'stepMaterials', fields: [] },
  { title: 'stepConfirm', fields: [] },
];

function callState(c: Call, today: string): 'callOpen' | 'callNotOpen' | 'callClosed' {
  return today < c.opensOn ? 'callNotOpen' : today > c.closesOn ? 'callClosed' : 'callOpen';
}

/**
 * The application wizard (第十条): basics, the Arts. 6-8 facts with the live clause-by-clause check beside them,
 * the materials, and a last look before submitting. Every step is kept as a draft on the service (optimistic
 * versions: a save from a stale tab is refused and the latest version comes back), and submission sends the
 * draft itself, so what the applicant saw is what is submitted.
 */
export function ApplyWizard() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<WizardValues>();
  const values = (Form.useWatch([], form) ?? {}) as WizardValues;
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const draft = useRef<Draft | null>(null);
  // The draft the files go to (第十条: the files are the materials), once the wizard has saved one.
  const [draftId, setDraftId] = useState<string | null>(null);
  const [files, setFiles] = useState<Array<Schema<'EvidenceFileEntity'>>>([]);
  const today = shanghaiToday();
  const thisYear = Number(today.slice(0, 4));
  const creditCode = principal?.institution ?? '';

  const { data, error, reload } = useLoad(async () => {
    const [calls, drafts] = await Promise.all([answer(client.GET('/svc/applications/api/calls')), answer(client.GET('/svc/applications/api/drafts'))]);
    return { calls, open: drafts.filter((d) => !d.submittedApplicationId).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0] ?? null };
  }, []);

  useEffect(() => {
    if (!data) return;
    if (data.open) {
      draft.current = data.open;
      setDraftId(data.open.id);
      form.setFieldsValue(valuesOf(data.open.content, data.open.callYear, thisYear));
      void toast.info({ content: t('draftResumed'), className: 'draft-resumed' });
    } else {
      const open = data.calls.find((c) => callState(c, today) === 'callOpen') ?? data.calls[0];
      form.setFieldsValue({ callYear: open?.year, claimed: [], openness: { openToSmes: 'unsaid', sharesResources: 'unsaid' } });
    }
  }, [data]); // once per load: later edits are the applicant's

  const save = async (quiet = false): Promise<Draft | null> => {
    const v = form.getFieldsValue(true) as WizardValues;
    if (!v.callYear) return null;
    const content = contentOf(v, creditCode, thisYear);
    try {
      const d = draft.current;
      const saved =
        d && d.callYear === v.callYear
          ? await answer(client.PUT('/svc/applications/api/drafts/{id}', { params: { path: { id: d.id } }, body: { version: d.version, content } }))
          : await answer(client.POST('/svc/applications/api/drafts', { body: { callYear: v.callYear, content } }));
      draft.current = saved;
      setDraftId(saved.id);
      if (!quiet) void toast.success({ content: `${t('draftSaved')} ${saved.version}`, className: 'draft-saved' });
      return saved;
    } catch (err) {
      if (err instanceof ApiError && err.problem.status === 409 && draft.current) {
        const latest = await answer(client.GET('/svc/applications/api/drafts/{id}', { params: { path: { id: draft.current.id } } }));
        draft.current = latest;
        form.setFieldsValue(valuesOf(latest.content, latest.callYear, thisYear));
        void toast.warning({ content: t('draftChangedElsewhere'), className: 'draft-conflict' });
      } else {
        void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'draft-refused' });
      }
      return null;
    }
  };

  const go = async (to: number) => {
    if (to > step) await form.validateFields(STEPS[step]!.fields as never);
    setBusy(true);
    await save(true);
    setBusy(false);
    setStep(to);
  };

  const submit = async () => {
    // What the form refuses (a bad amount, more qualified staff than serving staff) goes back to its step first.
    try {
      await form.validateFields(STEPS.flatMap((s) => s.fields) as never);
    } catch {
      const bad = new Set(form.getFieldsError().filter((e) => e.errors.length).map((e) => e.name.join('.')));
      const at = STEPS.findIndex((s) => s.fields.some((f) => bad.has([f].flat().join('.'))));
      if (at >= 0) setStep(at);
      void toast.error({ content: t('fixBeforeSubmit'), className: 'submit-refused' });
      return;
    }
    setBusy(true);
    try {
      const saved = await save(true);
      if (!saved) return;
      const app = await answer(client.POST('/svc/applications/api/drafts/{id}/submit', { params: { path: { id: saved.id } } }));
      void toast.success({ content: `${t('submitted')} ${app.id}`, className: 'application-submitted' });
      void navigate(`/my/applications?open=${app.id}`);
    } catch (err) {
      const fields = err instanceof ApiError ? ((err.problem as unknown as { errors?: Array<{ field: string; reason?: { zh: string; en: string } }> }).errors ?? []) : [];
      const text = err instanceof ApiError ? err.text(lang) : String(err);
      void toast.error({ content: fields.length ? `${text}: ${fields.map((f) => f.reason?.[lang] ?? f.field).join('; ')}` : text, className: 'submit-refused', duration: 8 });
    } finally {
      setBusy(false);
    }
  };

  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return <PageLoading />; // a reload keeps the page (and its messages) up
  if (data.calls.length === 0) return <Empty description={t('noOpenCall')} data-testid="no-call" />;

  const bool = (name: Array<string | number>, label: TextKey) => (
    <Form.Item name={name} label={t(label)} valuePropName="checked">
      <Switch data-testid={`f-${name.join('-')}`} />
    </Form.Item>
  );
  const count = (name: Array<string | number>, label: string, more: Pick<FormItemProps, 'rules' | 'dependencies'> = {}) => (
    <Form.Item name={name} label={label} {...more}>
      <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid={`f-${name.join('-')}`} />
    </Form.Item>
  );
  /** An optional statement: yes, no, or not said (left to the evidence and the site visit). */
  const stated = (name: Array<string | number>, label: TextKey, extra?: TextKey) => {
    const id = `f-${name.join('-')}`;
    return (
      <Form.Item name={name} label={t(label)} initialValue="unsaid" extra={extra ? t(extra) : undefined}>
        <Radio.Group
          optionType="button"
          size="small"
          data-testid={id}
          options={[
            { value: 'yes', label: <span data-testid={`${id}-yes`}>{t('statedYes')}</span> },
            { value: 'no', label: <span data-testid={`${id}-no`}>{t('statedNo')}</span> },
            { value: 'unsaid', label: <span data-testid={`${id}-unsaid`}>{t('statedUnsaid')}</span> },
          ]}
        />
      </Form.Item>
    );
  };
  const notMoreThanServing: FormItemProps['rules'] = [
    ({ getFieldValue }) => ({
      validator: (_rule, qualified: unknown) =>
        qualifiedExceedsServing({ qualified: qualified as number | undefined, servingSmes: getFieldValue('servingSmes') as number | undefined })
          ? Promise.reject(new Error(t('qualifiedOverServing')))
          : Promise.resolve(),
    }),
  ];
  const percent = (name: string, label: TextKey) => (
    <Form.Item name={name} label={t(label)}>
      <InputNumber min={0} max={100} precision={2} addonAfter="%" style={{ width: '100%' }} data-testid={`f-${name}`} />
    </Form.Item>
  );
  const yuan = (name: Array<string | number>, label: TextKey) => (
    <Form.Item name={name} label={t(label)} rules={[{ pattern: YUAN, message: t('badYuan') }]}>
      <Input inputMode="decimal" addonAfter={lang === 'zh' ? '元' : 'yuan'} data-testid={`f-${name.join('-')}`} />
    </Form.Item>
  );
  const claimed = values.claimed ?? [];

  return (
    <>
      {toastHolder}
      <h2>{t('apply')}</h2>
      <Steps current={step} items={STEPS.map((s) => ({ title: t(s.title) }))} style={{ marginBottom: 24 }} data-testid="wizard-steps" />
      <Form form={form} layout="vertical" preserve>
        <div style={{ display: step === 0 ? 'block' : 'none' }}>
          <Card>
            <Form.Item name="callYear" label={t('callToApply')} rules={[{ required: true, message: t('required') }]}>
              <Select
                data-testid="f-callYear"
                options={data.calls.map((c) => ({
                  value: c.year,
                  label: (
                    <Space>
                      {c.year}
                      <span>{t('window')} {shanghaiDay(c.opensOn, lang)} ~ {shanghaiDay(c.closesOn, lang)}</span>
                      <Tag color={callState(c, today) === 'callOpen' ? 'green' : 'default'}>{t(callState(c, today))}</Tag>
                    </Space>
                  ),
                }))}
              />
            </Form.Item>
            <Form.Item label={t('creditCode')}><Input value={creditCode} disabled aria-label={t('creditCode')} /></Form.Item>
            <Form.Item name="institutionName" label={t('institution')} rules={[{ required: true, message: t('required') }, { max: 200 }]}>
              <Input data-testid="f-institutionName" />
            </Form.Item>
            <Row gutter={16}>
              <Col span={8}><Form.Item name={['contact', 'name']} label={t('contactName')} rules={[{ max: 50 }]}><Input data-testid="f-contact-name" /></Form.Item></Col>
              <Col span={8}><Form.Item name={['contact', 'email']} label={t('email')} rules={[{ type: 'email', message: t('badEmail') }]}><Input data-testid="f-contact-email" /></Form.Item></Col>
              <Col span={8}><Form.Item name={['contact', 'mobile']} label={t('mobile')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('badMobile') }]}><Input data-testid="f-contact-mobile" /></Form.Item></Col>
            </Row>
          </Card>
        </div>

        <div style={{ display: step === 1 ? 'block' : 'none' }}>
          <Row gutter={16}>
            <Col xs={24} lg={15}>
              <Card size="small" title={t('art6')} style={{ marginBottom: 16 }}>
                <Row gutter={16}>
                  <Col span={12}>{bool(['legalPerson'], 'legalPerson')}</Col>
                  <Col span={12}>{bool(['financesSound'], 'financesSound')}</Col>
                  <Col span={12}>
                    <Form.Item name="type" label={t('institutionType')}>
                      <Select data-testid="f-type" options={Object.entries(INSTITUTION_TYPE_NAMES).map(([value, n]) => ({ value, label: n[lang] }))} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="establishedOn" label={t('establishedOn')}>
                      <Input type="date" max={today} data-testid="f-establishedOn" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>{yuan(['totalAssetsYuan'], 'totalAssetsYuan')}</Col>
                  <Col span={12}>{percent('satisfactionPct', 'satisfactionPct')}</Col>
                  <Col span={12}>{count(['servedBefore'], `${thisYear - 2}${t('servedIn')}`)}</Col>
                  <Col span={12}>{count(['servedLast'], `${thisYear - 1}${t('servedIn')}`)}</Col>
                </Row>
              </Card>
              <Card size="small" title={t('art6Capacity')} style={{ marginBottom: 16 }}>
                <Row gutter={16}>
                  <Col span={12}>{count(['partnerInstitutions'], t('partnerInstitutions'))}</Col>
                  <Col span={12}>{bool(['fixedPremises'], 'fixedPremises')}</Col>
                  <Col span={12}>{percent('freeOrLowFeePct', 'freeOrLowFeePct')}</Col>
                  <Col span={12}>{count(['servingSmes'], t('servingSmes'))}</Col>
                  <Col span={12}>{count(['qualified'], t('qualified'), { dependencies: ['servingSmes'], rules: notMoreThanServing })}</Col>
                </Row>
              </Card>
              <Card size="small" title={t('art7')} style={{ marginBottom: 16 }}>
                <Alert type="info" showIcon message={t('statedHint')} style={{ marginBottom: 12 }} />
                <Row gutter={16}>
                  {OPENNESS_KEYS.map((k) => (
                    <Col span={12} key={k}>{stated(['openness', k], k)}</Col>
                  ))}
                </Row>
              </Card>
              <Card size="small" title={t('art8')}>
                <Form.Item name="claimed">
                  <Checkbox.Group data-testid="f-claimed" options={FUNCTION_KEYS.map((f) => ({ value: f, label: <span data-testid={`claim-${f}`}>{FUNCTION_NAMES[f]![lang]}</span> }))} />
                </Form.Item>
                {claimed.length > 0 && (
                  <Collapse
                    size="small"
                    defaultActiveKey={[...FUNCTION_KEYS]}
                    items={claimed.map((f) => ({
                      key: f,
                      label: FUNCTION_NAMES[f]![lang],
                      children: (
                        <Row gutter={16}>
                          {FUNCTION_FIELDS[f].map(([k, kind]) => (
                            <Col span={12} key={k}>
                              {kind === 'bool'
                                ? bool(['functions', f, k], k as TextKey)
                                : kind === 'count'
                                  ? count(['functions', f, k], t(k as TextKey))
                                  : kind === 'stated'
                                    ? stated(['functions', f, k], k as TextKey, k === 'sharesInstruments' ? 'sharesInstrumentsHint' : undefined)
                                    : yuan(['functions', f, k], k as TextKey)}
                            </Col>
                          ))}
                        </Row>
                      ),
                    }))}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={9}>
              <EligibilityPanel values={values} creditCode={creditCode} today={today} />
            </Col>
          </Row>
        </div>

        <div style={{ display: step === 2 ? 'block' : 'none' }}>
          <Card>
            <Alert type="info" showIcon message={t('materialsIntro')} style={{ marginBottom: 16 }} />
            {draftId ? <EvidencePanel owner={`drafts/${draftId}`} canUpload onFiles={setFiles} /> : <Card loading />}
          </Card>
        </div>

        {step === 3 && (
          <Card>
            <Descriptions column={1} bordered size="small" data-testid="confirm">
              <Descriptions.Item label={t('callToApply')}>{values.callYear}</Descriptions.Item>
              <Descriptions.Item label={t('creditCode')}>{creditCode}</Descriptions.Item>
              <Descriptions.Item label={t('institution')}>{values.institutionName}</Descriptions.Item>
              <Descriptions.Item label={t('totalAssets')}><span data-testid="confirm-assets">{values.totalAssetsYuan && /^\d+(\.\d{1,2})?$/.test(values.totalAssetsYuan) ? money(values.totalAssetsYuan, lang) : '—'}</span></Descriptions.Item>
              <Descriptions.Item label={t('functions')}>{claimed.map((f) => <Tag key={f}>{FUNCTION_NAMES[f]![lang]}</Tag>)}</Descriptions.Item>
              <Descriptions.Item label={t('filesUploaded')}>
                {MATERIAL_KEYS.map((m) => {
                  const n = files.filter((f) => f.kind === m).length;
                  return <Tag key={m} color={n ? 'green' : 'gold'} data-testid={`uploaded-${m}`}>{MATERIAL_NAMES[m]?.[lang] ?? m}：{n || t('noFileYet')}</Tag>;
                })}
              </Descriptions.Item>
            </Descriptions>
            <Divider />
            <EligibilityPanel values={values} creditCode={creditCode} today={today} />
          </Card>
        )}
      </Form>
      <Space style={{ marginTop: 24 }}>
        {step > 0 && <Button onClick={() => void go(step - 1)} disabled={busy} data-testid="wizard-back">{t('previous')}</Button>}
        <Button onClick={() => void save()} disabled={busy} data-testid="save-draft">{t('saveDraft')}</Button>
        {step < STEPS.length - 1 ? (
          <Button type="primary" loading={busy} onClick={() => void go(step + 1).catch(() => undefined)} data-testid="wizard-next">{t('next')}</Button>
        ) : (
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="wizard-submit">{t('submitApplication')}</Button>
        )}
      </Space>
    </>
  );
}
