import type { AuditEvent } from '@sme/persistence';
import ExcelJS from 'exceljs';
import { WORKSPACE_ROOT } from '@sme/testing';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WebUnderTest } from './browser';
import { type SystemUnderTest, tokenFor } from './harness';

const AUDITOR = tokenFor('auditor');
/** Two people of center staff, so the actor filter has someone to tell apart. */
const STAFF_A = tokenFor('staff', { username: 'audit-staff-a' });
const STAFF_B = tokenFor('staff', { username: 'audit-staff-b' });
const TODAY = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const dayFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const HEADERS = ['序号', '时间', '操作人', '操作', '对象类型', '对象编号', '内容', '哈希'];

type Problem = { status: number; type: string; message: { zh: string; en: string }; errors?: Array<{ field: string; reason: { zh: string; en: string } }> };

/**
 * The audit trail screen (第十八条) against the whole system: events made through the API (staff set two calls,
 * one twice, and add an expert) are found by entity, actor, action and Beijing day, paged with their total, shown
 * with the entity's previous event, exported to Excel and verified; the auditor and the bureau read them, staff
 * and applicants are refused. Then one event is altered behind the API and the screen's verification names it.
 * Screenshots audit-*.png.
 */
describe('web: the audit trail screen', () => {
  let w: WebUnderTest;
  let sut: SystemUnderTest;
  let base: string;
  let page: Page;
  const pageErrors: string[] = [];
  /** The events this file made, by what they are. */
  const made = {} as Record<'callSet5' | 'callSet6' | 'call2027' | 'expert', AuditEvent>;
  const url = (path: string) => `${sut.applicationsUrl}${path}`;
  const events = async (query: string, token = AUDITOR) => {
    const res = await fetch(url(`/api/audit/events${query ? `?${query}` : ''}`), { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, total: res.headers.get('x-total-count'), body: (await res.json()) as AuditEvent[] & Problem };
  };
  const shot = (name: string) => w.shot(name);

  beforeAll(async () => {
    w = await WebUnderTest.start('it_web_audit', { shotPrefix: 'audit-', viewport: { width: 1400, height: 1000 } });
    ({ sut, base, page } = w);
    const call = (year: number, quota: number, token: string) =>
      sut.http('PUT', url(`/api/calls/${year}`), { quota, opensOn: `${year}-03-01`, closesOn: `${year}-04-30`, policyVersion: 'xiamen-2021-114' }, token);
    expect((await call(2026, 5, STAFF_A)).status).toBe(200);
    expect((await call(2026, 6, STAFF_A)).status).toBe(200);
    expect((await call(2027, 4, STAFF_B)).status).toBe(200);
    const expert = await sut.http<{ id: string }>('POST', `${sut.scoringUrl}/api/experts`, { name: '审计测试专家', fields: ['技术服务'] }, STAFF_B);
    expect(expert.status).toBe(201);
    const all = (await events('entityType=call&pageSize=200')).body;
    made.callSet6 = all.find((e) => e.entityId === '2026' && e.data['quota'] === 6)!;
    made.callSet5 = all.find((e) => e.entityId === '2026' && e.data['quota'] === 5)!;
    made.call2027 = all.find((e) => e.entityId === '2027')!;
    made.expert = (await events(`entityType=expert&entityId=${expert.body.id}`)).body[0]!;
    expect(Object.values(made).every(Boolean)).toBe(true);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 240_000);

  // What the browser showed when a test ended (the last one's picture is the one to read after a failure).
  afterEach(async () => {
    await page?.screenshot({ path: join(WORKSPACE_ROOT, '.local/screenshots', `audit-zz-after-${(expect.getState().currentTestName ?? 'test').slice(-40).replace(/[^\w-]+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
  });

  afterAll(async () => {
    await w?.stop();
  });

  it('filters the trail by entity, actor (exact or prefix), action prefix and Beijing day, newest first, with the total', async () => {
    const byEntity = await events('entityType=call&entityId=2026');
    expect(byEntity.status).toBe(200);
    expect(byEntity.body.map((e) => [e.action, e.actor, e.data['quota']])).toEqual([['call.set', 'user:audit-staff-a', 6], ['call.set', 'user:audit-staff-a', 5]]);
    expect(byEntity.total).toBe('2');

    expect((await events('actor=user:audit-staff-b')).body.map((e) => e.seq)).toEqual([made.expert.seq, made.call2027.seq]);
    expect((await events('actor=user:audit-staff')).body).toEqual([]); // exact: nobody is called that
    const prefixed = await events(`actor=${encodeURIComponent('user:audit-staff-*')}`);
    expect(prefixed.body.map((e) => e.seq)).toEqual([made.expert.seq, made.call2027.seq, made.callSet6.seq, made.callSet5.seq]);
    expect(prefixed.total).toBe('4');

    expect((await events('action=expert.')).body.map((e) => e.seq)).toEqual([made.expert.seq]);
    expect((await events('action=call.se&actor=user:audit-staff-b')).body.map((e) => e.seq)).toEqual([made.call2027.seq]);

    const today = await events(`from=${TODAY}&to=${TODAY}&actor=${encodeURIComponent('user:audit-staff-*')}`);
    expect(today.total).toBe('4');
    expect((await events(`from=${dayFrom(TODAY, 1)}`)).total).toBe('0');
    const yesterday = await events(`to=${dayFrom(TODAY, -1)}`);
    expect([yesterday.total, yesterday.body]).toEqual(['0', []]);
  });

  it('pages the view (at most 200 a page), newest first, as an array with the total in X-Total-Count', async () => {
    const second = await events(`actor=${encodeURIComponent('user:audit-staff-*')}&page=2&pageSize=3`);
    expect([second.total, second.body.map((e) => e.seq)]).toEqual(['4', [made.callSet5.seq]]);
    const first = await events(`actor=${encodeURIComponent('user:audit-staff-*')}&page=1&pageSize=3`);
    expect(first.body.map((e) => e.seq)).toEqual([made.expert.seq, made.call2027.seq, made.callSet6.seq]);
    const newest = await events('entityType=call&pageSize=1');
    expect(Array.isArray(newest.body)).toBe(true);
    expect(newest.body.map((e) => e.seq)).toEqual([made.call2027.seq]);
    const operator = await events('entityType=call&entityId=2026', tokenFor('operator'));
    expect([operator.status, operator.body.length]).toEqual([200, 2]);
  });

  it('refuses bad filters with a 400 naming the field in Chinese and English, and a backwards range with a 422', async () => {
    const cases: Array<[string, string]> = [
      ['pageSize=201', 'pageSize'],
      ['page=0', 'page'],
      ['from=2026-02-30', 'from'],
      ['to=2026/12/31', 'to'],
      // `limit` was the list's size before it had pages: it is no longer taken.
      ['limit=5&page=1', 'limit'],
      ['actor=a*b', 'actor'],
    ];
    for (const [query, field] of cases) {
      const res = await events(query);
      expect([query, res.status, [...new Set(res.body.errors?.map((e) => e.field))]]).toEqual([query, 400, [field]]);
      expect(res.body.message.zh).toContain(field);
      expect(res.body.message.en).toContain(field);
    }
    // Two dates the schema accepts, the end before the start: a rule the document cannot say (422).
    const backwards = await events('from=2026-05-02&to=2026-05-01');
    expect([backwards.status, backwards.body.errors?.map((e) => e.field)]).toEqual([422, ['to']]);
  });

  it('shows an event with the previous event of its entity, and the facets for the filters', async () => {
    const detail = await sut.http<{ event: AuditEvent; previous: AuditEvent | null }>('GET', url(`/api/audit/events/${made.callSet6.seq}`), undefined, AUDITOR);
    expect(detail.status).toBe(200);
    expect([detail.body.event.data['quota'], detail.body.previous?.seq, detail.body.previous?.data['quota']]).toEqual([6, made.callSet5.seq, 5]);
    expect((await sut.http<{ previous: unknown }>('GET', url(`/api/audit/events/${made.callSet5.seq}`), undefined, AUDITOR)).body.previous).toBeNull();
    const missing = await sut.http<Problem>('GET', url('/api/audit/events/99999999'), undefined, AUDITOR);
    expect([missing.status, missing.body.message.zh]).toEqual([404, '没有第 99999999 条审计记录']);
    const facets = await sut.http<{ entityTypes: string[]; actions: string[]; actors: string[] }>('GET', url('/api/audit/facets'), undefined, tokenFor('bureau'));
    expect(facets.body.entityTypes).toEqual(expect.arrayContaining(['call', 'expert']));
    expect(facets.body.actions).toEqual(expect.arrayContaining(['call.set', 'expert.added']));
    expect(facets.body.actors).toEqual(expect.arrayContaining(['user:audit-staff-a', 'user:audit-staff-b']));
  });

  it('exports the filtered view to Excel with the Chinese headers and Beijing times', async () => {
    const res = await fetch(url(`/api/audit/events.xlsx?actor=${encodeURIComponent('user:audit-staff-*')}&from=${TODAY}`), { headers: { authorization: `Bearer ${AUDITOR}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(`审计记录-${TODAY}.xlsx`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('审计记录')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...HEADERS]);
    const rows = [2, 3, 4, 5].map((n) => ws.getRow(n).values as unknown[]);
    expect(rows.map((r) => r[1])).toEqual([made.expert.seq, made.call2027.seq, made.callSet6.seq, made.callSet5.seq]);
    expect(ws.rowCount).toBe(5);
    const [, seq, time, actor, action, type, id, content, hash] = rows[2]!;
    const [y, m, d] = TODAY.split('-').map(Number);
    expect(time).toMatch(new RegExp(`^${y}年${m}月${d}日 \\d{2}:\\d{2}:\\d{2}$`));
    expect([seq, actor, action, type, id, JSON.parse(String(content)).quota, hash]).toEqual([made.callSet6.seq, 'user:audit-staff-a', 'call.set', 'call', '2026', 6, made.callSet6.hash]);
    expect(String(wb.getWorksheet('说明')!.getCell('A3').value)).toContain('操作人：user:audit-staff-*');
  });

  it('verifies the chain with the number of events checked', async () => {
    const res = await sut.http<{ intact: boolean; events: number; checkedAt: string }>('GET', url('/api/audit/verify'), undefined, AUDITOR);
    expect(res.body.intact).toBe(true);
    expect(res.body.events).toBe(Number((await events('')).total));
  });

  it('refuses staff and applicants (403) on every audit endpoint, and operators on the export and details', async () => {
    const paths = ['/api/audit/events', '/api/audit/events.xlsx', `/api/audit/events/${made.callSet5.seq}`, '/api/audit/facets', '/api/audit/verify'];
    for (const token of [tokenFor('staff'), tokenFor('applicant', { institution: '91350200MA2Y0001XE' })]) {
      for (const path of paths) {
        const res = await sut.http<Problem>('GET', url(path), undefined, token);
        expect([path, res.status, res.body.type.endsWith('/forbidden')]).toEqual([path, 403, true]);
      }
    }
    for (const path of paths.slice(1, 4)) expect([path, (await sut.http('GET', url(path), undefined, tokenFor('operator'))).status]).toEqual([path, 403]);
  });

  it('lets the auditor filter the screen, read an event before and after, verify the chain and export the view', async () => {
    await w.signIn('auditor');
    await page.getByRole('link', { name: '审计记录' }).click();
    await page.getByTestId('audit-table').waitFor();
    await w.choose('audit-entity-type', '年度申报');
    await w.fill('audit-entity-id', '2026');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-total').filter({ hasText: '共 2 条' }).waitFor();
    const row = page.getByTestId(`audit-row-${made.callSet6.seq}`);
    expect(await row.innerText()).toContain('设置年度申报');
    expect(await row.innerText()).toContain('audit-staff-a');
    expect(await row.innerText()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    await shot('01-filtered');

    await page.getByTestId(`audit-view-${made.callSet6.seq}`).click();
    expect(await page.getByTestId('audit-content').innerText()).toContain('"quota": 6');
    expect(await page.getByTestId('audit-before-content').innerText()).toContain('"quota": 5');
    expect(await page.getByTestId('audit-before').innerText()).toContain('之前');
    expect(await page.getByTestId('audit-after').innerText()).toContain('之后');
    await shot('02-before-after');
    await page.keyboard.press('Escape');
    await page.getByTestId('audit-detail').waitFor({ state: 'detached' });

    // Another filter: an actor by username, a family of actions, and the dates (Beijing days).
    await page.getByTestId('audit-reset').click();
    await w.fill('audit-actor', 'audit-staff-b');
    await page.keyboard.press('Escape'); // the actor's suggestions close
    // The actions are many: search the list for the family, as a person would.
    await page.getByTestId('audit-action').click();
    await page.keyboard.type('专家库');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '专家库（全部）' }).click();
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-total').filter({ hasText: '共 1 条' }).waitFor();
    await page.getByTestId(`audit-row-${made.expert.seq}`).filter({ hasText: '新增专家' }).waitFor();
    const dates = page.locator('[data-testid="audit-dates"] input');
    await dates.nth(0).click();
    await dates.nth(0).fill(dayFrom(TODAY, -3));
    await dates.nth(0).press('Enter');
    await dates.nth(1).fill(dayFrom(TODAY, -1));
    await dates.nth(1).press('Enter');
    await page.getByTestId('audit-search').click();
    await page.getByText('没有符合条件的审计记录').waitFor();
    await dates.nth(1).click();
    await dates.nth(1).fill(TODAY);
    await dates.nth(1).press('Enter');
    await page.getByTestId('audit-search').click();
    await page.getByTestId(`audit-row-${made.expert.seq}`).waitFor();

    await page.getByTestId('audit-verify').click();
    const verdict = page.getByTestId('audit-verification');
    await verdict.filter({ hasText: '通过：共校验' }).waitFor();
    expect(await verdict.innerText()).toMatch(/通过：共校验 \d+ 条记录，审计链完整/);
    await shot('03-verified');

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(file.suggestedFilename()).toBe(`审计记录-${TODAY}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await file.path())!)) as never);
    const ws = wb.getWorksheet('审计记录')!;
    expect([ws.rowCount, ws.getRow(2).getCell(1).value, ws.getRow(2).getCell(4).value]).toEqual([2, made.expert.seq, 'expert.added']);
    expect(pageErrors).toEqual([]);
  });

  it('shows the bureau the same screen, and staff none', async () => {
    await w.signIn('bureau');
    await page.getByRole('link', { name: '审计记录' }).click();
    await page.getByTestId(`audit-row-${made.callSet6.seq}`).waitFor();
    await shot('04-bureau');
    await w.signIn('staff');
    expect(await page.getByTestId('menu').innerText()).not.toContain('审计记录');
    await page.goto(`${base}/audit`);
    await page.getByTestId('sign-in-submit').waitFor(); // not a staff screen: sent to sign in
  });

  it('names the broken link when an event was altered behind the application', async () => {
    // Someone with the owner's rights switches the append-only guard off and edits one event's content.
    await sut.query(`ALTER TABLE applications.audit_event DISABLE TRIGGER audit_event_append_only;
      UPDATE applications.audit_event SET data = '{"quota": 60}' WHERE seq = ${made.callSet5.seq};
      ALTER TABLE applications.audit_event ENABLE TRIGGER audit_event_append_only`);
    const api = await sut.http<{ intact: boolean; events: number; firstBroken: { seq: number; occurredAt: string; reason: string; message: { zh: string } } }>('GET', url('/api/audit/verify'), undefined, AUDITOR);
    expect(api.body).toMatchObject({ intact: false, events: made.callSet5.seq - 1, firstBroken: { seq: made.callSet5.seq, occurredAt: made.callSet5.occurredAt, reason: 'its content does not match its hash' } });
    expect(api.body.firstBroken.message.zh).toBe('内容与其哈希不符（该条记录被改动）');

    await w.signIn('auditor');
    await page.getByRole('link', { name: '审计记录' }).click();
    await page.getByTestId('audit-verify').click();
    const verdict = page.getByTestId('audit-verification');
    await verdict.filter({ hasText: '发现断链' }).waitFor();
    const text = await verdict.innerText();
    expect(text).toContain(`发现断链：第 ${made.callSet5.seq} 条`);
    expect(text).toContain('内容与其哈希不符（该条记录被改动）');
    expect(text).toContain(`此前 ${made.callSet5.seq - 1} 条记录校验完好`);
    await page.getByTestId('audit-verification-open').click();
    expect(await page.getByTestId('audit-content').innerText()).toContain('"quota": 60');
    await shot('05-broken');
  });
});
