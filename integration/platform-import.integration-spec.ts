import { platformStatusQuery, TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { infraEnv, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
const run = Date.now() % 1e7;
const code = (n: number) => makeCreditCode('91350200', String(run * 10 + n).padStart(8, '0').slice(-8));
const [P1, P2, EXPIRED, P4] = [code(1), code(2), code(3), code(4)];

/** A workbook as staff keep it: a date cell, a typed date, Chinese function names. */
async function sheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('往年示范平台');
  ws.addRow(['统一社会信用代码', '机构名称', '认定日期', '服务功能']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('importing the platforms recognised in earlier years from .xlsx', () => {
  let sut: SystemUnderTest;
  let connection: Connection;
  let temporal: TemporalClient;
  const good = [
    [P1, '厦门市往年甲平台', new Date(Date.UTC(2024, 5, 30)), '信息服务、技术服务'],
    [P2, '厦门市往年乙平台', '2025/3/1', '融资服务'],
  ];

  const post = async (path: string, bytes: Buffer) => {
    const form = new FormData();
    form.set('file', new Blob([bytes]), 'platforms.xlsx');
    const res = await fetch(`${sut.applicationsUrl}${path}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${STAFF}` } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_platform_import');
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
  }, 120_000);
  afterAll(async () => {
    for (const c of [P1, P2, P4]) await temporal?.workflow.getHandle(WorkflowIds.platform(c)).terminate('test clean-up').catch(() => undefined);
    await connection?.close();
    await sut?.stop();
  });

  it('dry-runs a file and reports every bad row by number and reason, importing nothing', async () => {
    const file = await sheet([...good, [EXPIRED, '厦门市过期平台', '2022-01-01', '培训服务'], ['91350200MA2Y0001XA', '', '2024-13-01', '咨询']]);
    const dry = await post('/api/platform-imports/dry-run', file);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 4, valid: 2 });
    expect(dry.body['errors'].map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [4, 'awardedOn'], [5, 'creditCode'], [5, 'institutionName'], [5, 'awardedOn'], [5, 'functions'],
    ]);
    expect(dry.body['errors'][0].reason.zh).toContain('第十七条');
    expect(dry.body['preview'][1]).toMatchObject({ creditCode: P2, awardedOn: '2025-03-01', validThrough: '2028-03-01', functions: ['financing'] });

    const refused = await post('/api/platform-imports', file);
    expect(refused.status).toBe(422);
    expect(refused.body['errors']).toHaveLength(5);
    const listed = await sut.http<Array<{ creditCode: string }>>('GET', `${sut.applicationsUrl}/api/public/platforms`);
    expect(listed.body.map((p) => p.creditCode)).not.toContain(P1);
    expect((await post('/api/platform-imports/dry-run', Buffer.from('not a workbook'))).status).toBe(422);
  });

  it('imports a good file through a workflow with progress, starting each platform where its validity stands, once', async () => {
    // Staff have published 2026 as this test's own arrangement: 02-28 a plain Saturday (not the bundle's make-up
    // working day), 03-02 a holiday. The report on 2025 is then due on 03-03, and an imported platform counts with
    // what staff published, as the API does.
    const days = [{ date: '2026-02-28', kind: 'weekend' }, { date: '2026-03-02', kind: 'holiday', name: '测试假日' }];
    const published = await sut.http('PUT', `${sut.applicationsUrl}/api/calendar/years/2026`, { source: '测试用（假设的2026年安排）', days }, STAFF);
    expect(published.status).toBe(200);
    const deadline = await sut.http<{ due: string }>('GET', `${sut.applicationsUrl}/api/calendar/report-deadline?year=2025`);
    expect(deadline.body.due).toBe('2026-03-03');
    const file = await sheet(good);
    const started = await post('/api/platform-imports', file);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ dryRun: false, started: true });
    const importId: string = started.body['importId'];
    const done = await waitFor('the import finishes', async () => {
      const s = await sut.http<{ stage: string; done: number; total: number; created: number }>('GET', `${sut.applicationsUrl}/api/platform-imports/${importId}`, undefined, STAFF);
      return s.body.stage === 'done' ? s.body : undefined;
    }, 60_000, 300);
    expect(done).toMatchObject({ total: 2, done: 2, created: 2, existing: 0 });

    // Its report on 2025 is owed: due by the end of February 2026 as published, late after it (the import found it
    // so, once that day has passed). Wait for the workflow to settle its stage.
    const lateSeason = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }) > deadline.body.due;
    const p1 = await waitFor('the imported platform to settle', async () => {
      const s = await temporal.workflow.getHandle(WorkflowIds.platform(P1)).query(platformStatusQuery);
      return s.stage === (lateSeason ? 'report_late' : 'report_due') ? s : undefined;
    }, 30_000, 200);
    expect(p1).toMatchObject({ awardedOn: '2024-06-30', validThrough: '2027-06-30', stage: lateSeason ? 'report_late' : 'report_due' });
    expect(p1.openReports!.find((r) => r.reportYear === 2025)).toMatchObject({ due: deadline.body.due, provisional: false });
    const listed = await sut.http<Array<{ creditCode: string; valid: boolean; functions: string[] }>>('GET', `${sut.applicationsUrl}/api/public/platforms`);
    expect(listed.body.find((p) => p.creditCode === P1)).toMatchObject({ valid: true, functions: ['information', 'technology'] });

    const again = await post('/api/platform-imports', file);
    expect(again.body).toMatchObject({ importId, started: false, status: { stage: 'done' } });
    // The same rows in another file: a new import that finds both platforms already there and changes nothing.
    const reordered = await post('/api/platform-imports', await sheet([good[1]!, good[0]!]));
    expect(reordered.body['started']).toBe(true);
    const second = await waitFor('the second import', async () => {
      const s = await sut.http<{ stage: string; created: number; existing: number }>('GET', `${sut.applicationsUrl}/api/platform-imports/${reordered.body['importId']}`, undefined, STAFF);
      return s.body.stage === 'done' ? s.body : undefined;
    }, 60_000, 300);
    expect(second).toMatchObject({ created: 0, existing: 2 });
    expect((await temporal.workflow.getHandle(WorkflowIds.platform(P1)).query(platformStatusQuery)).renewals).toEqual([]);
  });

  it('audits, once, an import whose first request died after starting its workflow: the retry writes what it could not', async () => {
    const file = await sheet([[P4, '厦门市往年丁平台', '2025-05-20', '培训服务']]);
    const importId = createHash('sha256').update(file).digest('hex').slice(0, 16);
    // The first request started the workflow and died before its audit event was written.
    await temporal.workflow.start(WorkflowTypes.platformImport, {
      workflowId: WorkflowIds.platformImport(importId),
      taskQueue: TaskQueues.lifecycle,
      args: [{ importId, policyVersion: 'xiamen-2021-114', by: 'test-staff', rows: [{ row: 2, creditCode: P4, institutionName: '厦门市往年丁平台', awardedOn: '2025-05-20', functions: ['training'] }] }],
    });
    const pg = new PgClient({ connectionString: sut.ownerDatabaseUrl });
    await pg.connect();
    try {
      const audited = async () => (await pg.query(`SELECT count(*)::int AS n FROM applications.audit_event WHERE action = 'platforms.import_started' AND entity_id = $1`, [importId])).rows[0].n as number;
      expect(await audited()).toBe(0);
      const retried = await post('/api/platform-imports', file);
      expect([retried.status, retried.body['importId'], retried.body['started']]).toEqual([202, importId, false]);
      expect(await audited()).toBe(1);
      await post('/api/platform-imports', file);
      expect(await audited()).toBe(1);
    } finally {
      await pg.end();
    }
  });
});
