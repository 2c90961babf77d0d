import { EventStream, EventSubjects } from '@sme/contracts';
import { appendToOutbox, connectNats, OutboxRelay } from '@sme/messaging';
import { dataSourceOptions } from '@sme/persistence';
import { createTestDatabase, PrivateNatsServer, waitFor } from '@sme/testing';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';

/** Every stored stream message's id, in stream order (JetStream keeps the Nats-Msg-Id header). */
async function streamMessageIds(nats: NatsConnection): Promise<string[]> {
  const jsm = await nats.jetstreamManager();
  const info = await jsm.streams.info(EventStream.name);
  const ids: string[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(EventStream.name, { seq });
    ids.push(m.header.get('Nats-Msg-Id'));
  }
  return ids;
}

describe(OutboxRelay.name, () => {
  let nats: PrivateNatsServer;
  let ds: DataSource;
  let conn: NatsConnection;
  let sut: OutboxRelay;
  const warnings: string[] = [];

  beforeAll(async () => {
    const url = await createTestDatabase('sme_it_outbox');
    ds = await new DataSource(dataSourceOptions(url)).initialize();
    nats = await PrivateNatsServer.start();
    conn = await connectNats(nats.url, 'outbox-relay-test');
    sut = new OutboxRelay(ds, conn, {
      table: 'applications.outbox',
      pollMs: 50,
      maxBackoffMs: 500,
      publishTimeoutMs: 1000,
      logger: { log: () => undefined, warn: (m) => warnings.push(m) },
    });
  });

  afterAll(async () => {
    await sut?.stop();
    await conn?.close();
    await nats?.stop();
    await ds?.destroy();
  });

  async function writeEvents(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      await ds.transaction(async (m) => {
        const e = await appendToOutbox(m, 'applications.outbox', EventSubjects.applicationSubmitted, { n: i });
        ids.push(e.eventId);
      });
    }
    return ids;
  }

  const unpublished = async (): Promise<number> =>
    (await ds.query(`SELECT count(*)::int AS n FROM applications.outbox WHERE published_at IS NULL`))[0].n;

  it('holds events while NATS is down and delivers each exactly once when it is back', async () => {
    await nats.stop();
    const ids = await writeEvents(100);
    sut.start();
    await waitFor('the relay to report the outage', async () => warnings.some((w) => w.includes('outbox relay paused')), 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await unpublished()).toBe(100);

    await nats.start();
    await waitFor('the outbox to drain', async () => (await unpublished()) === 0, 60_000);
    const stored = await streamMessageIds(conn);
    expect(stored).toEqual(ids); // all of them, once each, in commit order
  });

  it('loses and duplicates nothing when NATS dies in the middle of a stream of events', async () => {
    const before = await streamMessageIds(conn);
    const writing = writeEvents(400);
    await waitFor('some of the new events to be published', async () => (await streamMessageIds(conn)).length >= before.length + 50, 60_000, 20);
    await nats.stop('SIGKILL');
    const ids = await writing;
    expect(await unpublished()).toBeGreaterThan(0);
    await nats.start();
    await waitFor('the outbox to drain', async () => (await unpublished()) === 0, 60_000);
    const stored = await streamMessageIds(conn);
    expect(stored).toEqual([...before, ...ids]);
  });

  it('drops a republished event as a duplicate (relay crashed between the ack and the mark)', async () => {
    const before = await streamMessageIds(conn);
    await ds.query(`UPDATE applications.outbox SET published_at = NULL WHERE id IN (SELECT id FROM applications.outbox ORDER BY id DESC LIMIT 25)`);
    expect(await unpublished()).toBe(25);
    await waitFor('the outbox to drain', async () => (await unpublished()) === 0, 30_000);
    expect(await streamMessageIds(conn)).toEqual(before);
  });
});
