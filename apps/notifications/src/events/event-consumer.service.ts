import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Consumers, DeadLetterStream, EventStream, type EventEnvelope } from '@sme/contracts';
import { connectNats, DurableConsumer, ensureEventStream } from '@sme/messaging';
import type { RuntimeConfig } from '@sme/runtime';
import { AckPolicy, DeliverPolicy, headers, type JsMsg, type NatsConnection, nanos, StorageType } from 'nats';
import { InboxService } from '../inbox/inbox.service';
import { RUNTIME_CONFIG } from '../tokens';
import { contactFrom, notificationsFor } from './event-notifier';

/** Deliveries before a message is parked in the dead-letter stream. */
export const MAX_DELIVERIES = 5;
/** Backoff between redeliveries: 1 s, 2 s, 4 s, 8 s ... (capped at 60 s). */
export const backoffMs = (delivery: number): number => Math.min(60_000, 1000 * 2 ** Math.max(0, delivery - 1));

/**
 * The notifications service's durable JetStream consumer of every domain event (`sme.>`): stores each event's
 * notifications once per event id, retries failures with backoff, and after MAX_DELIVERIES parks the message on
 * `dlq.notifications` for operators.
 */
@Injectable()
export class EventConsumerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventConsumerService.name);
  private nats?: NatsConnection;
  private consumer?: DurableConsumer;

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly inbox: InboxService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connectNats(this.config.natsUrl, 'notifications-events', this.config.natsAccess);
    const jsm = await this.nats.jetstreamManager();
    await ensureEventStream(jsm);
    try {
      await jsm.streams.info(DeadLetterStream.name);
    } catch {
      await jsm.streams.add({ name: DeadLetterStream.name, subjects: [...DeadLetterStream.subjects], storage: StorageType.File });
    }
    // Consumed for ever: a failing handler, a deleted consumer or a failed consume never ends the loop.
    this.consumer = new DurableConsumer(
      this.nats,
      EventStream.name,
      { durable_name: Consumers.notificationsEvents, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(30_000), max_deliver: -1 },
      32,
      (m) => this.handle(m),
      this.logger,
    );
    this.consumer.start();
    this.logger.log(`consuming ${EventStream.subjects.join(', ')} as ${Consumers.notificationsEvents}`);
  }

  private async handle(m: JsMsg): Promise<void> {
    const delivery = m.info.redeliveryCount;
    try {
      const event = JSON.parse(m.string()) as EventEnvelope<unknown>;
      const contact = contactFrom(event);
      if (contact) await this.inbox.saveContact(contact);
      for (const n of notificationsFor(event)) await this.inbox.store(n);
      m.ack();
    } catch (err) {
      if (delivery >= MAX_DELIVERIES) {
        const h = headers();
        h.set('x-original-subject', m.subject);
        h.set('x-stream-seq', String(m.seq));
        h.set('x-deliveries', String(delivery));
        h.set('x-error', String(err instanceof Error ? err.message : err).slice(0, 500));
        await this.nats!.jetstream().publish(DeadLetterStream.notifications, m.data, { headers: h, msgID: `notifications-${m.seq}` });
        m.term();
        this.logger.error(`parked stream message ${m.seq} (${m.subject}) after ${delivery} deliveries: ${String(err)}`);
        return;
      }
      m.nak(backoffMs(delivery));
      this.logger.warn(`delivery ${delivery} of stream message ${m.seq} failed, retrying: ${String(err)}`);
    }
  }

  /** The parked messages, newest first, for operators. */
  async deadLetters(limit = 100): Promise<Array<{ seq: number; subject: string; error: string; deliveries: number; data: string }>> {
    const jsm = await this.nats!.jetstreamManager();
    const info = await jsm.streams.info(DeadLetterStream.name);
    const out = [];
    for (let seq = info.state.last_seq; seq >= info.state.first_seq && seq > 0 && out.length < limit; seq--) {
      try {
        const msg = await jsm.streams.getMessage(DeadLetterStream.name, { seq });
        out.push({
          seq: Number(msg.header.get('x-stream-seq')),
          subject: msg.header.get('x-original-subject'),
          error: msg.header.get('x-error'),
          deliveries: Number(msg.header.get('x-deliveries')),
          data: new TextDecoder().decode(msg.data),
        });
      } catch {
        // deleted message
      }
    }
    return out;
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
    await this.nats?.drain().catch(() => undefined);
  }
}
