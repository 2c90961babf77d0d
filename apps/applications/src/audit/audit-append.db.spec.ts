import { appendAudit, dataSourceOptions, verifyAudit } from '@sme/persistence';
import { createTestDatabase } from '@sme/testing';
import { DataSource } from 'typeorm';

/** Appends on the real database: many writers at once, from an empty trail, still make one sealed chain. */
describe('the audit chain under concurrent writers', () => {
  let ds: DataSource;
  const event = (i: number) => ({ actor: `user:u${i}`, action: 'application.submitted', entityType: 'application', entityId: `a-${i}`, data: { i } });

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(await createTestDatabase('unit_audit_append')));
    await ds.initialize();
  }, 60_000);

  afterAll(() => ds?.destroy());

  it('links twenty writers that start together on an empty trail into one chain, sealed at its head', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => ds.transaction(async (m) => {
      await m.query('SELECT pg_sleep(0.01)'); // the writer's own work first, as a service does
      return appendAudit(m, event(i));
    })));
    const rows: Array<{ seq: string }> = await ds.query('SELECT seq FROM applications.audit_event ORDER BY seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyAudit(ds)).toMatchObject({ intact: true, events: 20 });
  });

  it('leaves no gap when a writer rolls back after appending', async () => {
    await expect(ds.transaction(async (m) => {
      await appendAudit(m, event(100));
      throw new Error('the change failed after its audit event');
    })).rejects.toThrow('the change failed');
    const next = await ds.transaction((m) => appendAudit(m, event(101)));
    expect(next.seq).toBe(21);
    expect(await verifyAudit(ds)).toMatchObject({ intact: true, events: 21 });
  });
});
