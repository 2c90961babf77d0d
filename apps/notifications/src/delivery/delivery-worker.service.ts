import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeadLetterStream } from '@sme/contracts';
import { connectNats } from '@sme/messaging';
import { DeliveryEntity, NotificationEntity } from '@sme/persistence';
import type { RuntimeConfig } from '@sme/runtime';
import { headers, type NatsConnection } from 'nats';
import { DataSource, IsNull } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import { type DeliveryChannel, EMAIL_CHANNEL, SMS_GATEWAY } from './channels';

const MAX_BACKOFF_MS = 10 * 60_000;
/** How long a claimed delivery is left to its sender before another may take it (a crash while sending). */
const LEASE_MS = 2 * 60_000;

/** The delay before attempt n+1: base·2^(n-1), capped at ten minutes. */
export function nextDelayMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends due email and SMS deliveries. Each is claimed (SKIP LOCKED, then a lease) so two workers never send the
 * same one; a failure is retried with exponential backoff; after the last attempt the delivery is parked (status
 * `dead`) and then published to the dead-letter stream for operators.
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
    this.nats = await connectNats(this.config.natsUrl, 'notifications-delivery', this.config.natsAccess);
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

  /**
   * Sends everything due now, one delivery at a time: each is claimed in its own short transaction (a lease), sent
   * outside any transaction, and its result committed on its own, so one failure (a refused address, a dead-letter
   * publish) never rolls back or re-sends another. A crash while sending lets the lease expire: it is sent again,
   * and the receiver drops the duplicate by its Message-ID (email) or dedup id (SMS).
   */
  async drain(): Promise<number> {
    let sent = 0;
    while (!this.stopped) {
      const claimed = await this.claim();
      if (!claimed) break;
      if (claimed === 'gathering') continue;
      await this.attempt(claimed.delivery, claimed.notification);
      sent++;
    }
    await this.publishParked();
    return sent;
  }

  /**
   * The next due delivery, leased to this worker; or 'gathering' when it belongs to a digest that is still gathering
   * (it is put off until the digest's time). The notice is read under a share lock, so a digest that is taking in
   * an escalation at this moment is waited for and then seen as it is after that.
   */
  private claim(): Promise<{ delivery: DeliveryEntity; notification: NotificationEntity } | 'gathering' | null> {
    return this.dataSource.transaction(async (m) => {
      const [d] = await m
        .getRepository(DeliveryEntity)
        .createQueryBuilder('d')
        .where(`d.status = 'pending' AND d.next_attempt_at <= now()`)
        .orderBy('d.next_attempt_at', 'ASC')
        .limit(1)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (!d) return null;
      const [n] = (await m.query(
        `SELECT gathers_until, gathers_until > clock_timestamp() AS gathering FROM notifications.notification WHERE id = $1 FOR SHARE`,
        [d.notificationId],
      )) as Array<{ gathers_until: Date | null; gathering: boolean | null }>;
      if (n?.gathering) {
        await m.update(DeliveryEntity, { id: d.id }, { nextAttemptAt: n.gathers_until! });
        return 'gathering';
      }
      d.attempts += 1;
      d.nextAttemptAt = new Date(Date.now() + LEASE_MS);
      await m.save(d);
      return { delivery: d, notification: await m.findOneByOrFail(NotificationEntity, { id: d.notificationId }) };
    });
  }

  private async attempt(d: DeliveryEntity, n: NotificationEntity): Promise<void> {
    try {
      await (d.channel === 'email' ? this.email : this.sms).send({
        notificationId: n.id,
        deliveryId: d.id,
        to: d.address,
        subject: `${n.title.zh} / ${n.title.en}`,
        text: `${n.body.zh}\n\n${n.body.en}\n\n（请登录系统查看详情 / sign in to the system for details）`,
      });
    } catch (err) {
      await this.failed(d, err);
      return;
    }
    await this.recordSent(d.id);
  }

  /**
   * The relay accepted the message: that must be recorded, or the lease runs out and it is sent again. A database
   * that is restarting at this moment is waited for (while the lease lasts), never taken for a failed send.
   */
  private async recordSent(id: string): Promise<void> {
    const until = Date.now() + LEASE_MS - 10_000;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
      try {
        await this.dataSource.getRepository(DeliveryEntity).update({ id }, { status: 'sent', sentAt: new Date(), lastError: null });
        return;
      } catch (err) {
        if (Date.now() + wait > until || this.stopped) throw err;
        this.logger.warn(`delivery ${id} was sent but not yet recorded (${(err as Error).message}); trying again in ${wait} ms`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** A refused or failed send: retried with a doubling delay, or parked after the last attempt. */
  private async failed(d: DeliveryEntity, err: unknown): Promise<void> {
    const repo = this.dataSource.getRepository(DeliveryEntity);
    const lastError = String(err instanceof Error ? err.message : err).slice(0, 500);
    if (d.attempts >= this.config.deliveryMaxAttempts) {
      await repo.update({ id: d.id }, { status: 'dead', lastError });
      this.logger.error(`${d.channel} delivery ${d.id} parked after ${d.attempts} attempts: ${lastError}`);
      await this.publishParked();
    } else {
      const nextAttemptAt = new Date(Date.now() + nextDelayMs(d.attempts, this.config.deliveryBackoffMs));
      await repo.update({ id: d.id }, { nextAttemptAt, lastError });
      this.logger.warn(`${d.channel} delivery ${d.id} attempt ${d.attempts} failed, retrying at ${nextAttemptAt.toISOString()}: ${lastError}`);
    }
  }

  /** Dead deliveries not yet on the dead-letter stream: published now, each on its own; a failure waits for the next round. */
  private async publishParked(): Promise<void> {
    const repo = this.dataSource.getRepository(DeliveryEntity);
    for (const d of await repo.find({ where: { status: 'dead', parkedAt: IsNull() }, take: 50 })) {
      try {
        await this.park(d);
        await repo.update({ id: d.id }, { parkedAt: new Date() });
      } catch (err) {
        this.logger.warn(`dead delivery ${d.id} not yet on the dead-letter stream, retried next round: ${String(err)}`);
      }
    }
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
