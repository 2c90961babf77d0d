import { type GlobalSearchResult, WorkflowIds } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { infraEnv, waitFor } from '@sme/testing';
import { factsFor } from '@sme/testing/facts';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { WebUnderTest } from './browser';
import { applyWithFiles } from './fixtures/apply';
import { forgetWorkflow } from './fixtures/workflows';
import { type SystemUnderTest, tokenFor } from './harness';

interface Row {
  id: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  createdAt: string;
}
interface Summary {
  id: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  submittedAt: string;
  stage: string | null;
}
interface Problem {
  type: string;
  message: { zh: string; en: string };
  errors?: Array<{ field: string; reason: { zh: string; en: string } }>;
}

const N = 2000;
const DISTRICTS = ['思明区', '湖里区', '集美区', '海沧区', '同安区', '翔安区'];
const KINDS = ['中小企业服务中心', '科技创新服务平台', '创业孵化基地', '企业培训学院', '融资服务公司'];
const REGIONS = ['91350200', '91350203', '91350205', '52350206'];
/** The applicant of this file: three applications of its own among the 2,000. */
const MINE = makeCreditCode('91350211', 'MB000001');
const BASE = Date.parse('2026-01-05T01:00:00Z');
const HEADERS = ['申报编号', '统一社会信用代码', '机构名称', '年度', '提交时间', '流程阶段'];

/** 2,000 applications of varied names, credit codes (four regions), years and submission times, oldest first. */
const ROWS: Row[] = Array.from({ length: N }, (_, i) => {
  const mine = i >= N - 3;
  return {
    id: randomUUID(),
    creditCode: mine ? MINE : makeCreditCode(REGIONS[i % 4]!, `MA${String(i).padStart(6, '0')}`),
    institutionName: mine ? '厦门市本机构服务中心' : i === 1 ? '满意度100%_服务中心' : i % 50 === 0 ? `Xiamen SME Hub ${i}` : `厦门市${DISTRICTS[i % 6]}${KINDS[Math.floor(i / 6) % 5]}${i}号`,
    callYear: mine ? 2024 + (N - 1 - i) : 2023 + (Math.floor(i / 3) % 4),
    createdAt: new Date(BASE + i * 37 * 60_000).toISOString(),
  };
});
/** Platforms of the register: twelve in 思明区, and one with the code of an application. */
const PLATFORMS = [
  ...Array.from({ length: 12 }, (_, k) => ({ creditCode: makeCreditCode('91350203', `PB${String(k).padStart(6, '0')}`), institutionName: `厦门市思明区示范平台${k}号` })),
  { creditCode: ROWS[5]!.creditCode, institutionName: '厦门市湖里区已认定示范平台' },
];

const staff = tokenFor('staff');
const applicant = tokenFor('applicant', { institution: MINE });

/**
 * The staff list at scale (issue 14): 2,000 applications put straight into the database (no workflows), searched,
 * filtered, sorted, paged and exported by the service over HTTP and in the browser; the global search; an applicant
 * sees only its own; the stage filter on a real application's workflow.
 */
