import { Alert, Card, List, Space, Spin, Tag, Typography } from 'antd';
import { useContext, useEffect, useState } from 'react';
import { answer, ApiError, client, type operations, type Schema } from '../../api';
import { LangContext, type TextKey, useT } from '../../i18n';
import { factsOf, REQUIRED_FACTS, type WizardValues } from './facts';

/** The service's answer to the check, as it documents it (libs/api-client). */
type Check = operations['applications_RulesController_eligibility']['responses'][200]['content']['application/json'];

const COLOR = { pass: 'green', fail: 'red', needs_evidence: 'gold' } as const;

/**
 * The live self-check beside the form: every clause of Arts. 6-8 with its article, asked of the service (the same
 * rules the workflow applies, `POST /api/eligibility/check`) a moment after the applicant stops typing.
 */
export function EligibilityPanel({ values, creditCode, today }: { values: WizardValues; creditCode: string; today: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { facts, missing, contradiction } = factsOf(values, creditCode, Number(today.slice(0, 4)));
  const key = facts ? JSON.stringify(facts) : null;
  const [state, setState] = useState<{ key: string; check?: Check; error?: string } | null>(null);

  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = setTimeout(() => {
      // The facts are complete here (factsOf gives none while a REQUIRED_FACTS member is missing); their shape is
      // partialFacts's in facts.ts, which builds them by hand for the draft too.
      const body = { applicationDate: today, ...(JSON.parse(key) as Omit<Schema<'EligibilityCheckDto'>, 'applicationDate'>) };
      answer(client.POST('/svc/applications/api/eligibility/check', { body })).then(
        (check) => live && setState({ key, check }),
        (err: unknown) => live && setState({ key, error: err instanceof ApiError ? err.text(lang) : String(err) }),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, today, lang]);

  const current = state && state.key === key ? state : null;
  return (
    <Card title={t('liveCheck')} size="small" data-testid="eligibility-panel" style={{ position: 'sticky', top: 16 }}>
      {contradiction ? (
        <Alert type="error" showIcon message={`${t('eligibilityContradiction')}${t('qualifiedOverServing')}`} data-testid="eligibility-contradiction" />
      ) : !facts ? (
        <Alert type="info" showIcon message={t('liveCheckHint')} description={`${t('liveCheckMissing')}${[...new Set(missing.map((m) => REQUIRED_FACTS.find(([f]) => f === m)![1]))].map((label) => t(label)).join(lang === 'zh' ? '、' : ', ')}`} data-testid="eligibility-incomplete" />
      ) : !current ? (
        <Space><Spin size="small" /> {t('checking')}</Space>
      ) : current.error ? (
        <Alert type="warning" showIcon message={current.error} />
      ) : (
        <>
          <Tag color={current.check!.outcome === 'eligible' ? 'green' : current.check!.outcome === 'ineligible' ? 'red' : 'gold'} data-testid="eligibility-outcome" data-outcome={current.check!.outcome}>
            {t(`outcome_${current.check!.outcome}` as TextKey)}
          </Tag>
          <List
            size="small"
            dataSource={current.check!.clauses}
            renderItem={(c) => (
              <List.Item data-testid={`clause-${c.id}`} data-status={c.status}>
                <Space direction="vertical" size={0}>
                  <Space size={4}>
                    <Tag color={COLOR[c.status]}>{t(`clause_${c.status}` as TextKey)}</Tag>
                    <Typography.Text type="secondary">{c.article}</Typography.Text>
                  </Space>
                  <Typography.Text>{c.reason[lang]}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
