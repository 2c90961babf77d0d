import { type ConsumerConfig, ConsumerEvents, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';

export interface ConsumerLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * A durable JetStream consumer that keeps consuming whatever happens: a handler that throws has its message
 * redelivered (nak) and the loop goes on; a consumer deleted or a stream recreated under it, or a consume that fails,
 * is created again and consumed again after a short backoff. Only `stop()` ends it.
 */
export class DurableConsumer {
  private stopped = false;
  private current?: ConsumerMessages;
  private loop?: Promise<void>;
  private open = false;

  constructor(
    private readonly nats: NatsConnection,
    private readonly stream: string,
    private readonly config: Partial<ConsumerConfig> & { durable_name: string },
    private readonly maxMessages: number,
    private readonly handle: (m: JsMsg) => Promise<void>,
    private readonly logger: ConsumerLog,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Whether messages are being consumed now (false before the first consume, between attempts and after stop). */
  get consuming(): boolean {
    return this.open && !this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.close();
    await this.loop;
  }

  private async ensure(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    try {
      await jsm.consumers.info(this.stream, this.config.durable_name);
    } catch {
      await jsm.consumers.add(this.stream, this.config);
      this.logger.log(`created durable consumer ${this.config.durable_name} on ${this.stream}`);
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.ensure();
        const consumer = await this.nats.jetstream().consumers.get(this.stream, this.config.durable_name);
        const messages = await consumer.consume({ max_messages: this.maxMessages });
        this.current = messages;
        this.open = true;
        void this.watch(messages);
        for await (const m of messages) {
          try {
            await this.handle(m);
          } catch (err) {
            this.logger.error(`${this.config.durable_name}: message ${m.seq} failed, to be redelivered: ${String(err)}`);
            m.nak(1000);
          }
          failures = 0;
        }
      } catch (err) {
        this.logger.error(`${this.config.durable_name}: consuming failed: ${String(err)}`);
      } finally {
        this.open = false;
      }
      if (this.stopped) break;
      failures++;
      this.logger.warn(`${this.config.durable_name}: consuming again (attempt ${failures})`);
      await new Promise((r) => setTimeout(r, Math.min(30_000, 250 * 2 ** Math.min(failures, 7))));
    }
  }

  /** A consumer gone from under the loop is never found again by it: close, so the loop creates it anew. */
  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const s of await messages.status()) {
      if (s.type === ConsumerEvents.ConsumerDeleted || s.type === ConsumerEvents.ConsumerNotFound || s.type === ConsumerEvents.StreamNotFound) {
        this.logger.warn(`${this.config.durable_name}: ${s.type}; recreating it`);
        await messages.close();
        return;
      }
    }
  }
}
