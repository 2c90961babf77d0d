import { Alert, Badge, Button, Card, Col, Descriptions, Drawer, Empty, Input, InputNumber, List, message, Row, Segmented, Select, Space, Steps, Table, type TableProps, Tag } from 'antd';
import { useContext, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { answer, answerPage, ApiError, client, saveAs, type operations, type Schema } from '../api';
import { useAuth } from '../auth';
import { LangContext, MATERIAL_NAMES, shanghaiDateTime, STAGE_NAMES, useT, WAITING_FOR_NAMES } from '../i18n';
import { EvidencePanel, SupplyMaterials } from './applicant/Evidence';
import { CloseApplication } from './expert/CloseApplication';
import { PanelForm } from './expert/PanelForm';
import { PanelRoster } from './expert/PanelRoster';
import { SiteVisitForm } from './expert/SiteVisitForm';
import { PrintButtons } from './applicant/PrintButtons';
import { ApplicationRecord } from './ApplicationRecord';
import { LoadError } from './LoadError';
import { useLoad, useRefreshWhile } from './useLoad';

/** A row of the list, and one application with its progress, as the service documents them (libs/api-client). */
type Summary = Schema<'ApplicationSummary'>;

/** The path an application takes (第十条至第十二条); an ended one stops where it ended. */
const PATH = ['completeness_check', 'accepted', 'eligibility_check', 'awaiting_site_visit', 'awaiting_experts', 'scoring', 'scored'];

/** One application: the workflow's stage as steps, what it waits for, and what the reader may do about it. */
function Detail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/applications/{id}', { params: { path: { id } } })), [id]);
  // Said from here, which stays on screen when the part that acted goes away with the stage it belonged to.
  const [toast, toastHolder] = message.useMessage();
  const changed = () => {
    reload();
    onChanged();
  };
  const supplied = () => {
    void toast.success({ content: t('supplied'), className: 'materials-supplied' });
    changed();
  };
  // While the system itself is at work (checks, a workflow about to start), look again every two seconds.
  const working = data !== undefined && (data.status === null ? data.statusSource === 'pending' : data.status.actor === 'system');
  useRefreshWhile(working, loading, reload, data);
  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return <Steps direction="vertical" items={[{ title: t('loading'), status: 'process' }]} />;
  if (!data.status) return <Alert type={data.statusSource === 'unavailable' ? 'warning' : 'info'} showIcon message={t(data.statusSource === 'unavailable' ? 'statusUnavailable' : 'statusPending')} />;
  const s = data.status;
  const detour = s.stage === 'awaiting_materials' ? 1 : -1;
  const path = detour > 0 ? [PATH[0]!, 'awaiting_materials', ...PATH.slice(1)] : PATH.includes(s.stage) ? PATH : [...PATH.slice(0, 3), s.stage];
  const at = path.indexOf(s.stage);
  return (
    <>
      {toastHolder}
      {principal && <PrintButtons applicationId={id} role={principal.role} />}
      <Steps
        direction="vertical"
        data-testid="timeline"
        current={at}
        status={s.stage === 'ineligible' || s.stage === 'closed_incomplete' || s.stage === 'closed_by_staff' ? 'error' : s.stage === 'scored' ? 'finish' : 'process'}
        items={path.map((stage) => ({ title: STAGE_NAMES[stage]?.[lang] ?? stage }))}
      />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('status')}>{STAGE_NAMES[s.stage]?.[lang] ?? s.stage}</Descriptions.Item>
        {s.waitingFor && <Descriptions.Item label={t('waitingFor')}>{WAITING_FOR_NAMES[s.waitingFor]?.[lang] ?? s.waitingFor}{s.missing.length ? `${lang === 'zh' ? '：' : ': '}${s.missing.map((m) => MATERIAL_NAMES[m]?.[lang] ?? m).join(lang === 'zh' ? '、' : ', ')}` : ''}</Descriptions.Item>}
        {s.deadline && <Descriptions.Item label={t('deadline')}>{shanghaiDateTime(s.deadline, lang)}</Descriptions.Item>}
        {s.article && <Descriptions.Item label={t('basis')}>{s.article}</Descriptions.Item>}
      </Descriptions>
      {principal?.role === 'staff' && s.stage === 'awaiting_site_visit' && <Card size="small" title={t('siteVisitCard')} style={{ marginTop: 16 }}><SiteVisitForm applicationId={id} onDone={changed} /></Card>}
      {principal?.role === 'staff' && s.stage === 'awaiting_experts' && <Card size="small" title={t('panelCard')} style={{ marginTop: 16 }}><PanelForm applicationId={id} onDone={changed} /></Card>}
      {/* The panel with its scores as they come in; staff replace an expert while it scores, everyone else reads. */}
      {principal && ['staff', 'bureau', 'auditor'].includes(principal.role) && (s.stage === 'scoring' || s.stage === 'scored') && (
        <div style={{ marginTop: 16 }}><PanelRoster of={{ applicationId: id }} onDone={changed} readOnly={principal.role !== 'staff' || s.stage === 'scored'} /></div>
      )}
      {principal?.role === 'staff' && ['awaiting_site_visit', 'awaiting_experts', 'scoring'].includes(s.stage) && <CloseApplication applicationId={id} onDone={changed} />}
      {principal?.role === 'applicant' && s.stage === 'awaiting_materials' && s.missing.length > 0 && <SupplyMaterials applicationId={id} missing={s.missing} details={s.missingDetails} onDone={supplied} />}
      {/* The service takes files while the stage asks for them (第十条): a request for materials, the wait for the site visit. */}
      <EvidencePanel owner={`applications/${id}`} canUpload={principal?.role === 'applicant' && ['awaiting_materials', 'awaiting_site_visit'].includes(s.stage)} />
      <ApplicationRecord id={id} />
    </>
  );
}

