import type { PipelineYear, ReportRate } from '@sme/contracts/operations';
import { Card, Empty, Table } from 'antd';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../../i18n';

/** The tooltip's lines in the text colour (the series' own light colours are too faint to read on white, and the bar hovered is named). */
const TOOLTIP_ITEM = { color: '#262626' };
/** The legend's names in the text colour too (its swatch keeps the series' colour): light series colours fail contrast. */
const legendText = (value: string) => <span style={{ color: '#262626' }}>{value}</span>;

const PALETTE = ['#1677ff', '#52c41a', '#faad14', '#13c2c2', '#722ed1', '#eb2f96', '#fa541c', '#2f54eb', '#a0d911', '#8c8c8c', '#f5222d', '#597ef7'];

/** Applications per call year, stacked by stage, with the same numbers in a table beneath. */
export function PipelineChart({ pipeline, stageName }: { pipeline: PipelineYear[]; stageName: (stage: string) => string }) {
  const t = useT();
  const stages = [...new Set(pipeline.flatMap((y) => Object.keys(y.stages)))].sort();
  const rows = pipeline.map((y) => ({ year: String(y.callYear), total: y.total, ...y.stages }));
  return (
    <Card title={t('pipelineChart')} size="small" data-testid="pipeline-chart">
      {stages.length === 0 ? (
        <Empty description={t('noPipeline')} />
      ) : (
        <>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="year" />
              <YAxis allowDecimals={false} />
              <Tooltip itemStyle={TOOLTIP_ITEM} />
              <Legend formatter={legendText} />
              {stages.map((s, i) => (
                <Bar key={s} dataKey={s} name={stageName(s)} stackId="stages" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
          <Table
            size="small"
            pagination={false}
            rowKey="year"
            data-testid="pipeline-table"
            dataSource={rows}
            onRow={(r) => ({ 'data-testid': `pipeline-${r.year}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('callYear'), dataIndex: 'year' },
              ...stages.map((s) => ({ title: stageName(s), dataIndex: s, render: (v?: number) => <span data-testid={`pipeline-cell-${s}`}>{v ?? 0}</span> })),
              { title: t('total'), dataIndex: 'total', render: (v: number) => <span data-testid="pipeline-total">{v}</span> },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** Annual reports per report year: on time, late, missing, not yet due (stacked), with the rate in the table. */
export function ReportRatesChart({ rates }: { rates: ReportRate[] }) {
  const t = useT();
  const rows = rates.map((r) => ({ ...r, year: String(r.reportYear) }));
  return (
    <Card title={t('reportRatesChart')} size="small" data-testid="report-rates-chart">
      {rates.length === 0 ? (
        <Empty description={t('noReportRates')} />
      ) : (
        <>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="year" />
              <YAxis allowDecimals={false} />
              <Tooltip itemStyle={TOOLTIP_ITEM} />
              <Legend formatter={legendText} />
              <Bar dataKey="onTime" name={t('filedOnTime')} stackId="r" fill="#52c41a" isAnimationActive={false} />
              <Bar dataKey="late" name={t('filedLate')} stackId="r" fill="#faad14" isAnimationActive={false} />
              <Bar dataKey="missing" name={t('missing')} stackId="r" fill="#f5222d" isAnimationActive={false} />
              <Bar dataKey="notYetDue" name={t('notYetDue')} stackId="r" fill="#bfbfbf" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <Table
            size="small"
            pagination={false}
            rowKey="year"
            data-testid="report-rates-table"
            dataSource={rows}
            onRow={(r) => ({ 'data-testid': `report-rate-${r.year}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('reportYear'), dataIndex: 'year' },
              { title: t('dueDate'), dataIndex: 'due' },
              { title: t('obliged'), dataIndex: 'obliged', render: (v: number) => <span data-testid="obliged">{v}</span> },
              { title: t('filedOnTime'), dataIndex: 'onTime', render: (v: number) => <span data-testid="on-time">{v}</span> },
              { title: t('filedLate'), dataIndex: 'late', render: (v: number) => <span data-testid="late">{v}</span> },
              { title: t('missing'), dataIndex: 'missing', render: (v: number) => <span data-testid="missing">{v}</span> },
              { title: t('notYetDue'), dataIndex: 'notYetDue' },
              { title: t('onTimeRate'), dataIndex: 'onTimeRate', render: (v: number | null) => <span data-testid="on-time-rate">{v === null ? '—' : `${v}%`}</span> },
            ]}
          />
        </>
      )}
    </Card>
  );
}
