import { APPLICATIONS_ENTITIES, appendAudit, dataSourceOptions, verifyAudit } from '@sme/persistence';
import { createTestDatabase } from '@sme/testing';
import { DataSource } from 'typeorm';
import { RegisterService } from './register.service';

interface Row { creditCode: string; valid: boolean; status: string; endedOn: string | null; endArticle: string | null }

/**
 * The public register keeps its pages between changes and never serves one older than the last committed change to
 * the platform table, whoever made it: on the real database, with writers outside the service (as the orchestrator's
 * activities, an import and a fixture are).
 */
describe('the public register kept between changes', () => {
  let ds: DataSource;
  let writer: DataSource;
  let register: RegisterService;
  const rows = async (q?: string, page = 1, size = 500) => {
    const p = await register.page(q, page, size);
    return { total: p.total, rows: JSON.parse(p.json) as Row[] };
  };
  const add = (code: string, name: string, validThrough = '2029-06-09') =>
    writer.query(`INSERT INTO applications.platform (credit_code, institution_name, list_year, awarded_on, valid_through, policy_version) VALUES ($1, $2, 2026, '2026-06-10', $3, 'xiamen-2021-114')`, [code, name, validThrough]);

  beforeAll(async () => {
    const url = await createTestDatabase('unit_register_pages');
    ds = new DataSource(dataSourceOptions(url, APPLICATIONS_ENTITIES));
    writer = new DataSource(dataSourceOptions(url));
    await Promise.all([ds.initialize(), writer.initialize()]);
    register = new RegisterService(ds);
  }, 60_000);

  afterAll(async () => {
    jest.useRealTimers();
    await ds?.destroy();
    await writer?.destroy();
  });

  it('reads the database once between two changes, and shows a title added by another process at the next read', async () => {
    await add('91350200MA00000001', '厦门市登记册一号中心');
    const read = jest.spyOn(register as unknown as { read: () => unknown }, 'read');
    const first = await rows();
    expect(first.rows.map((r) => r.creditCode)).toEqual(['91350200MA00000001']);
    await Promise.all(Array.from({ length: 5 }, () => rows()));
    expect(read).toHaveBeenCalledTimes(1);

    await add('91350200MA00000002', '厦门市登记册二号中心');
    const second = await rows();
    expect([second.total, second.rows.map((r) => r.creditCode).sort()]).toEqual([2, ['91350200MA00000001', '91350200MA00000002']]);
    expect(read).toHaveBeenCalledTimes(2);
    read.mockRestore();
  });

  it('says revoked, with date and article, at the read after the revocation commits, and not before (第十七条)', async () => {
    expect((await rows('91350200MA00000002')).rows[0]).toMatchObject({ valid: true, status: 'valid' });
    await writer.transaction(async (m) => {
      await m.query(`UPDATE applications.platform SET status = 'revoked', ended_on = '2026-12-04', end_article = '第十七条' WHERE credit_code = $1`, ['91350200MA00000002']);
      // Not committed yet: the page kept is still the truth.
      expect((await rows('91350200MA00000002')).rows[0]).toMatchObject({ status: 'valid' });
    });
    expect((await rows('91350200MA00000002')).rows[0]).toMatchObject({ valid: false, status: 'revoked', endedOn: '2026-12-04', endArticle: '第十七条' });
  });

  it('forgets nothing on a change rolled back, and keeps pages of a search and of each page apart', async () => {
    await expect(writer.transaction(async (m) => {
      await m.query(`DELETE FROM applications.platform`);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect((await rows()).total).toBe(2);
    expect((await rows('一号')).rows.map((r) => r.creditCode)).toEqual(['91350200MA00000001']);
    expect((await rows(undefined, 2, 1)).rows).toHaveLength(1);
    expect((await rows(undefined, 3, 1)).rows).toEqual([]);
  });

  it('turns a title expired on the first day after its validity, across 1 January, though nothing changed in the table (第十七条)', async () => {
    await add('91350200MA00000003', '厦门市跨年到期中心', '2026-12-31');
    const keep = ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] as const;
    jest.useFakeTimers({ doNotFake: [...keep], now: new Date('2026-12-31T15:59:00Z') }); // 23:59 on 31 December in Xiamen
    expect((await rows('91350200MA00000003')).rows[0]).toMatchObject({ valid: true, status: 'valid' });
    jest.setSystemTime(new Date('2026-12-31T16:00:00Z')); // 00:00 on 1 January
    expect((await rows('91350200MA00000003')).rows[0]).toMatchObject({ valid: false, status: 'expired', endedOn: '2026-12-31', endArticle: '第十七条' });
    jest.useRealTimers();
  });

  it('lets twenty writers that change titles and append audit events, in either order, all commit (no deadlock on the version)', async () => {
    const before = Number((await ds.query('SELECT version FROM applications.register_version'))[0].version);
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.transaction(async (m) => {
      const code = `91350200MB${String(i).padStart(8, '0')}`;
      const title = () => m.query(`INSERT INTO applications.platform (credit_code, institution_name, list_year, awarded_on, valid_through, policy_version) VALUES ($1, $2, 2026, '2026-06-10', '2029-06-09', 'xiamen-2021-114')`, [code, `并发写入中心${i}`]);
      const audit = () => appendAudit(m, { actor: 'system:test', action: 'platform.title_awarded', entityType: 'platform', entityId: code, data: {} });
      if (i % 2) {
        await title();
        await m.query('SELECT pg_sleep(0.01)');
        await audit();
      } else {
        await audit();
        await m.query('SELECT pg_sleep(0.01)');
        await title();
      }
    })));
    const after = Number((await ds.query('SELECT version FROM applications.register_version'))[0].version);
    expect(after - before).toBe(20);
    expect((await rows('并发写入中心')).total).toBe(20);
    expect(await verifyAudit(ds)).toMatchObject({ intact: true, events: 20 });
  });
});