describe('applications list at scale: search, filters, sorting, pages, export, global search', () => {
  let w: WebUnderTest;
  let sut: SystemUnderTest;
  let page: Page;
  let connection: Connection | undefined;
  let temporal: TemporalClient;
  let realId: string | undefined;

  /** One page of the list as the caller sees it, with the total of the whole view. */
  const list = async (query: string, token = staff): Promise<{ status: number; total: number; body: Summary[] & Problem }> => {
    const res = await fetch(`${sut.applicationsUrl}/api/applications${query ? `?${query}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, total: Number(res.headers.get('x-total-count')), body: (await res.json()) as Summary[] & Problem };
  };
  const expected = (keep: (r: Row) => boolean) => ROWS.filter(keep);

  beforeAll(async () => {
    w = await WebUnderTest.start('it_applications_search', { shotPrefix: 'search-' });
    ({ sut, page } = w);
    for (const year of [2023, 2024, 2025, 2026]) {
      await sut.query(`INSERT INTO applications.call (year, quota, opens_on, closes_on, policy_version) VALUES ($1, 5, $2, $3, 'xiamen-2021-114')`, [year, `${year}-01-01`, `${year}-12-31`]);
    }
    await sut.query(
      `INSERT INTO applications.application (id, credit_code, institution_name, call_year, created_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::timestamptz[])`,
      [ROWS.map((r) => r.id), ROWS.map((r) => r.creditCode), ROWS.map((r) => r.institutionName), ROWS.map((r) => r.callYear), ROWS.map((r) => r.createdAt)],
    );
    for (const p of PLATFORMS) {
      await sut.query(
        `INSERT INTO applications.platform (credit_code, institution_name, list_year, awarded_on, valid_through, policy_version) VALUES ($1, $2, 2024, '2024-06-01', '2027-06-01', 'xiamen-2021-114')`,
        [p.creditCode, p.institutionName],
      );
    }
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
  }, 180_000);

  afterAll(async () => {
    if (realId) await forgetWorkflow(temporal, WorkflowIds.application(realId)).catch(() => undefined);
    await connection?.close();
    await w?.stop();
  });

  it('searches by a fragment of the name (any case), a credit code prefix and an application id', async () => {
    const byName = await list('q=集美区创业&pageSize=200');
    const names = expected((r) => r.institutionName.includes('集美区创业'));
    expect(names.length).toBeGreaterThan(20);
    expect(byName.status).toBe(200);
    expect(byName.total).toBe(names.length);
    expect(byName.body.map((r) => r.id).sort()).toEqual(names.map((r) => r.id).sort());

    const hub = await list(`q=${encodeURIComponent('sme HUB')}`);
    expect(hub.total).toBe(expected((r) => r.institutionName.startsWith('Xiamen SME Hub')).length);
    expect(hub.body.every((r) => r.institutionName.startsWith('Xiamen SME Hub'))).toBe(true);

    // LIKE's wildcards are taken literally: "100%_" finds the one name that has them, not every name.
    const literal = await list(`q=${encodeURIComponent('100%_')}`);
    expect(literal.body.map((r) => r.institutionName)).toEqual(['满意度100%_服务中心']);

    const prefix = ROWS[123]!.creditCode.slice(0, 14);
    const byCode = await list(`q=${prefix.toLowerCase()}&pageSize=200`);
    const codes = expected((r) => r.creditCode.startsWith(prefix));
    expect(byCode.total).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(1);
    expect(byCode.body.every((r) => r.creditCode.startsWith(prefix))).toBe(true);

    const byId = await list(`q=${ROWS[777]!.id.toUpperCase()}`);
    expect([byId.total, byId.body.map((r) => r.id)]).toEqual([1, [ROWS[777]!.id]]);
    expect(byId.body[0]).toMatchObject({ creditCode: ROWS[777]!.creditCode, institutionName: ROWS[777]!.institutionName, callYear: ROWS[777]!.callYear, stage: null });
  });

  it('pages through the whole list with the total in X-Total-Count, 20 a page by default, up to the last page', async () => {
    const first = await list('');
    expect([first.total, first.body.length]).toEqual([N, 20]);
    // Newest first by default.
    expect(first.body.map((r) => r.id)).toEqual(ROWS.slice(-20).reverse().map((r) => r.id));
    const seen = new Set<string>();
    for (let p = 1; p <= 14; p++) {
      const res = await list(`page=${p}&pageSize=150`);
      expect(res.total).toBe(N);
      expect(res.body.length).toBe(p < 14 ? 150 : N - 13 * 150);
      for (const r of res.body) seen.add(r.id);
    }
    expect(seen.size).toBe(N);
    const past = await list('page=15&pageSize=150');
    expect([past.status, past.total, past.body]).toEqual([200, N, []]);
    const largest = await list('pageSize=200&page=10');
    expect(largest.body.length).toBe(200);
  });

  it('sorts by submission, name and year, either way', async () => {
    expect((await list('sort=submittedAt&order=asc')).body[0]!.id).toBe(ROWS[0]!.id);
    const asc = await list('sort=institutionName&order=asc');
    const descLast = await list('sort=institutionName&order=desc&page=100');
    // Names are unique: A to Z is Z to A backwards.
    expect(asc.body.map((r) => r.id)).toEqual(descLast.body.map((r) => r.id).reverse());
    expect(asc.body.every((r) => r.institutionName.startsWith('Xiamen SME Hub'))).toBe(true);
    expect((await list('sort=institutionName')).body.map((r) => r.id)).toEqual(asc.body.map((r) => r.id));
    expect((await list('sort=callYear&order=asc&pageSize=200')).body.every((r) => r.callYear === 2023)).toBe(true);
    expect((await list('sort=callYear&pageSize=200')).body.every((r) => r.callYear === 2026)).toBe(true);
  });

  it('filters by year, with the search or without', async () => {
    const y2024 = await list('callYear=2024&pageSize=200');
    expect(y2024.total).toBe(expected((r) => r.callYear === 2024).length);
    expect(y2024.body.every((r) => r.callYear === 2024)).toBe(true);
    const both = await list(`callYear=2025&q=${encodeURIComponent('湖里区')}`);
    expect(both.total).toBe(expected((r) => r.callYear === 2025 && r.institutionName.includes('湖里区')).length);
    expect(both.body.every((r) => r.callYear === 2025 && r.institutionName.includes('湖里区'))).toBe(true);
  });

  it('refuses bad parameters with 400, naming the field in Chinese and English', async () => {
    const bad: Array<[string, string]> = [
      ['page=0', 'page'],
      ['pageSize=201', 'pageSize'],
      ['pageSize=many', 'pageSize'],
      ['sort=createdAt', 'sort'],
      ['order=up', 'order'],
      ['callYear=20x5', 'callYear'],
      ['stage=nowhere', 'stage'],
      [`q=${'长'.repeat(101)}`, 'q'],
      ['creditCode=123', 'creditCode'],
      ['limit=5', 'limit'],
    ];
    for (const [query, field] of bad) {
      const res = await list(query);
      expect({ query, status: res.status, type: res.body.type }).toEqual({ query, status: 400, type: expect.stringMatching(/\/validation$/) });
      expect(res.body.errors!.map((e) => e.field)).toContain(field);
      expect(res.body.message.zh).toContain(field);
      expect(res.body.message.en).toContain(field);
      expect(res.body.errors!.find((e) => e.field === field)!.reason.zh).toContain(`字段 ${field} 无效`);
    }
  });

  it('exports the filtered view as an .xlsx with Chinese headers, one row per application of the view', async () => {
    const view = await list(`callYear=2025&q=${encodeURIComponent('湖里区')}&sort=institutionName&order=asc&pageSize=200`);
    const res = await fetch(`${sut.applicationsUrl}/api/applications.xlsx?callYear=2025&q=${encodeURIComponent('湖里区')}&sort=institutionName&order=asc`, { headers: { authorization: `Bearer ${staff}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('申报列表.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.rowCount - 1).toBe(view.total);
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => (ws.getRow(i + 2).values as unknown[]).slice(1));
    expect(rows.map((r) => r[0])).toEqual(view.body.map((r) => r.id));
    for (const [id, code, name, year, at, stage] of rows) {
      const row = ROWS.find((r) => r.id === id)!;
      expect([code, name, year, stage]).toEqual([row.creditCode, row.institutionName, 2025, '暂无（流程尚未发布阶段）']);
      const b = new Date(Date.parse(row.createdAt) + 8 * 3_600_000);
      expect(at).toBe(`${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${String(b.getUTCHours()).padStart(2, '0')}:${String(b.getUTCMinutes()).padStart(2, '0')}`);
    }
    // The whole list in one workbook (no pages); a page parameter is not one of the export's.
    const all = await fetch(`${sut.applicationsUrl}/api/applications.xlsx`, { headers: { authorization: `Bearer ${staff}` } });
    const whole = new ExcelJS.Workbook();
    await whole.xlsx.load(Buffer.from(await all.arrayBuffer()) as never);
    expect(whole.worksheets[0]!.rowCount).toBe(N + 1);
    const paged = await fetch(`${sut.applicationsUrl}/api/applications.xlsx?page=2`, { headers: { authorization: `Bearer ${staff}` } });
    expect(paged.status).toBe(400);
    expect(((await paged.json()) as Problem).errors!.map((e) => e.field)).toEqual(['page']);
  });

  it('finds applications and platforms from the global search, each with the path that opens it', async () => {
    const search = (q: string, token = staff) => sut.http<GlobalSearchResult & Problem>('GET', `${sut.applicationsUrl}/api/search?q=${encodeURIComponent(q)}`, undefined, token);
    const district = await search('思明区');
    expect(district.status).toBe(200);
    expect([district.body.applications.length, district.body.platforms.length]).toEqual([10, 10]);
    expect(district.body.applications.every((a) => a.institutionName.includes('思明区') && a.link === `/pipeline?open=${a.id}`)).toBe(true);
    expect(district.body.platforms.every((p) => p.institutionName.includes('思明区') && p.link === `/platforms?open=${p.creditCode}`)).toBe(true);
    // The newest applications first.
    expect(district.body.applications.map((a) => a.id)).toEqual(expected((r) => r.institutionName.includes('思明区')).slice(-10).reverse().map((r) => r.id));

    const byId = await search(ROWS[42]!.id);
    expect(byId.body.applications).toEqual([{ id: ROWS[42]!.id, creditCode: ROWS[42]!.creditCode, institutionName: ROWS[42]!.institutionName, callYear: ROWS[42]!.callYear, submittedAt: ROWS[42]!.createdAt, link: `/pipeline?open=${ROWS[42]!.id}` }]);
    expect(byId.body.platforms).toEqual([]);

    const code = ROWS[5]!.creditCode;
    const byCode = await search(code.slice(0, 16).toLowerCase());
    expect(byCode.body.applications.map((a) => a.id)).toContain(ROWS[5]!.id);
    expect(byCode.body.platforms).toEqual([{ creditCode: code, institutionName: '厦门市湖里区已认定示范平台', listYear: 2024, status: 'valid', link: `/platforms?open=${code}` }]);

    for (const q of ['', '   ']) {
      const blank = await search(q);
      expect([blank.status, blank.body.errors!.map((e) => e.field)]).toEqual([400, ['q']]);
    }
    expect((await search('思明区', applicant)).status).toBe(403);
  });

  it('shows an applicant its own institution only, whatever it searches; the export and global search are not its', async () => {
    const own = await list('', applicant);
    expect([own.status, own.total]).toEqual([200, 3]);
    expect(own.body.every((r) => r.creditCode === MINE)).toBe(true);
    expect((await list(`q=${encodeURIComponent('思明区')}`, applicant)).total).toBe(0);
    expect((await list(`q=${encodeURIComponent('本机构')}&callYear=2025`, applicant)).body.map((r) => r.callYear)).toEqual([2025]);
    const theirs = await list(`creditCode=${ROWS[0]!.creditCode}`, applicant);
    expect([theirs.status, theirs.body.type]).toEqual([403, expect.stringMatching(/\/forbidden$/)]);
    expect((await fetch(`${sut.applicationsUrl}/api/applications.xlsx`, { headers: { authorization: `Bearer ${applicant}` } })).status).toBe(403);
  });

  it('lets staff search the list in the browser, page through it, sort it, filter a year and export that view', async () => {
    await w.signIn('staff');
    await page.goto(`${w.base}/pipeline`);
    // The board takes the newest 200 and says there are more.
    const note = await page.getByTestId('board-truncated').innerText();
    expect(note).toContain('200');
    expect(note).toContain(String(N));
    await page.getByTestId('view-toggle').getByText('列表').click();
    await page.getByText(`共 ${N} 份申报`, { exact: true }).waitFor();

    const q = 'xiamen sme hub';
    await w.fill('applications-search', q);
    await w.input('applications-search').press('Enter');
    const hub = await list(`q=${encodeURIComponent(q)}`);
    await page.getByText(`共 ${hub.total} 份申报`, { exact: true }).waitFor();
    const tableRows = page.getByTestId('applications-table').locator('tbody tr.ant-table-row');
    await tableRows.first().getByTestId(`view-${hub.body[0]!.id}`).waitFor();
    expect(await tableRows.count()).toBe(20);

    await page.locator('.ant-pagination-item-2').click();
    const second = await list(`q=${encodeURIComponent(q)}&page=2`);
    await tableRows.first().getByTestId(`view-${second.body[0]!.id}`).waitFor();
    expect(await tableRows.count()).toBe(hub.total - 20);

    await page.getByRole('columnheader', { name: '机构名称' }).click();
    const byName = await list(`q=${encodeURIComponent(q)}&sort=institutionName&order=asc`);
    await tableRows.first().getByTestId(`view-${byName.body[0]!.id}`).waitFor();

    await w.fill('pipeline-year', '2025');
    const view = await list(`q=${encodeURIComponent(q)}&callYear=2025&sort=institutionName&order=asc`);
    expect(view.total).toBeGreaterThan(0);
    await page.getByText(`共 ${view.total} 份申报`, { exact: true }).waitFor();
    await tableRows.first().getByTestId(`view-${view.body[0]!.id}`).waitFor();
    await w.shot('01-list-searched');

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-applications').click()]);
    expect(file.suggestedFilename()).toBe('申报列表.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await file.path())!);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.rowCount - 1).toBe(view.total);
    expect(Array.from({ length: view.total }, (_, i) => ws.getRow(i + 2).getCell(1).value)).toEqual(view.body.map((r) => r.id));
  });

  it("filters by the stage the workflow published (from visibility, eventually consistent)", async () => {
    const code = makeCreditCode('91350212', `MC${String(Date.now() % 1e6).padStart(6, '0')}`);
    // Applied with the form and the introduction, the supporting evidence still to come: it waits for materials.
    const res = await applyWithFiles(sut, tokenFor('applicant', { institution: code }), {
      creditCode: code, institutionName: '厦门市阶段筛选测试中心', callYear: 2026, eligibilityFacts: factsFor(code),
    }, ['applicationForm', 'platformIntroduction']);
    expect(res.status).toBe(201);
    realId = res.body.id;
    const waiting = await waitFor('the stage in visibility', async () => {
      const r = await list('stage=awaiting_materials&callYear=2026');
      return r.total === 1 ? r : undefined;
    }, 60_000, 500);
    expect(waiting.body.map((r) => [r.id, r.stage])).toEqual([[realId, 'awaiting_materials']]);
    // The other stages do not have it; none of the 2,000 rows without a workflow has a stage.
    expect((await list('stage=scoring')).total).toBe(0);
    expect((await list(`stage=awaiting_materials&q=${encodeURIComponent('思明区')}`)).total).toBe(0);
  });
});