/** Where an application stands, in the order a board shows them; `null` is "just submitted". */
const BOARD = ['completeness_check', 'awaiting_materials', 'eligibility_check', 'awaiting_site_visit', 'awaiting_experts', 'scoring', 'scored', 'ineligible', 'closed_incomplete', 'closed_by_staff'];

/** Staff's board: one column per stage with its count; a card opens the application. */
function Board({ rows, open }: { rows: Summary[]; open: (id: string) => void }) {
  const { lang } = useContext(LangContext);
  const t = useT();
  const by = new Map<string, Summary[]>();
  for (const r of rows) {
    const stage = r.stage && r.stage !== 'submitted' ? (r.stage === 'accepted' ? 'eligibility_check' : r.stage) : 'completeness_check';
    by.set(stage, [...(by.get(stage) ?? []), r]);
  }
  const columns = [...BOARD, ...[...by.keys()].filter((k) => !BOARD.includes(k))];
  return (
    <Row gutter={[12, 12]} data-testid="board">
      {columns.map((stage) => (
        <Col key={stage} xs={24} sm={12} md={8} lg={6}>
          <Card size="small" title={<Space>{STAGE_NAMES[stage]?.[lang] ?? stage}<Badge count={by.get(stage)?.length ?? 0} showZero color={by.get(stage)?.length ? 'blue' : '#ccc'} /></Space>} data-testid={`column-${stage}`}>
            <List
              size="small"
              dataSource={by.get(stage) ?? []}
              locale={{ emptyText: <span style={{ color: '#595959' }}>—</span> }}
              renderItem={(r) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => open(r.id)} data-testid={`card-${r.id}`}>
                  <Space direction="vertical" size={0}>
                    <span>{r.institutionName}</span>
                    <span style={{ color: '#595959', fontSize: 12 }}>{r.callYear} · {shanghaiDateTime(r.submittedAt, lang)}</span>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      ))}
      {rows.length === 0 && <Col span={24}><Empty description={t('noApplications')} /></Col>}
    </Row>
  );
}

