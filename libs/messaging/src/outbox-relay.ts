import { EventStream } from '@sme/contracts';
import type { JetStreamClient, NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { ensureEventStream } from './nats';
import type { OutboxTable } from './outbox';

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OutboxRelayOptions {
  table: OutboxTable;
  pollMs: number;
  batchSize?: number;
  /** Longest wait between attempts while NATS or the database is failing. */
  maxBackoffMs?: number;
  publishTimeoutMs?: number;
  logger: RelayLogger;
}

interface OutboxRow {
  id: string;
  event_id: string;
  subject: string;
  payload: unknown;
}

/**
 * Relays outbox rows to JetStream in id order. Each row is published with its event id as the message id
 * and marked only after JetStream acknowledged it; a crash between the two republishes the row and
 * JetStream drops the duplicate. Rows are locked with SKIP LOCKED, so several relays may run.
 */
export class OutboxRelay {
  private js?: JetStreamClient;
  private stopped = true;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failing = false;
  private streamReady = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.js = this.nats.jetstream();
    this.loop = this.run();
  }

  /** Asks the relay to look now instead of at its next poll (after a commit that wrote events). */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows were relayed. Exposed for tests and one-shot use. */
  async relayBatch(): Promise<number> {
    const js = this.js ?? this.nats.jetstream();
    const { table, batchSize = 100, publishTimeoutMs = 5000 } = this.options;
    if (!this.streamReady) {
      await ensureEventStream(await this.nats.jetstreamManager({ timeout: publishTimeoutMs }));
      this.streamReady = true;
    }
    return this.dataSource.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, event_id, subject, payload FROM ${table}
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      const done: string[] = [];
      let failure: unknown;
      for (const row of rows) {
        try {
          await js.publish(row.subject, Buffer.from(JSON.stringify(row.payload)), {
            msgID: row.event_id,
            expect: { streamName: EventStream.name },
            timeout: publishTimeoutMs,
          });
          done.push(row.id);
        } catch (err) {
          failure = err; // keep the order: stop at the first failure, retry from this row
          break;
        }
      }
      if (done.length) {
        await m.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::bigint[])`, [done]);
      }
      if (failure !== undefined && done.length === 0) throw failure;
      return done.length;
    });
  }

  private async run(): Promise<void> {
    const { pollMs, maxBackoffMs = 5000, logger } = this.options;
    let backoff = pollMs;
    while (!this.stopped) {
      let relayed = 0;
      try {
        relayed = await this.relayBatch();
        if (this.failing) logger.log('outbox relay recovered / 事件转发已恢复');
        this.failing = false;
        backoff = pollMs;
      } catch (err) {
        if (!this.failing) logger.warn(`outbox relay paused, will retry / 事件转发暂停，稍后重试: ${describe(err)}`);
        this.failing = true;
        this.streamReady = false;
        backoff = Math.min(maxBackoffMs, backoff * 2);
      }
      if (relayed === 0 && !this.stopped) await this.sleep(this.failing ? backoff : pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
