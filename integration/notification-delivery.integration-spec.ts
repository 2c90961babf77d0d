import { Consumers, EventStream } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { waitFor } from '@sme/testing';
import { connect, type NatsConnection } from 'nats';
import { Client as PgClient } from 'pg';
import { factsFor } from '@sme/testing/facts';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
const OPERATOR = tokenFor('operator');
const run = Date.now() % 1e7;
const code = (n: number) => makeCreditCode('91350200', String(run * 10 + n).padStart(8, '0').slice(-8));
const [A, B, C] = [code(4), code(5), code(6)];

interface Sunk { to: string[]; subject: string; messageId: string | null; text: string }

/**
 * Beyond the inbox: every notification of a recipient with a contact goes out by real SMTP (to the development
 * sink) and, when urgent, by SMS (the logging gateway); once per notification; a refused address is retried with
 * backoff and then parked in the dead-letter stream where operators see it.
 */
describe('email and SMS delivery: once per event, retried, parked when refused', () => {
  let sut: SystemUnderTest;
  let pg: PgClient;
  let nats: NatsConnection;
  const mail = async () => (await sut.http<Sunk[]>('GET', `${sut.mailUrl}/messages`)).body;
  const submit = (creditCode: string, contact: Record<string, string>) =>
    sut.http<{ id: string }>('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode, institutionName: '厦门市通知测试中心', callYear: 2026, contact,
      eligibilityFacts: factsFor(creditCode),
    }, tokenFor('applicant', { institution: creditCode }));

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_delivery');
    pg = new PgClient({ connectionString: sut.ownerDatabaseUrl });
    await pg.connect();
    nats = await connect({ servers: sut.nats.url });
    await sut.http('PUT', `${sut.applicationsUrl}/api/calls/2026`, { quota: 5, opensOn: '2026-01-01', closesOn: '2026-12-31', policyVersion: 'xiamen-2021-114' }, STAFF);
  }, 120_000);
  afterAll(async () => {
    await nats?.close();
    await pg?.end();
    await sut?.stop();
  });

  it('emails the submission and the request for materials, and texts only the urgent one', async () => {
    expect((await submit(A, { name: '王经理', email: 'wang@example.com', mobile: '13800000001' })).status).toBe(201);
    const received = await waitFor('two emails', async () => {
      const m = (await mail()).filter((x) => x.to.includes('wang@example.com'));
      return m.length >= 2 ? m : undefined;
    }, 60_000, 200);
    expect(received.map((m) => m.subject).sort()).toEqual([expect.stringContaining('申报已提交'), expect.stringContaining('补充')].sort());
    const ids = await pg.query(`SELECT n.id, n.kind, d.channel FROM notifications.delivery d JOIN notifications.notification n ON n.id = d.notification_id WHERE n.recipient = $1 ORDER BY n.kind, d.channel`, [`institution:${A}`]);
    expect(ids.rows.map((r) => `${r.kind}/${r.channel}`)).toEqual(['application.materials_requested/email', 'application.materials_requested/sms', 'application.submitted/email']);
    expect(received.map((m) => m.messageId).sort()).toEqual(ids.rows.filter((r) => r.channel === 'email').map((r) => `<${r.id}@sme-platforms>`).sort());
    await sut.processes.notifications.waitForOutput(/"sms":\{"to":"13800000001"/);
  });

  it('sends nothing twice when the same event arrives again', async () => {
    const outbox = await pg.query(`SELECT subject, payload FROM applications.outbox WHERE payload->'payload'->>'creditCode' = $1`, [A]);
    expect(outbox.rows).toHaveLength(1);
    // A redelivery outside JetStream's duplicate window: a new message id, the same event id.
    await nats.jetstream().publish(outbox.rows[0].subject, Buffer.from(JSON.stringify(outbox.rows[0].payload)), { msgID: `replay-${Date.now()}` });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await mail()).filter((x) => x.to.includes('wang@example.com'))).toHaveLength(2);
    const deliveries = await pg.query(`SELECT count(*)::int AS n FROM notifications.delivery d JOIN notifications.notification n ON n.id = d.notification_id WHERE n.recipient = $1`, [`institution:${A}`]);
    expect(deliveries.rows[0].n).toBe(3);
  });

  it('retries a refused address with backoff, then parks it where operators see it', async () => {
    expect((await submit(B, { email: 'bounce@example.com' })).status).toBe(201);
    const dead = await waitFor('a parked delivery', async () => {
      const res = await sut.http<Array<{ address: string; attempts: number; lastError: string; status: string }>>('GET', `${sut.notificationsUrl}/api/notifications/deliveries?status=dead`, undefined, OPERATOR);
      const mine = res.body.filter((d) => d.address === 'bounce@example.com');
      return mine.length >= 2 ? mine : undefined;
    }, 60_000, 300);
    expect(dead.every((d) => d.attempts === 3 && /550/.test(d.lastError))).toBe(true);
    const parked = await sut.http<Array<{ subject: string; error: string }>>('GET', `${sut.notificationsUrl}/api/notifications/dead-letters`, undefined, OPERATOR);
    expect(parked.body.filter((p) => p.subject === 'delivery.email').length).toBeGreaterThanOrEqual(2);
    expect((await sut.http('GET', `${sut.notificationsUrl}/api/notifications/deliveries?status=dead`, undefined, STAFF)).status).toBe(403);
  });

  it('keeps consuming events after its durable consumer is deleted under it: the next submission is still told', async () => {
    const jsm = await nats.jetstreamManager();
    await jsm.consumers.delete(EventStream.name, Consumers.notificationsEvents);
    await sut.processes.notifications.waitForOutput(/notifications-events: (consumer_deleted|consumer_not_found|stream_not_found); recreating it|notifications-events: consuming again/);
    expect((await submit(C, { email: 'after-delete@example.com' })).status).toBe(201);
    const received = await waitFor('the email after the consumer came back', async () => {
      const m = (await mail()).filter((x) => x.to.includes('after-delete@example.com'));
      return m.length >= 1 ? m : undefined;
    }, 60_000, 300);
    expect(received.map((m) => m.subject)).toContainEqual(expect.stringContaining('申报已提交'));
  });
});
