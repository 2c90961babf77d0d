import type { AnnualEvaluationStatus } from '@sme/contracts/lifecycle';
import { Alert, Button, Card, Descriptions, Empty, Input, InputNumber, message, Select, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { LangContext, shanghaiDateTime, shanghaiToday, type TextKey, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad, useRefreshWhile } from '../useLoad';

type Outcome = 'pass' | 'rectify' | 'revoke';
const SCORE = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * The annual evaluation (第十九条, Annex 3) as its workflow answers it; in the scoring stage staff enter each
 * platform's outcome and score (a decimal string, never a float) and the workflow tells every platform.
 */
export function Evaluation() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const [year, setYear] = useState(() => Number(shanghaiToday().slice(0, 4)) - 1);
  const [entries, setEntries] = useState<Record<string, { outcome?: Outcome; score?: string }>>({});
  const [busy, setBusy] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const { data, error, loading, reload } = useLoad(() => api<AnnualEvaluationStatus>('applications', `/api/evaluations/${year}`), [year]);
  const notStarted = error instanceof ApiError && error.problem.status === 404;
  // Collecting indicators and telling the platforms need nobody: look again every two seconds until it is done.
  const moving = data?.stage === 'collecting' || data?.stage === 'notifying' || (data?.stage === 'scoring' && data.platforms.every((c) => data.results[c]));
  useRefreshWhile(moving, loading, reload, data);
  const staffEnters = principal?.role === 'staff' && data?.stage === 'scoring';
  const ready = data ? data.platforms.filter((c) => !data.results[c]).every((c) => !entries[c] || (entries[c]!.outcome && SCORE.test(entries[c]!.score ?? ''))) && Object.keys(entries).length > 0 : false;

  const send = async () => {
    setBusy(true);
    try {
      const results = Object.fromEntries(Object.entries(entries).filter(([, e]) => e.outcome && e.score).map(([c, e]) => [c, { outcome: e.outcome!, score: e.score! }]));
      await api('applications', `/api/evaluations/${year}/scores`, { method: 'POST', body: { results } });
      void toast.success({ content: t('resultsRecorded'), className: 'results-recorded' });
      setEntries({});
      reload();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'results-refused', duration: 6 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {toastHolder}
      <Space style={{ marginBottom: 16 }}>
        <h2 style={{ margin: 0 }}>{t('evaluation')}</h2>
        <InputNumber min={2021} max={2200} value={year} onChange={(v) => v && setYear(v)} addonBefore={t('year')} data-testid="evaluation-year" />
      </Space>
      <Alert type="info" showIcon message={t('evalArticle')} style={{ marginBottom: 16 }} />
      {notStarted ? (
        <Empty description={t('evalNotStarted')} data-testid="evaluation-not-started" />
      ) : error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <Card loading={loading || !data}>
          {data && (
            <>
              <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('stage')}><Tag color="blue" data-testid="evaluation-stage">{t(`evalStage_${data.stage}` as TextKey)}</Tag></Descriptions.Item>
                <Descriptions.Item label={t('platformsToEvaluate')}>{data.platforms.length}</Descriptions.Item>
                {data.deadline && <Descriptions.Item label={t('deadline')}>{shanghaiDateTime(data.deadline, lang)}</Descriptions.Item>}
              </Descriptions>
              <Table<string>
                rowKey={(c) => c}
                size="small"
                pagination={false}
                dataSource={data.platforms}
                locale={{ emptyText: <Empty description={t('noEvalPlatforms')} /> }}
                columns={[
                  { title: t('creditCode'), key: 'code', render: (_, c) => c },
                  {
                    title: t('evaluations'),
                    key: 'outcome',
                    render: (_, c) =>
                      data.results[c] ? (
                        <Tag color={data.results[c].outcome === 'pass' ? 'green' : 'red'}>{t(`evalOutcome_${data.results[c].outcome}` as TextKey)}</Tag>
                      ) : staffEnters ? (
                        <Select<Outcome>
                          style={{ width: 140 }}
                          value={entries[c]?.outcome}
                          onChange={(o) => setEntries((e) => ({ ...e, [c]: { ...e[c], outcome: o } }))}
                          data-testid={`eval-outcome-${c}`}
                          options={(['pass', 'rectify', 'revoke'] as const).map((o) => ({ value: o, label: t(`evalOutcome_${o}`) }))}
                        />
                      ) : (
                        '—'
                      ),
                  },
                  {
                    title: t('evalScore'),
                    key: 'score',
                    render: (_, c) =>
                      data.results[c] ? (
                        data.results[c].score
                      ) : staffEnters ? (
                        <Input
                          style={{ width: 100 }}
                          value={entries[c]?.score}
                          status={entries[c]?.score && !SCORE.test(entries[c]!.score!) ? 'error' : undefined}
                          placeholder={t('badScore')}
                          onChange={(ev) => setEntries((e) => ({ ...e, [c]: { ...e[c], score: ev.target.value } }))}
                          data-testid={`eval-score-${c}`}
                        />
                      ) : (
                        '—'
                      ),
                  },
                ]}
              />
              {staffEnters && (
                <Button type="primary" style={{ marginTop: 16 }} disabled={!ready} loading={busy} onClick={() => void send()} data-testid="eval-submit">{t('enterResults')}</Button>
              )}
            </>
          )}
        </Card>
      )}
    </>
  );
}
