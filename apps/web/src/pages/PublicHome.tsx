import { Alert, Button, Card, Empty, Input, List, message, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useContext, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { answer, answerPage, ApiError, client, type Schema } from '../api';
import { FUNCTION_NAMES, LangContext, shanghaiDay, shanghaiToday, useT } from '../i18n';
import { LoadError } from './LoadError';
import { ObjectionForm } from './ObjectionForm';
import { useLoad } from './useLoad';

function NoticeBoard() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [objecting, setObjecting] = useState<Schema<'PublicNotice'> | null>(null);
  const [toast, toastHolder] = message.useMessage();
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/public/notices')), []);
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <>
    {toastHolder}
    {objecting && (
      <ObjectionForm
        notice={objecting}
        onClose={() => setObjecting(null)}
        onDone={(id) => {
          setObjecting(null);
          void toast.success({ content: `${t('objectionReceived')} ${id}`, className: 'objection-received' });
          reload();
        }}
      />
    )}
    <List
      loading={loading}
      dataSource={data ?? []}
      locale={{ emptyText: <Empty description={t('noNotices')} /> }}
      renderItem={(n) => (
        // Each notice a list item (a list holds only items), its card inside.
        <List.Item key={n.noticeId} style={{ display: 'block', padding: 0, borderBlockEnd: 'none' }}>
          <Card
            data-testid={`notice-${n.noticeId}`}
            title={`${n.callYear} · ${t('noticeBoard')} ${n.noticeId}`}
            style={{ marginBottom: 16 }}
            extra={n.open ? <Button onClick={() => setObjecting(n)} data-testid={`object-${n.noticeId}`}>{t('raiseObjection')}</Button> : <Tag>{t('noticeClosed')}</Tag>}
          >
            <Space direction="vertical">
              <span>
                {t('noticePeriod')}：{shanghaiDay(n.start, lang)} – {shanghaiDay(n.end, lang)} {n.provisional && <Tag color="orange">{t('provisional')}</Tag>}
              </span>
              <span>
                {t('workingDaysLeft')}：<Typography.Text strong data-testid="working-days-left">{n.workingDaysLeft}</Typography.Text> · {t('objections')}：
                <span data-testid="objection-count">{n.objections}</span>
              </span>
              <span>{t('candidates')}：</span>
              <List size="small" dataSource={n.candidates} renderItem={(c) => <List.Item>{c.rank}. {c.institutionName}（{c.creditCode}）</List.Item>} />
            </Space>
          </Card>
        </List.Item>
      )}
    />
    </>
  );
}

function PlatformList() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [q, setQ] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  // One page from the server: every title is reachable, however long the register (第十八条).
  const { data, error, loading, reload } = useLoad(
    () => answerPage(client.GET('/svc/applications/api/public/platforms', { params: { query: { ...(q ? { q } : {}), page: paging.page, pageSize: paging.pageSize } } })),
    [q, paging.page, paging.pageSize],
  );
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder={t('registerSearch')}
        allowClear
        onSearch={(v) => {
          setQ(v.trim());
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        style={{ maxWidth: 360 }}
        maxLength={100}
        data-testid="platform-search"
      />
      <Table<Schema<'PublicPlatform'>>
        rowKey="creditCode"
        loading={loading}
        dataSource={data?.body ?? []}
        locale={{ emptyText: <Empty description={t('noPlatforms')} /> }}
        data-testid="register-table"
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => <span data-testid="register-total">{t('platformsTotal').replace('{n}', String(n))}</span>,
          onChange: (page, pageSize) => setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
        }}
        columns={[
          { title: t('institution'), dataIndex: 'institutionName' },
          { title: t('creditCode'), dataIndex: 'creditCode' },
          { title: t('awardedOn'), dataIndex: 'awardedOn', render: (v: string) => shanghaiDay(v, lang) },
          { title: t('validThrough'), dataIndex: 'validThrough', render: (v: string, r) => (
              <Space>
                {shanghaiDay(v, lang)}
                <Tag color={r.valid ? 'green' : r.status === 'revoked' ? 'red' : 'default'} data-testid={`register-status-${r.creditCode}`}>
                  {r.status === 'valid' ? t('valid') : r.status === 'revoked' ? t('titleRevoked') : r.status === 'lapsed' ? t('titleLapsed') : t('expired')}
                  {r.status === 'revoked' || r.status === 'lapsed' ? ` ${r.endedOn ? shanghaiDay(r.endedOn, lang) : ''}（${r.endArticle ?? ''}）` : ''}
                </Tag>
              </Space>
            ) },
          { title: t('functions'), dataIndex: 'functions', render: (f: string[]) => f.map((x) => <Tag key={x}>{FUNCTION_NAMES[x]?.[lang] ?? x}</Tag>) },
        ]}
      />
    </Space>
  );
}

const OUTCOME_COLOR: Record<string, string> = { excellent: 'green', pass: 'blue', rectify: 'orange', fail: 'red' };

const OPEN_DATA = '/svc/applications/api/public';

