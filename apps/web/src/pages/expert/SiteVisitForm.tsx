import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Tag } from 'antd';
import { useContext } from 'react';
import { answer, client } from '../../api';
import { LangContext, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useDecision } from '../useDecision';
import { useLoad } from '../useLoad';

interface Values {
  met: string[];
  findings?: Record<string, boolean>;
  satisfactionPercent: number;
  opinion: string;
  expertIds: string[];
}

/** 0..100 % as the share the service takes: 0..1 with at most four decimals (92.35 % -> 0.9235). */
const shareOf = (percent: number) => Math.round(percent * 100) / 10_000;

/**
 * Staff record the site visit (第十一条): the Annex 2 checklist of the application's policy version, the
 * served-enterprise survey and the site opinion, with the experts who visited. The workflow checks the report and
 * answers; a refusal shows its reason. `onDone` runs after the workflow took the report.
 */
export function SiteVisitForm({ applicationId, onDone }: { applicationId: string; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<Values>();
  const { busy, refused, decide } = useDecision();
  const { data, error, loading, reload } = useLoad(async () => {
    const [application, experts] = await Promise.all([
      answer(client.GET('/svc/applications/api/applications/{id}', { params: { path: { id: applicationId } } })),
      answer(client.GET('/svc/scoring/api/experts')),
    ]);
    // The policy version the workflow bound the application to; older workflows do not say it, the call does.
    const version = application.status?.applicant?.policyVersion
      ?? (await answer(client.GET('/svc/applications/api/calls'))).find((c) => c.year === application.callYear)?.policyVersion;
    const policy = version ? await answer(client.GET('/svc/applications/api/policies/{id}', { params: { path: { id: version } } })) : null;
    return { policy, experts: experts.filter((e) => e.active), pending: application.status?.eligibility?.pending ?? [] };
  }, [applicationId]);

  if (error) return <LoadError error={error} retry={reload} />;
  if (loading && !data) return <Card loading />;
  if (!data) return null;
  if (!data.policy) return <Alert type="warning" showIcon message={t('noPolicyVersion')} />;
  const items = data.policy.siteChecklist.items;

  const submit = async () => {
    // Empty or incomplete, the form says what is missing beside each field.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = {
      checklist: Object.fromEntries(items.map((i) => [i.id, v.met.includes(i.id)])),
      findings: Object.fromEntries(data.pending.map((p) => [p.id, v.findings?.[p.id] === true])),
      surveySatisfaction: shareOf(v.satisfactionPercent),
      opinion: v.opinion.trim(),
      expertIds: v.expertIds,
    };
    if (await decide((headers) => answer(client.POST('/svc/applications/api/applications/{id}/site-visit', { params: { path: { id: applicationId } }, body, headers })))) onDone();
  };

  return (
    <Card title={t('siteVisitForm')} size="small" data-testid="site-visit-form">
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ met: [] }}>
        <Form.Item name="met" label={t('siteChecklistTick')}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Space direction="vertical">
              {items.map((i) => (
                <Checkbox key={i.id} value={i.id} data-testid={`site-check-${i.id}`}>
                  {i.text[lang]} <Tag>{i.article}</Tag>
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        {data.pending.length > 0 && (
          <Card size="small" type="inner" title={t('findingsTitle')} style={{ marginBottom: 16 }} data-testid="site-findings">
            <Alert type="info" showIcon message={t('findingsIntro')} style={{ marginBottom: 12 }} />
            {items
              .filter((i) => data.pending.some((p) => p.item === i.id))
              .map((i) => (
                <div key={i.id} style={{ marginBottom: 8 }}>
                  <strong>{i.text[lang]}</strong>
                  {data.pending
                    .filter((p) => p.item === i.id)
                    .map((p) => (
                      <Form.Item key={p.id} name={['findings', p.id]} label={<span>{p.reason[lang].replace(/^需佐证材料及实地考察核实：|^to be verified by evidence and the site visit: /, '')} <Tag>{p.article}</Tag></span>} rules={[{ required: true, message: t('findingRequired') }]} style={{ marginBottom: 4 }}>
                        <Radio.Group>
                          <Radio.Button value={true}><span data-testid={`finding-${p.id}-yes`}>{t('findingConfirmed')}</span></Radio.Button>
                          <Radio.Button value={false}><span data-testid={`finding-${p.id}-no`}>{t('findingFailed')}</span></Radio.Button>
                        </Radio.Group>
                      </Form.Item>
                    ))}
                </div>
              ))}
          </Card>
        )}
        <Form.Item name="satisfactionPercent" label={t('satisfactionPercent')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={0} max={100} step={0.01} precision={2} addonAfter="%" style={{ width: 200 }} data-testid="site-satisfaction" />
        </Form.Item>
        <Form.Item name="opinion" label={t('siteOpinionText')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 4000 }]}>
          <Input.TextArea rows={3} data-testid="site-opinion" />
        </Form.Item>
        <Form.Item name="expertIds" label={t('visitingExperts')} rules={[{ required: true, message: t('required') }, { type: 'array', max: 15 }]}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            data-testid="site-experts"
            options={data.experts.map((e) => ({ value: e.id, label: e.employerName ? `${e.name}（${e.employerName}）` : e.name }))}
          />
        </Form.Item>
        {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} data-testid="site-visit-error" />}
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="site-visit-submit">{t('recordSiteVisit')}</Button>
      </Form>
    </Card>
  );
}
