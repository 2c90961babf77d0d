import 'reflect-metadata';
import { type InAppNotificationInput, type InAppNotificationResult, Recipients } from '@sme/contracts';
import { dataSourceOptions, NOTIFICATIONS_ENTITIES, NotificationEntity } from '@sme/persistence';
import type { RuntimeConfig } from '@sme/runtime';
import { createTestDatabase, waitFor } from '@sme/testing';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import type { DeliveryChannel, OutgoingMessage } from '../delivery/channels';
import { DeliveryWorkerService } from '../delivery/delivery-worker.service';
import { InboxActivities } from './inbox.activities';
import { InboxService } from './inbox.service';

/**
 * The digest on the real database: escalations stored at once, as on the first day when thousands of imported
 * platforms are found late, reach staff as one notice and one email per staff member, with none lost.
 */
describe('escalations to staff are gathered into one digest', () => {
  // Long enough that 300 stores on a loaded machine fall in one quiet window (at most six of them from the first).
  const WINDOW_MS = 5000;
  let ds: DataSource;
  let inbox: InboxService;
  let worker: DeliveryWorkerService;
  const sent: OutgoingMessage[] = [];
  const email: DeliveryChannel = { send: async (m) => void sent.push(m) };
  const late = (i: number): InAppNotificationInput => ({
    idempotencyKey: `platform-${i}:report-2025:overdue:staff`,
    recipient: 'role:staff',
    kind: 'report.overdue',
    title: { zh: `机构${i}2025年度报告逾期`, en: `Inst ${i}: 2025 report overdue` },
    body: { zh: '请督促报送', en: 'please follow up' },
  });

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(await createTestDatabase('unit_notice_digest'), NOTIFICATIONS_ENTITIES));
    await ds.initialize();
    await ds.query(`INSERT INTO notifications.contact (recipient, email, role) VALUES ('user:wang', 'wang@x.local', 'staff'), ('user:zhao', 'zhao@x.local', 'staff')`);
    const config = { digestWindowMs: WINDOW_MS, deliveryPollMs: 50, deliveryMaxAttempts: 3, deliveryBackoffMs: 50 } as RuntimeConfig;
    inbox = new InboxService(ds, ds.getRepository(NotificationEntity), config);
    worker = new DeliveryWorkerService(ds, config, email, email);
  }, 60_000);

  afterAll(() => ds?.destroy());

  it('stores 300 at once, each once, read as one notice and sent as one email per staff member after the quiet window', async () => {
    const results = await Promise.all([...Array.from({ length: 300 }, (_, i) => inbox.store(late(i))), inbox.store(late(7))]);
    expect(results.filter((r) => r.created)).toHaveLength(300);

    const read = await inbox.list(['role:staff'], 'u-wang');
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ kind: 'report.overdue', title: { zh: '年度报告逾期（300项）' }, read: false });
    expect(read[0]!.body.zh).toContain('1. 机构02025年度报告逾期');
    expect(read[0]!.body.zh).toContain('……另有 250 项');
    expect(await inbox.unread(['role:staff'], 'u-wang')).toBe(1);
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM notifications.notification WHERE digest_id = $1`, [read[0]!.id])) as Array<{ n: number }>;
    expect(n).toBe(300);

    // While it gathers, nothing goes out; then one email to each staff member.
    expect(await worker.drain()).toBe(0);
    await waitFor('the digest sent', async () => ((await worker.drain(), sent.length >= 2) ? true : undefined), 60_000, 100);
    expect(sent.map((m) => m.to).sort()).toEqual(['wang@x.local', 'zhao@x.local']);
    expect(sent.every((m) => m.notificationId === read[0]!.id && m.subject.includes('年度报告逾期（300项）'))).toBe(true);
  }, 120_000);

  it('starts the next digest for an escalation after the last one went out, and shows a read digest unread again when one joins it', async () => {
    sent.length = 0;
    await inbox.store(late(1000));
    const [next] = await inbox.list(['role:staff'], 'u-wang');
    expect(next).toMatchObject({ title: { zh: '年度报告逾期（1项）' } });
    await inbox.markRead(['role:staff'], 'u-wang', undefined);
    expect(await inbox.unread(['role:staff'], 'u-wang')).toBe(0);
    await inbox.store(late(1001));
    expect(await inbox.unread(['role:staff'], 'u-wang')).toBe(1);
    expect((await inbox.list(['role:staff'], 'u-wang'))[0]).toMatchObject({ id: next!.id, title: { zh: '年度报告逾期（2项）' } });
    await waitFor('the second digest sent', async () => ((await worker.drain(), sent.length >= 2) ? true : undefined), 60_000, 100);
    expect(sent.every((m) => m.notificationId === next!.id && m.text.includes('机构1001'))).toBe(true);
  }, 60_000);

  it("stores a late report's two notices in one activity task, in order, each once however often the task is retried", async () => {
    const activities = new InboxActivities(inbox).asActivities();
    const platform = Recipients.institution('91350200MA8DEM018T');
    const pair = [{ ...late(3000), idempotencyKey: 'platform-3000:report-2025:overdue:platform', recipient: platform, title: { zh: '2025年度报告已逾期', en: 'overdue' } }, late(3000)];
    const env = new MockActivityEnvironment();
    const storePair = () => env.run(activities.storeInAppNotifications, { notices: pair }) as Promise<InAppNotificationResult[]>;
    const first = await storePair();
    expect(first.map((r) => r.created)).toEqual([true, true]);
    const retried = await storePair();
    expect(retried).toEqual(first.map((r) => ({ ...r, created: false })));
    expect((await inbox.list([platform], 'u-3000')).map((n) => n.title.zh)).toEqual(['2025年度报告已逾期']);
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM notifications.notification WHERE idempotency_key = $1 AND digest_id IS NOT NULL`, [late(3000).idempotencyKey])) as Array<{ n: number }>;
    expect(n).toBe(1); // the staff's one joined a digest
  }, 60_000);

  it('sends a notice that is not an escalation to a role at once, on its own', async () => {
    sent.length = 0;
    await inbox.store({ ...late(2000), idempotencyKey: 'other', kind: 'rectification.filed' });
    expect(await worker.drain()).toBe(2);
  }, 60_000);
});
