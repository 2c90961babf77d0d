import { Alert, Button, Card, Col, Empty, InputNumber, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useContext, useState } from 'react';
import { answer, client, type Schema } from '../../api';
import { useAuth } from '../../auth';
import { CALL_STAGE_NAMES, LangContext, shanghaiDateTime, STAGE_NAMES, TEXT, type TextKey, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';
import { PipelineChart, ReportRatesChart } from './Charts';

/** The overview's rows, as the service documents them (libs/api-client). */
type RunningGroup = Schema<'RunningGroup'>;
type RunningWorkflow = Schema<'RunningWorkflow'>;
type PendingActivity = Schema<'PendingActivity'>;
type StuckWorkflowTask = Schema<'StuckWorkflowTask'>;
type UpcomingTimer = Schema<'UpcomingTimer'>;

const row = (testid: string) => ({ 'data-testid': testid }) as React.HTMLAttributes<HTMLElement>;

/**
 * What an operator watches (the bureau sees the two charts): running workflows by type, stage and call year, the
 * activities and workflow tasks they are stuck on, what is due next, the applications pipeline per call year and
 * the on-time rate of annual reports, with a link to the Temporal UI for anything deeper.
 */
export function Operations() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const [year, setYear] = useState<number>(() => Number(new URLSearchParams(window.location.search).get('year')) || Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())));
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/operations/overview', { params: { query: { year } } })), [year]);
  const operator = principal?.role === 'operator';

  /** A text of this screen by a key made from data, or the raw value when there is none. */
  const named = (prefix: string, value: string): string => (`${prefix}${value}` in TEXT ? t(`${prefix}${value}` as TextKey) : value);
  const stageName = (stage: string | null): string => {
    if (stage === null) return '—';
    if (stage.startsWith('call_')) return CALL_STAGE_NAMES[stage.slice(5)]?.[lang] ?? stage;
    return STAGE_NAMES[stage]?.[lang] ?? named('stage_', stage);
  };
  /** A technical name said in words, the engine's own term in a tooltip for whoever needs to look it up. */
  const termed = (prefix: string, value: string) => <Tooltip title={value}><span>{named(prefix, value)}</span></Tooltip>;
  const typeName = (type: string) => termed('type_', type);
  const when = (iso: string | null) => (iso ? shanghaiDateTime(iso, lang) : '—');

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <h2 style={{ margin: 0 }}>{t('operations')}</h2>
        <InputNumber min={2000} max={2200} value={year} onChange={(v) => v && setYear(v)} addonBefore={t('opsYear')} aria-label={t('opsYear')} data-testid="ops-year" />
        <Button onClick={reload} loading={loading} data-testid="ops-refresh">{t('refresh')}</Button>
        {data && operator && (
          <Tooltip title={t('temporalUiHint')}>
            <Typography.Link href={data.temporalUi.workflowsUrl} target="_blank" rel="noreferrer" data-testid="temporal-ui-link">{t('temporalUi')}</Typography.Link>
          </Tooltip>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('opsIntro')}</Typography.Paragraph>
      {error ? (
        <LoadError error={error} retry={reload} />
      ) : !data ? (
        <Card loading />
      ) : (
        <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="ops-overview">
          {operator && (
            <>
              <Row gutter={16}>
                <Col span={6}><Card size="small"><Statistic title={t('runningTotal')} value={data.running.total} valueRender={(v) => <span data-testid="running-total">{v}</span>} /></Card></Col>
                <Col span={6}><Card size="small"><Statistic title={t('runningOfYear')} value={data.running.workflows.length} valueRender={(v) => <span data-testid="running-of-year">{v}</span>} /></Card></Col>
                <Col span={12}>
                  <Card size="small" title={t('namespace')} extra={<Tag>{data.namespace}</Tag>}>
                    <Space wrap>{data.running.byType.map((b) => <Tag key={b.type} color="blue" data-testid={`by-type-${b.type}`}>{typeName(b.type)} {b.count}</Tag>)}</Space>
                  </Card>
                </Col>
              </Row>

              <Card size="small" title={t('runningByStage')}>
                <Table<RunningGroup>
                  size="small"
                  pagination={false}
                  rowKey={(g) => `${g.type}|${g.stage}|${g.callYear}`}
                  dataSource={data.running.groups}
                  data-testid="running-groups"
                  locale={{ emptyText: <Empty description={t('noRunning')} /> }}
                  onRow={(g) => row(`group-${g.type}-${g.stage ?? 'none'}`)}
                  columns={[
                    { title: t('workflowType'), dataIndex: 'type', render: (v: string) => typeName(v) },
                    { title: t('stage'), dataIndex: 'stage', render: (v: string | null) => stageName(v) },
                    { title: t('callYear'), dataIndex: 'callYear', render: (v: number | null) => v ?? '—' },
                    { title: t('count'), dataIndex: 'count', render: (v: number) => <span data-testid="group-count">{v}</span> },
                  ]}
                />
              </Card>

              <Card size="small" title={t('runningOfYear')} extra={data.running.truncated ? <Tag color="orange">{t('truncatedNote')}</Tag> : null}>
                <Table<RunningWorkflow>
                  size="small"
                  rowKey="workflowId"
                  dataSource={data.running.workflows}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  data-testid="running-table"
                  locale={{ emptyText: <Empty description={t('noRunning')} /> }}
                  onRow={(w) => row(`wf-${w.workflowId}`)}
                  columns={[
                    { title: t('workflowType'), dataIndex: 'type', render: (v: string) => typeName(v) },
                    { title: t('workflowId'), dataIndex: 'workflowId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                    { title: t('stage'), dataIndex: 'stage', render: (v: string | null) => <span data-testid="wf-stage">{stageName(v)}</span> },
                    { title: t('callYear'), dataIndex: 'callYear', render: (v: number | null) => v ?? '—' },
                    { title: t('startedAt'), dataIndex: 'startedAt', render: (v: string) => when(v) },
                  ]}
                />
              </Card>

              <Card size="small" title={t('pendingActivities')} extra={<span>{t('describedNote')}: {data.described} / {data.describeLimit}</span>}>
                <Table<PendingActivity>
                  size="small"
                  pagination={false}
                  rowKey={(a) => `${a.workflowId}/${a.activityId}`}
                  dataSource={data.pendingActivities}
                  data-testid="pending-activities"
                  locale={{ emptyText: <Empty description={t('noPendingActivities')} /> }}
                  onRow={(a) => row(`activity-${a.workflowId}`)}
                  columns={[
                    { title: t('workflowId'), dataIndex: 'workflowId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                    { title: t('activityType'), dataIndex: 'activityType', render: (v: string) => termed('act_', v) },
                    { title: t('activityState'), dataIndex: 'state', render: (v: string) => <Tag>{v}</Tag> },
                    { title: t('attempt'), dataIndex: 'attempt' },
                    { title: t('lastFailure'), dataIndex: 'lastFailure', render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
                    { title: t('nextAttemptAt'), dataIndex: 'nextAttemptAt', render: (v: string | null) => when(v) },
                  ]}
                />
                {data.stuckWorkflowTasks.length > 0 ? (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="error"
                    data-testid="stuck-tasks"
                    message={t('stuckTasks')}
                    description={data.stuckWorkflowTasks.map((s: StuckWorkflowTask) => (
                      <div key={s.workflowId} data-testid={`stuck-${s.workflowId}`}>
                        <Typography.Text code>{s.workflowId}</Typography.Text> {typeName(s.workflowType)} · {t('attempt')} {s.attempt}
                      </div>
                    ))}
                  />
                ) : (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('noStuckTasks')}</Typography.Paragraph>
                )}
              </Card>

              {data.stillWaiting.length > 0 && (
                <Card size="small" title={t('stillWaiting')} data-testid="still-waiting">
                  <Table
                    size="small"
                    rowKey={(x) => `${x.workflowId}/${x.what}`}
                    dataSource={data.stillWaiting}
                    pagination={false}
                    columns={[
                      { title: t('workflowId'), dataIndex: 'workflowId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                      { title: t('what'), dataIndex: 'what', render: (v: string) => named('wait_', v) },
                      { title: t('since'), dataIndex: 'since', render: (v: string) => when(v) },
                      { title: t('pendingFor'), dataIndex: 'pending', render: (v: string[]) => v.join('、') || '—' },
                    ]}
                  />
                </Card>
              )}

              <Card size="small" title={t('timers')} extra={<Typography.Text type="secondary">{t('timersNote')}</Typography.Text>}>
                <Table<UpcomingTimer>
                  size="small"
                  rowKey={(x) => `${x.source}/${x.id}/${x.what}`}
                  // A past deadline is never listed as upcoming (it shows under the waits and the failing work instead).
                  dataSource={data.timers.filter((x) => Date.parse(x.at) >= Date.parse(data.generatedAt))}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  data-testid="timers"
                  locale={{ emptyText: <Empty description={t('noTimers')} /> }}
                  onRow={(x) => row(`timer-${x.id}-${x.what}`)}
                  columns={[
                    { title: t('at'), dataIndex: 'at', render: (v: string) => <span data-testid="timer-at">{when(v)}</span> },
                    { title: t('what'), dataIndex: 'what', render: (v: string) => named('what_', v) },
                    { title: t('source'), dataIndex: 'source', render: (v: string) => <Tag>{named('src_', v)}</Tag> },
                    { title: t('workflowId'), dataIndex: 'id', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  ]}
                />
              </Card>
            </>
          )}
          <Row gutter={16}>
            <Col xs={24} lg={12}><PipelineChart pipeline={data.pipeline} stageName={stageName} /></Col>
            <Col xs={24} lg={12}><ReportRatesChart rates={data.reportRates} /></Col>
          </Row>
        </Space>
      )}
    </>
  );
}
