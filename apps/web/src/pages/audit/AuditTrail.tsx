import { Alert, AutoComplete, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useContext, useState } from 'react';
import { answer, answerPage, ApiError, client, saveAs, type operations, type Schema } from '../../api';
import { LangContext, shanghaiDateTime, shanghaiToday, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';
import { ACTION_FAMILY_NAMES, ACTION_NAMES, actorFilter, actorName, ENTITY_TYPE_NAMES } from './names';

/** An event, and the chain's verification, as the service documents them (libs/api-client). */
type AuditEvent = Schema<'AuditEvent'>;
type Verification = operations['applications_AuditController_verify']['responses'][200]['content']['application/json'];

interface Filters {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

interface FilterForm {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** The most events one export holds (the service refuses more). */
const EXPORT_MAX_ROWS = 50_000;
const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' };

/** The filters given (no empty ones), as the service's query. */
const given = (f: Filters): Filters => Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

/**
 * The audit trail (第十八条) for the auditor and the bureau, read-only: filtered by entity, actor, action and Beijing
 * dates, paged on the service, each event with the entity's previous one (before / after), the chain's verification
 * and an Excel export of the current view.
 */
export function AuditTrail() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [open, setOpen] = useState<number | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const facets = useLoad(() => answer(client.GET('/svc/applications/api/audit/facets')), []);
  const list = useLoad(
    () => answerPage(client.GET('/svc/applications/api/audit/events', { params: { query: { ...given(filters), page: paging.page, pageSize: paging.pageSize } } })),
    [filters, paging.page, paging.pageSize],
  );
  const fail = (err: unknown) => setProblem(err instanceof ApiError ? err.text(lang) : String(err));
  const fill = (text: string, values: Record<string, string | number>) => Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), text);
  const words = { public: t('auditPublic'), system: t('auditSystem') };

  const apply = (v: FilterForm) => {
    const [from, to] = v.dates ?? [];
    setFilters({
      entityType: v.entityType || undefined,
      entityId: v.entityId?.trim() || undefined,
      actor: v.actor ? actorFilter(v.actor) || undefined : undefined,
      action: v.action || undefined,
      from: from?.format('YYYY-MM-DD'),
      to: to?.format('YYYY-MM-DD'),
    });
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const onlyEntity = (e: AuditEvent) => {
    form.setFieldsValue({ entityType: e.entityType, entityId: e.entityId, actor: undefined, action: undefined, dates: null });
    apply(form.getFieldsValue());
    setOpen(null);
  };
  const verify = async () => {
    setVerifying(true);
    setProblem(null);
    try {
      setVerification(await answer(client.GET('/svc/applications/api/audit/verify')));
    } catch (err) {
      fail(err);
    } finally {
      setVerifying(false);
    }
  };
  const exportView = () => saveAs(client.GET('/svc/applications/api/audit/events.xlsx', { params: { query: given(filters) }, parseAs: 'blob' }), `审计记录-${shanghaiToday()}.xlsx`).catch(fail);

  const total = list.data?.total ?? 0;
  const tooMany = total > EXPORT_MAX_ROWS;
  const families = [...new Set((facets.data?.actions ?? []).map((a) => a.split('.')[0]!))];
  const actionOptions = families.map((family) => ({
    label: ACTION_FAMILY_NAMES[family]?.[lang] ?? family,
    options: [
      { value: `${family}.`, label: `${ACTION_FAMILY_NAMES[family]?.[lang] ?? family}${t('auditAllOf')}` },
      ...(facets.data?.actions ?? []).filter((a) => a.startsWith(`${family}.`)).map((a) => ({ value: a, label: ACTION_NAMES[a]?.[lang] ?? a })),
    ],
  }));
  const actorOptions = (facets.data?.actors ?? []).map((a) => ({ value: a.startsWith('user:') ? a.slice(5) : a, label: actorName(a, lang, words) }));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="audit-trail">
      <div>
        <h2 style={{ margin: 0 }}>{t('auditTrail')}</h2>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('auditIntro')}</Typography.Paragraph>
      </div>
      <Card size="small" title={t('auditFilters')}>
        {/* A choice from a list or the calendar applies at once; typed text on Enter or 查询. */}
        <Form
          form={form}
          layout="vertical"
          onFinish={apply}
          onValuesChange={(changed: FilterForm, all: FilterForm) => ('entityType' in changed || 'action' in changed || 'dates' in changed) && apply(all)}
          data-testid="audit-filters"
        >
          <Row gutter={16}>
            <Col xs={24} md={8} lg={4}>
              <Form.Item name="entityType" label={t('auditEntityType')}>
                <Select
                  allowClear
                  placeholder={t('auditAll')}
                  data-testid="audit-entity-type"
                  options={(facets.data?.entityTypes ?? []).map((e) => ({ value: e, label: ENTITY_TYPE_NAMES[e]?.[lang] ?? e }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} lg={4}>
              <Form.Item name="entityId" label={t('auditEntityId')}>
                <Input allowClear placeholder={t('auditEntityIdHint')} data-testid="audit-entity-id" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} lg={4}>
              <Form.Item name="actor" label={t('auditActor')}>
                <AutoComplete allowClear placeholder={t('auditActorHint')} options={actorOptions} data-testid="audit-actor"
                  filterOption={(typed, o) => !!o && `${o.value} ${String(o.label)}`.toLowerCase().includes(typed.toLowerCase())} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={5}>
              <Form.Item name="action" label={t('auditAction')}>
                <Select allowClear showSearch optionFilterProp="label" placeholder={t('auditAll')} options={actionOptions} data-testid="audit-action" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={7}>
              {/* The picker keeps no attributes of ours on its root: the label points at its first input, a wrapper carries the test id. */}
              <Form.Item label={t('auditDates')} htmlFor="audit-dates-start">
                <div data-testid="audit-dates">
                  <Form.Item name="dates" noStyle>
                    <DatePicker.RangePicker
                      id={{ start: 'audit-dates-start', end: 'audit-dates-end' }}
                      style={{ width: '100%' }}
                      allowEmpty={[true, true]}
                      format={lang === 'zh' ? ['YYYY年M月D日', 'YYYY-MM-DD'] : ['YYYY-MM-DD']}
                      placeholder={[t('auditDateStart'), t('auditDateEnd')]}
                    />
                  </Form.Item>
                </div>
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" data-testid="audit-search">{t('auditSearch')}</Button>
            <Button onClick={() => { form.resetFields(); apply({}); }} data-testid="audit-reset">{t('auditReset')}</Button>
          </Space>
        </Form>
      </Card>

      <Space wrap>
        <Button onClick={() => void verify()} loading={verifying} data-testid="audit-verify">{verifying ? t('auditVerifying') : t('auditVerify')}</Button>
        <Tooltip title={tooMany ? fill(t('auditExportTooMany'), { n: EXPORT_MAX_ROWS.toLocaleString() }) : undefined}>
          <Button onClick={() => void exportView()} disabled={tooMany || list.loading || total === 0} data-testid="audit-export">{t('auditExport')}</Button>
        </Tooltip>
      </Space>
      {problem && <Alert type="error" showIcon closable message={problem} onClose={() => setProblem(null)} data-testid="audit-problem" />}
      {verification && (
        <Alert
          type={verification.intact ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setVerification(null)}
          data-testid="audit-verification"
          message={verification.intact ? fill(t('auditVerifyOk'), { n: verification.events }) : `${fill(t('auditVerifyBroken'), { seq: verification.firstBroken.seq })}${verification.firstBroken.occurredAt ? `（${shanghaiDateTime(verification.firstBroken.occurredAt, lang)}）` : ''}`}
          description={
            verification.intact ? (
              <span>{fill(t('auditVerifyOkDetail'), { time: shanghaiDateTime(verification.checkedAt, lang) })}<Typography.Text code style={MONO}>{verification.lastHash}</Typography.Text></span>
            ) : (
              <span>{fill(t('auditVerifyBrokenDetail'), { reason: verification.firstBroken.message[lang], n: verification.events, time: shanghaiDateTime(verification.checkedAt, lang) })}</span>
            )
          }
          action={!verification.intact && verification.firstBroken.occurredAt ? <Button size="small" onClick={() => setOpen(verification.firstBroken.seq)} data-testid="audit-verification-open">{t('auditVerifyOpen')}</Button> : undefined}
        />
      )}

      {list.error ? (
        <LoadError error={list.error} retry={list.reload} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<AuditEvent>
            rowKey="seq"
            size="middle"
            loading={list.loading}
            dataSource={list.data?.body ?? []}
            scroll={{ x: 900 }}
            data-testid="audit-table"
            locale={{ emptyText: <Empty description={t('auditEmpty')} /> }}
            onRow={(e) => ({ 'data-testid': `audit-row-${e.seq}` }) as never}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => <span data-testid="audit-total">{fill(t('auditTotal'), { n })}</span>,
              onChange: (page, pageSize) => setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
            }}
            columns={[
              { title: t('auditSeq'), dataIndex: 'seq', width: 80 },
              { title: t('auditTime'), width: 190, render: (_, e) => shanghaiDateTime(e.occurredAt, lang) },
              { title: t('auditActor'), render: (_, e) => actorName(e.actor, lang, words) },
              { title: t('auditAction'), render: (_, e) => <ActionLabel action={e.action} /> },
              { title: t('auditEntity'), render: (_, e) => <EntityLabel type={e.entityType} id={e.entityId} /> },
              { title: '', width: 90, render: (_, e) => <Button type="link" size="small" onClick={() => setOpen(e.seq)} data-testid={`audit-view-${e.seq}`}>{t('auditView')}</Button> },
            ]}
          />
        </Card>
      )}

      <Drawer open={open !== null} onClose={() => setOpen(null)} title={open !== null ? `${t('auditDetail')} · ${t('auditSeq')} ${open}` : ''} width={960} destroyOnHidden>
        {open !== null && <EventDetail seq={open} onlyEntity={onlyEntity} />}
      </Drawer>
    </Space>
  );
}

