import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeadLetterStream } from '@sme/contracts';
import { connectNats } from '@sme/messaging';
import { DeliveryEntity, NotificationEntity } from '@sme/persistence';
import type { RuntimeConfig } from '@sme/runtime';
import { headers, type NatsConnection } from 'nats';
import { DataSource, type EntityManager, In } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import { type DeliveryChannel, EMAIL_CHANNEL, SMS_GATEWAY } from './channels';

const MAX_BACKOFF_MS = 10 * 60_000;

/** The delay before attempt n+1: base·2^(n-1), capped at ten minutes. */
export function nextDelayMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends due email and SMS deliveries. Each is locked (SKIP LOCKED) while it is sent, so two workers never send
 * the same one; a failure is retried with exponential backoff; after the last attempt the delivery is parked
 * (status `dead`) and published to the dead-letter stream for operators.
 */
@Injectable()
export class DeliveryWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorkerService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private nats?: NatsConnection;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(EMAIL_CHANNEL) private readonly email: DeliveryChannel,
    @Inject(SMS_GATEWAY) private readonly sms: DeliveryChannel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connectNats(this.config.natsUrl, 'notifications-delivery');
    const tick = () => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error(`delivery round failed: ${String(err)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.deliveryPollMs);
        });
    };
    tick();
  }

  /** Sends everything due now, a few at a time. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (m) => {
        const due: DeliveryEntity[] = await m
          .getRepository(DeliveryEntity)
          .createQueryBuilder('d')
          .where(`d.status = 'pending' AND d.next_attempt_at <= now()`)
          .orderBy('d.next_attempt_at', 'ASC')
          .limit(10)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        if (due.length === 0) return 0;
        // One read for the notifications of the batch, not one per delivery.
        const notifications = new Map((await m.findBy(NotificationEntity, { id: In(due.map((d) => d.notificationId)) })).map((n) => [n.id, n]));
        for (const d of due) await this.attempt(m, d, notifications.get(d.notificationId)!);
        return due.length;
      });
      sent += n;
      if (n < 10 || this.stopped) return sent;
    }
  }

  private async attempt(m: EntityManager, d: DeliveryEntity, n: NotificationEntity): Promise<void> {
    d.attempts += 1;
    try {
      await (d.channel === 'email' ? this.email : this.sms).send({
        notificationId: n.id,
        to: d.address,
        subject: `${n.title.zh} / ${n.title.en}`,
        text: `${n.body.zh}\n\n${n.body.en}\n\n（请登录系统查看详情 / sign in to the system for details）`,
      });
      d.status = 'sent';
      d.sentAt = new Date();
      d.lastError = null;
    } catch (err) {
      d.lastError = String(err instanceof Error ? err.message : err).slice(0, 500);
      if (d.attempts >= this.config.deliveryMaxAttempts) {
        d.status = 'dead';
        await this.park(d);
        this.logger.error(`${d.channel} delivery ${d.id} parked after ${d.attempts} attempts: ${d.lastError}`);
      } else {
        d.nextAttemptAt = new Date(Date.now() + nextDelayMs(d.attempts, this.config.deliveryBackoffMs));
        this.logger.warn(`${d.channel} delivery ${d.id} attempt ${d.attempts} failed, retrying at ${d.nextAttemptAt.toISOString()}: ${d.lastError}`);
      }
    }
    await m.save(d);
  }

  private async park(d: DeliveryEntity): Promise<void> {
    const h = headers();
    h.set('x-original-subject', `delivery.${d.channel}`);
    h.set('x-stream-seq', '0');
    h.set('x-deliveries', String(d.attempts));
    h.set('x-error', d.lastError ?? '');
    const data = new TextEncoder().encode(JSON.stringify({ deliveryId: d.id, notificationId: d.notificationId, channel: d.channel, address: d.address }));
    await this.nats!.jetstream().publish(`${DeadLetterStream.notifications}.delivery`, data, { headers: h, msgID: `delivery-${d.id}` });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.nats?.drain();
  }
}
