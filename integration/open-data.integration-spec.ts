import { TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { freePorts, infraEnv, type ManagedProcess, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { API_CLIENT_SCHEMA, generateClientTypes } from './api-client';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
const BUREAU = tokenFor('bureau', { username: 'bureau-open-data' });
const run = Date.now() % 1e7;
const code = (n: number) => makeCreditCode('91350200', String(run * 10 + n).padStart(8, '0').slice(-8));
const [KEPT, REVOKED, REMOVED] = [code(1), code(2), code(3)];
const NOTICE = `2026-od${run}`;

/**
 * The open data as anyone takes them through the gateway, with no account (issue 15): the whole register and every
 * notice as CSV, JSON and .xlsx, and the Atom feed of notices and results. The data come the real way: platforms
 * imported from .xlsx by staff, a title revoked by the bureau (第十七条), a notice workflow that records itself when
 * it opens and closes (第十三条).
 */
describe('open data: the register and the notices as downloads and a feed, through the gateway', () => {
  let sut: SystemUnderTest;
  let web: ManagedProcess;
  let gateway: string;
  let connection: Connection;
  let temporal: TemporalClient;
  const open = (path: string) => fetch(`${gateway}/svc/applications/api/public/${path}`);

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_open_data');
    const [webPort] = await freePorts(1);
    gateway = `http://127.0.0.1:${webPort}`;
    web = await sut.startGateway(webPort);
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });

    // Two platforms of earlier years, imported by staff from their workbook.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('往年示范平台');
    ws.addRow(['统一社会信用代码', '机构名称', '认定日期', '服务功能']);
    ws.addRow([KEPT, '厦门市开放数据甲平台', '2025-03-01', '信息服务、技术服务']);
    ws.addRow([REVOKED, '厦门市开放数据乙平台, "有限公司"', '2025-03-01', '融资服务']);
    const form = new FormData();
    form.set('file', new Blob([Buffer.from(await wb.xlsx.writeBuffer())]), 'platforms.xlsx');
    const imported = await fetch(`${sut.applicationsUrl}/api/platform-imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${STAFF}` } });
    expect(imported.status).toBe(202);
    await waitFor('both platforms on the register', async () => {
      const rows = (await sut.http<Array<{ creditCode: string }>>('GET', `${sut.applicationsUrl}/api/public/platforms`)).body;
      return [KEPT, REVOKED].every((c) => rows.some((r) => r.creditCode === c)) ? true : undefined;
    }, 60_000, 300);
    await waitFor('the platform workflow running', async () => ((await temporal.workflow.getHandle(WorkflowIds.platform(REVOKED)).describe().catch(() => null))?.status.name === 'RUNNING' ? true : undefined), 60_000, 300);
    // The bureau revokes one title at once (第十七条).
    const revoked = await sut.http('POST', `${sut.applicationsUrl}/api/platforms/${REVOKED}/revocation`, { reason: '经查实存在违规收费行为', article: '第十七条' }, BUREAU);
    expect(revoked.status).toBeLessThan(300);
    // A notice published on a past day with one working day: it has ended, so it closes as soon as it starts.
    await temporal.workflow.start(WorkflowTypes.publicNotice, {
      taskQueue: TaskQueues.lifecycle,
      workflowId: WorkflowIds.publicNotice(NOTICE),
      args: [{ noticeId: NOTICE, callYear: 2026, published: '2026-11-02', workingDays: 1, candidates: [{ creditCode: KEPT, institutionName: '厦门市开放数据甲平台', rank: 1 }, { creditCode: REMOVED, institutionName: '厦门市开放数据丙平台', rank: 2 }] }],
    });
    await temporal.workflow.getHandle(WorkflowIds.publicNotice(NOTICE)).result();
  }, 240_000);
  afterAll(async () => {
    for (const c of [KEPT, REVOKED]) await temporal?.workflow.getHandle(WorkflowIds.platform(c)).terminate('test clean-up').catch(() => undefined);
    await connection?.close();
    await web?.stop();
    await sut?.stop();
  });

  it('gives the whole register as JSON, with the revoked title, its date and article, and no sign-in', async () => {
    await waitFor('the revocation on the register', async () => {
      const rows = (await (await open('platforms.json')).json()) as Array<{ creditCode: string; status: string }>;
      return rows.find((r) => r.creditCode === REVOKED)?.status === 'revoked' ? rows : undefined;
    }, 60_000, 300);
    const res = await open('platforms.json');
    expect([res.status, res.headers.get('content-disposition')]).toEqual([200, 'attachment; filename="platforms.json"']);
    const rows = (await res.json()) as Array<Record<string, unknown>>;
    expect(rows.find((r) => r['creditCode'] === KEPT)).toMatchObject({ institutionName: '厦门市开放数据甲平台', awardedOn: '2025-03-01', validThrough: '2028-03-01', status: 'valid', valid: true, functions: ['information', 'technology'] });
    expect(rows.find((r) => r['creditCode'] === REVOKED)).toMatchObject({ status: 'revoked', valid: false, endedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), endArticle: '第十七条' });
  });

  it('gives the register as CSV (UTF-8 with a byte-order mark, quoted where a name has a comma) and as a workbook', async () => {
    const csv = await open('platforms.csv');
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('统一社会信用代码(creditCode),机构名称(institutionName),认定年度(listYear),认定日期(awardedOn),有效期至(validThrough),状态(status),终止日期(endedOn),依据条款(endArticle),服务功能(functions)');
    expect(lines.find((l) => l.startsWith(REVOKED))).toMatch(new RegExp(`^${REVOKED},"厦门市开放数据乙平台, ""有限公司""",2025,2025-03-01,2028-03-01,已撤销（revoked）,\\d{4}-\\d{2}-\\d{2},第十七条,融资服务$`));

    const xlsx = await open('platforms.xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.getWorksheet('示范平台名录')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '统一社会信用代码', '机构名称', '认定年度', '认定日期', '有效期至', '状态', '终止日期', '依据条款', '服务功能']);
    const kept = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === KEPT)!;
    expect([kept.getCell(2).value, kept.getCell(6).value, kept.getCell(9).value]).toEqual(['厦门市开放数据甲平台', '有效（valid）', '信息服务、技术服务']);
  });

  it('gives every notice with its period and outcome as JSON, CSV and a workbook, never who objected', async () => {
    const notices = (await (await open('notices.json')).json()) as Array<Record<string, unknown>>;
    const notice = notices.find((n) => n['noticeId'] === NOTICE);
    expect(notice).toMatchObject({ callYear: 2026, published: '2026-11-02', start: '2026-11-02', end: '2026-11-02', article: '第十三条', closed: true, objections: 0, removed: [] });
    expect((notice!['confirmed'] as Array<{ creditCode: string }>).map((c) => c.creditCode)).toEqual([KEPT, REMOVED]);

    const csv = Buffer.from(await (await open('notices.csv')).arrayBuffer()).subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(csv[0]).toBe('公示编号(noticeId),年度(callYear),发布日期(published),公示开始(start),公示结束(end),排名(rank),统一社会信用代码(creditCode),机构名称(institutionName),公示结果(result)');
    expect(csv.filter((l) => l.startsWith(`${NOTICE},`))).toEqual([
      `${NOTICE},2026,2026-11-02,2026-11-02,2026-11-02,1,${KEPT},厦门市开放数据甲平台,公示无异议或异议不成立（confirmed）`,
      `${NOTICE},2026,2026-11-02,2026-11-02,2026-11-02,2,${REMOVED},厦门市开放数据丙平台,公示无异议或异议不成立（confirmed）`,
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await open('notices.xlsx')).arrayBuffer());
    const rows = wb.getWorksheet('历次公示')!.getRows(2, wb.getWorksheet('历次公示')!.rowCount - 1)!.filter((r) => r.getCell(1).value === NOTICE);
    expect(rows.map((r) => r.getCell(7).value)).toEqual([KEPT, REMOVED]);
  });

  it('gives an Atom feed of the notice, its result, the revocation and the awards, newest first, linked from the public page', async () => {
    const res = await open('feed.atom');
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/atom+xml; charset=utf-8']);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const ids = [...xml.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>[\s\S]*?<updated>([^<]+)<\/updated>/g)].map((m) => ({ id: m[1]!, updated: m[2]! }));
    expect(ids.map((e) => e.id)).toEqual(expect.arrayContaining([
      `urn:sme-platforms:notice:${NOTICE}`,
      `urn:sme-platforms:notice:${NOTICE}:result`,
      expect.stringMatching(new RegExp(`^urn:sme-platforms:title-end:${REVOKED}:\\d{4}-\\d{2}-\\d{2}$`)),
      expect.stringMatching(/^urn:sme-platforms:awards:\d{4}:2025-03-01$/),
    ]));
    const times = ids.map((e) => Date.parse(e.updated));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(xml).toContain('厦门市开放数据乙平台');
    expect(xml).toContain('撤销示范平台称号（第十七条）');

    const page = await (await fetch(`${gateway}/`)).text();
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="公示与结果 / Notices and results" href="/svc/applications/api/public/feed.atom" />');
  });

  it('serves one OpenAPI document for the whole system at the gateway, browsable, with the downloads in it', async () => {
    const res = await fetch(`${gateway}/api-docs/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { operationId?: string; 'x-access'?: unknown; tags?: string[] }>>; components: { schemas: Record<string, unknown> }; tags: Array<{ name: string }> };
    const paths = Object.keys(doc.paths);
    for (const service of ['applications', 'scoring', 'notifications']) expect(paths.some((p) => p.startsWith(`/svc/${service}/api/`))).toBe(true);
    expect(paths.every((p) => /^\/svc\/(applications|scoring|notifications)\/api\//.test(p))).toBe(true);
    expect(doc.paths['/svc/applications/api/public/feed.atom']!['get']).toMatchObject({ 'x-access': 'public', tags: ['open data'] });
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item).filter((op) => typeof op === 'object' && op !== null && 'operationId' in op));
    const ids = ops.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.every((op) => (op.tags ?? []).length > 0)).toBe(true);
    // Every reference resolves (a schema two services define differently is kept once per service).
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => !(r in doc.components.schemas))).toEqual([]);

    const page = await fetch(`${gateway}/api-docs`);
    const html = await page.text();
    expect([page.status, page.headers.get('content-security-policy')]).toEqual([200, expect.stringContaining("script-src 'self'")]);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    for (const src of [...html.matchAll(/(?:src|href)="(\/api-docs\/[^"]+)"/g)].map((m) => m[1]!)) expect([src, (await fetch(`${gateway}${src}`)).status]).toEqual([src, 200]);
    expect(await (await fetch(`${gateway}/api-docs/init.js`)).text()).toContain("url: '/api-docs/openapi.json'");
  });

  it('has a generated client (libs/api-client) that matches the document the gateway serves', async () => {
    const generated = generateClientTypes(await (await fetch(`${gateway}/api-docs/openapi.json`)).text());
    // `npm run api-client` runs this test with UPDATE_API_CLIENT=1 to write the client again.
    if (process.env['UPDATE_API_CLIENT'] === '1') writeFileSync(API_CLIENT_SCHEMA, generated);
    const committed = readFileSync(API_CLIENT_SCHEMA, 'utf8');
    const [ours, theirs] = [committed.split('\n'), generated.split('\n')];
    const at = ours.findIndex((line, i) => line !== theirs[i]);
    expect(generated === committed ? 'current' : `libs/api-client/src/openapi.ts is out of date with the services from line ${at + 1} (committed: ${ours[at]?.trim()}; served: ${theirs[at]?.trim()}): run \`npm run api-client\` and commit it`).toBe('current');
    // What the web's screens import from it (the application view of Applications.tsx).
    expect(committed).toMatch(/"\/svc\/applications\/api\/applications\/\{id\}": \{/);
  });

  it('documents every download as public in the service\'s OpenAPI document', async () => {
    const doc = (await (await fetch(`${sut.applicationsUrl}/docs/json`)).json()) as { paths: Record<string, { get?: Record<string, unknown> }> };
    for (const path of ['platforms.json', 'platforms.csv', 'platforms.xlsx', 'notices.json', 'notices.csv', 'notices.xlsx', 'feed.atom']) {
      expect([path, doc.paths[`/api/public/${path}`]?.get?.['x-access'], doc.paths[`/api/public/${path}`]?.get?.['security']]).toEqual([path, 'public', []]);
    }
  });
});