/** An action by its name; a code without one is shown as recorded, in a monospace tag that says so. */
function ActionLabel({ action }: { action: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const name = ACTION_NAMES[action];
  return name ? (
    <Tooltip title={<span style={MONO}>{action}</span>}><span data-testid="audit-action-name">{name[lang]}</span></Tooltip>
  ) : (
    <Tooltip title={t('auditUnknownAction')}><Tag style={MONO} data-testid="audit-action-code">{action}</Tag></Tooltip>
  );
}

function EntityLabel({ type, id }: { type: string; id: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const name = ENTITY_TYPE_NAMES[type];
  return (
    <Space size={4} wrap>
      {name ? <span>{name[lang]}</span> : <Tooltip title={t('auditUnknownType')}><Tag style={MONO}>{type}</Tag></Tooltip>}
      <Typography.Text style={MONO}>{id}</Typography.Text>
    </Space>
  );
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

function Content({ data, testId }: { data: Record<string, unknown>; testId: string }) {
  return <pre style={{ ...MONO, fontSize: 12, background: '#fafafa', padding: 12, margin: 0, maxHeight: 420, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid={testId}>{json(data)}</pre>;
}

/**
 * One event: its facts, the values it changed when it records both (`from` / `to`), and — as before and after — the
 * same entity's previous event beside this one (most events record a decision, not a state: what came before it is
 * what was last recorded about the entity).
 */
function EventDetail({ seq, onlyEntity }: { seq: number; onlyEntity: (e: AuditEvent) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const detail = useLoad(() => answer(client.GET('/svc/applications/api/audit/events/{seq}', { params: { path: { seq } } })), [seq]);
  if (detail.error) return <LoadError error={detail.error} retry={detail.reload} />;
  if (!detail.data) return <Card loading />;
  const { event, previous } = detail.data;
  const words = { public: t('auditPublic'), system: t('auditSystem') };
  const summary = (e: AuditEvent) => (
    <Descriptions size="small" column={1} items={[
      { key: 'seq', label: t('auditSeq'), children: e.seq },
      { key: 'time', label: t('auditTime'), children: shanghaiDateTime(e.occurredAt, lang) },
      { key: 'actor', label: t('auditActor'), children: actorName(e.actor, lang, words) },
      { key: 'action', label: t('auditAction'), children: <ActionLabel action={e.action} /> },
    ]} />
  );
  const changed = 'from' in event.data && 'to' in event.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-detail">
      <Descriptions size="small" bordered column={1} items={[
        { key: 'entity', label: t('auditEntity'), children: <EntityLabel type={event.entityType} id={event.entityId} /> },
        { key: 'hash', label: t('auditHash'), children: <Typography.Text style={{ ...MONO, fontSize: 12 }} copyable>{event.hash}</Typography.Text> },
        { key: 'prev', label: t('auditPrevHash'), children: <Typography.Text style={{ ...MONO, fontSize: 12 }}>{event.prevHash}</Typography.Text> },
      ]} />
      {changed && (
        <Descriptions size="small" bordered column={2} title={t('auditChange')} data-testid="audit-change" items={[
          { key: 'from', label: t('auditBefore'), children: <span style={MONO}>{json(event.data['from'])}</span> },
          { key: 'to', label: t('auditAfter'), children: <span style={MONO}>{json(event.data['to'])}</span> },
        ]} />
      )}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card size="small" title={`${t('auditBefore')} · ${t('auditBeforeNote')}`} data-testid="audit-before">
            {previous ? (
              <>
                {summary(previous)}
                <Typography.Text type="secondary">{t('auditContent')}</Typography.Text>
                <Content data={previous.data} testId="audit-before-content" />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('auditFirstOfEntity')} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={`${t('auditAfter')} · ${t('auditAfterNote')}`} data-testid="audit-after">
            {summary(event)}
            <Typography.Text type="secondary">{t('auditContent')}</Typography.Text>
            <Content data={event.data} testId="audit-content" />
          </Card>
        </Col>
      </Row>
      <Button onClick={() => onlyEntity(event)} data-testid="audit-only-entity">{t('auditOnlyEntity')}</Button>
    </Space>
  );
}