/** The open data: the register and the notices as CSV, JSON and Excel, and the feed of notices and results. */
function OpenData() {
  const t = useT();
  const formats = (name: string) => (
    <Space>
      {(['csv', 'json', 'xlsx'] as const).map((f) => (
        <a key={f} href={`${OPEN_DATA}/${name}.${f}`} download data-testid={`open-${name}-${f}`}>{f === 'xlsx' ? 'Excel' : f.toUpperCase()}</a>
      ))}
    </Space>
  );
  return (
    <Space direction="vertical">
      <Typography.Paragraph>{t('openDataIntro')}</Typography.Paragraph>
      <List
        bordered
        dataSource={[
          { key: 'register', title: t('openRegister'), links: formats('platforms') },
          { key: 'notices', title: t('openNotices'), links: formats('notices') },
          { key: 'feed', title: t('openFeed'), links: <a href={`${OPEN_DATA}/feed.atom`} data-testid="open-feed">Atom</a> },
        ]}
        renderItem={(item) => (
          <List.Item key={item.key} extra={item.links}>
            {item.title}
          </List.Item>
        )}
      />
    </Space>
  );
}

/** The evaluation results the bureau approved (第十九条, 第十八条), by year; nothing until published. */
function EvaluationResults() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [year, setYear] = useState(() => Number(shanghaiToday().slice(0, 4)) - 1);
  const { data, error, loading, reload } = useLoad(
    () => answer(client.GET('/svc/applications/api/public/evaluations/{year}', { params: { path: { year } } })).catch((err: unknown) => (err instanceof ApiError && err.problem.status === 404 ? null : Promise.reject(err))),
    [year],
  );
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => setYear(year - 1)} data-testid="results-previous">{year - 1}</Button>
        <Typography.Text strong data-testid="results-year">{year}{t('year')}</Typography.Text>
        {year < Number(shanghaiToday().slice(0, 4)) - 1 && <Button onClick={() => setYear(year + 1)}>{year + 1}</Button>}
        {data?.indicatorSet.status === 'provisional' && <Tag color="gold">{data.indicatorSet.title[lang]}</Tag>}
      </Space>
      <Table
        rowKey="creditCode"
        loading={loading}
        dataSource={data?.results ?? []}
        locale={{ emptyText: <Empty description={t('resultsNotPublished')} data-testid="results-not-published" /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('rank'), dataIndex: 'rank', width: 70 },
          { title: t('institution'), dataIndex: 'institutionName' },
          { title: t('evalScore'), dataIndex: 'total' },
          { title: t('evaluations'), key: 'outcome', render: (_, r) => <Tag color={OUTCOME_COLOR[r.outcome]} data-testid={`public-outcome-${r.creditCode}`}>{r.outcomeName[lang]}</Tag> },
        ]}
      />
    </Space>
  );
}

/** Annual report summaries the bureau chose to publish (第十五条 视情对外发布). */
function ReportSummaries() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/public/report-summaries')), []);
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <List
      loading={loading}
      dataSource={data ?? []}
      locale={{ emptyText: <Empty description={t('noSummaries')} /> }}
      renderItem={(r) => (
        <List.Item data-testid={`summary-${r.creditCode}-${r.reportYear}`}>
          <List.Item.Meta
            title={`${r.institutionName} · ${r.reportYear}${t('year')}`}
            description={
              <Space direction="vertical" size={2}>
                <span>{lang === 'zh' ? `服务本地中小企业 ${r.smesServed} 家，满意度 ${r.satisfactionPercent}%` : `${r.smesServed} local SMEs served, satisfaction ${r.satisfactionPercent}%`}</span>
                <span>{r.services.map((x) => `${FUNCTION_NAMES[x.function]?.[lang] ?? x.function} ${x.activities}`).join(' · ')}</span>
                <span>{r.highlights}</span>
                {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** The tab a link opens: the Atom feed's entries link `#notices`, `#register` and `#evaluation-<year>`. */
const TAB_OF_HASH: Array<[RegExp, string]> = [
  [/^#(register|platforms)$/, 'platforms'],
  [/^#(evaluation-\d{4}|results)$/, 'results'],
  [/^#summaries$/, 'summaries'],
  [/^#open-data$/, 'open-data'],
];
const tabOf = (hash: string): string => TAB_OF_HASH.find(([re]) => re.test(hash))?.[1] ?? 'notices';

export function PublicHome() {
  const t = useT();
  const { hash } = useLocation();
  const navigate = useNavigate();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('publicIntro')} />
      {/* The open tab follows the address, so a link (a feed entry) opens its own and the browser's back button works. */}
      <Tabs activeKey={tabOf(hash)} onChange={(key) => void navigate({ hash: key })} data-testid="public-tabs" items={[
        { key: 'notices', label: t('noticeBoard'), children: <NoticeBoard /> },
        { key: 'platforms', label: t('platformList'), children: <PlatformList /> },
        { key: 'results', label: t('evaluationResults'), children: <EvaluationResults /> },
        { key: 'summaries', label: t('reportSummaries'), children: <ReportSummaries /> },
        { key: 'open-data', label: t('openData'), children: <OpenData /> },
      ]} />
    </Space>
  );
}