/** The rows the board shows at most: more than that is a crowd, not a board; the list pages through them all. */
const BOARD_LIMIT = 200;

/** The list's query, as the service documents it: search, filters, sorting, paging. */
type ListQuery = NonNullable<operations['applications_ApplicationController_list']['parameters']['query']>;
type Sort = NonNullable<ListQuery['sort']>;
type Stage = NonNullable<ListQuery['stage']>;
interface Filters {
  q: string;
  year: number | null;
  stage: Stage | null;
}
interface Paging {
  page: number;
  pageSize: number;
  sort: Sort;
  order: 'asc' | 'desc';
}

/** Newest first, as the service lists by default. */
const DEFAULT_SORT = { sort: 'submittedAt', order: 'desc' } as const;

/** A view of the list as the service's query (the service searches, filters, sorts and pages). */
function viewQuery(f: Filters, p: Partial<Paging>): ListQuery {
  const query: ListQuery = { q: f.q.trim() || undefined, callYear: f.year ?? undefined, stage: f.stage ?? undefined, ...p };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as ListQuery;
}

/**
 * An applicant's own applications, or (staff, bureau, auditor) all of them as a board by stage or a list; the service
 * searches, filters, sorts and pages, so either stays quick with thousands. Each opens in a drawer with its progress
 * from the workflow. `?open=<id>` opens one at once.
 */
function Applications({ title, board }: { title: string; board: boolean }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [params, setParams] = useSearchParams();
  const open = params.get('open');
  const setOpen = (id: string | null) => setParams(id ? { open: id } : {});
  const [view, setView] = useState<'board' | 'list'>(board ? 'board' : 'list');
  const [filters, setFilters] = useState<Filters>({ q: '', year: null, stage: null });
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize: 20, ...DEFAULT_SORT });
  const [exporting, setExporting] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const filter = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setPaging((p) => ({ ...p, page: 1 }));
  };
  // The board groups by stage itself: it asks for the newest of the search and year, at most BOARD_LIMIT.
  const query = view === 'board' ? viewQuery({ ...filters, stage: null }, { pageSize: BOARD_LIMIT }) : viewQuery(filters, paging);
  const { data, error, loading, reload } = useLoad(() => answerPage(client.GET('/svc/applications/api/applications', { params: { query } })), [JSON.stringify(query)]);
  const exportView = () => {
    setExporting(true);
    saveAs(client.GET('/svc/applications/api/applications.xlsx', { params: { query: viewQuery(filters, { sort: paging.sort, order: paging.order }) }, parseAs: 'blob' }), '申报列表.xlsx')
      .catch((err: unknown) => void toast.error(err instanceof ApiError ? err.text(lang) : String(err)))
      .finally(() => setExporting(false));
  };
  const sortOrder = (key: Sort) => (paging.sort === key ? (paging.order === 'asc' ? 'ascend' : 'descend') : null);
  // A column's sort cleared (its third click) goes back to newest first; a new sort starts again at page 1.
  const onTable: TableProps<Summary>['onChange'] = (pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const next = one?.order ? { sort: one.columnKey as Sort, order: one.order === 'ascend' ? ('asc' as const) : ('desc' as const) } : DEFAULT_SORT;
    setPaging((p) => {
      const resorted = next.sort !== p.sort || next.order !== p.order;
      return { page: resorted ? 1 : (pagination.current ?? 1), pageSize: pagination.pageSize ?? p.pageSize, ...next };
    });
  };
  return (
    <>
      {toastHolder}
      <Space style={{ marginBottom: 16 }} wrap>
        <h2 style={{ margin: 0 }}>{title}</h2>
        {board && (
          <>
            <Segmented value={view} onChange={(v) => setView(v as 'board' | 'list')} options={[{ value: 'board', label: t('boardView') }, { value: 'list', label: t('listView') }]} data-testid="view-toggle" />
            <Input.Search
              allowClear
              maxLength={100}
              placeholder={t('listSearch')}
              aria-label={t('listSearch')}
              defaultValue={filters.q}
              onSearch={(q) => filter({ q })}
              style={{ width: 300 }}
              data-testid="applications-search"
            />
            <InputNumber min={2021} max={2200} value={filters.year} onChange={(v) => filter({ year: v })} placeholder={t('allYears')} addonBefore={t('callYear')} data-testid="pipeline-year" />
            {view === 'list' && (
              <Select
                allowClear
                value={filters.stage}
                onChange={(v: Stage | undefined) => filter({ stage: v ?? null })}
                placeholder={t('anyStage')}
                aria-label={t('stageFilter')}
                prefix={t('stageFilter')}
                style={{ minWidth: 240 }}
                options={Object.entries(STAGE_NAMES).map(([value, name]) => ({ value, label: name[lang] }))}
                data-testid="stage-filter"
              />
            )}
            {view === 'list' && <Button loading={exporting} onClick={exportView} data-testid="export-applications">{t('exportExcel')}</Button>}
          </>
        )}
      </Space>
      {error ? (
        <LoadError error={error} retry={reload} />
      ) : view === 'board' ? (
        loading && !data ? (
          <Card loading />
        ) : (
          <>
            {data && data.total > data.body.length && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('boardTruncated').replace('{shown}', String(data.body.length)).replace('{n}', String(data.total))} data-testid="board-truncated" />}
            <Board rows={data?.body ?? []} open={setOpen} />
          </>
        )
      ) : (
        <Table<Summary>
          rowKey="id"
          loading={loading}
          dataSource={data?.body ?? []}
          onChange={onTable}
          data-testid="applications-table"
          // On a phone the table scrolls within itself (only with rows: each has its button to reach it by keyboard).
          scroll={data?.body.length ? { x: 'max-content' } : undefined}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100, 200],
            showTotal: (n) => <span data-testid="applications-total">{t('applicationsTotal').replace('{n}', String(n))}</span>,
          }}
          locale={{ emptyText: <Empty description={t('noApplications')} /> }}
          columns={[
            { title: t('institution'), key: 'institutionName', dataIndex: 'institutionName', sorter: true, sortOrder: sortOrder('institutionName') },
            { title: t('creditCode'), dataIndex: 'creditCode' },
            { title: t('callYear'), key: 'callYear', dataIndex: 'callYear', sorter: true, sortDirections: ['descend', 'ascend'], sortOrder: sortOrder('callYear'), render: (y: number) => <Tag>{y}</Tag> },
            { title: t('submittedAt'), key: 'submittedAt', dataIndex: 'submittedAt', sorter: true, sortDirections: ['descend', 'ascend'], sortOrder: sortOrder('submittedAt'), render: (v: string) => shanghaiDateTime(v, lang) },
            { title: t('stage'), dataIndex: 'stage', render: (v: string | null) => (v && STAGE_NAMES[v] ? STAGE_NAMES[v][lang] : '—') },
            { title: t('status'), key: 'view', render: (_, r) => <Button type="link" onClick={() => setOpen(r.id)} data-testid={`view-${r.id}`}>{t('view')}</Button> },
          ]}
        />
      )}
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={<span data-testid="drawer-title">{data?.body.find((r) => r.id === open)?.institutionName ?? t('applicationDetail')} · {t('applicationDetail')}</span>}
        width="min(720px, 100vw)"
        destroyOnHidden
      >
        {open && <Detail id={open} onChanged={reload} />}
      </Drawer>
    </>
  );
}

export function MyApplications() {
  const t = useT();
  return <Applications title={t('myApplications')} board={false} />;
}

export function Pipeline() {
  const t = useT();
  return <Applications title={t('pipeline')} board />;
}
