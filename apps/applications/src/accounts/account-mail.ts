import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccountMailEntity } from '@sme/persistence';
import { type RuntimeConfig, SmtpMailer } from '@sme/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';

/** Owes an email, in the caller's transaction: it is sent only if the change that needs it commits. */
export async function queueAccountMail(m: EntityManager, mail: { to: string; subject: string; body: string }): Promise<void> {
  await m.insert(AccountMailEntity, { toAddress: mail.to, subject: mail.subject, body: mail.body, nextAttemptAt: new Date() });
}

/**
 * Sends the accounts room's emails (invitations, confirmation and reset links, lock warnings) through the SMTP relay.
 * They never go through the notifications service: a one-time link must not be kept in an inbox or an event stream.
 * Each row is sent at least once (a crash after the relay accepted it may send it again, with the same
 * Message-ID) and its body is blanked once sent; a failure is retried with a doubling delay.
 */
@Injectable()
export class AccountMailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('account-mail');
  private readonly mailer: SmtpMailer;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    this.mailer = new SmtpMailer(config.smtpUrl, config.mailFrom);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Asks for a look now (after a commit that queued mail). */
  nudge(): void {
    if (!this.running) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((err: unknown) => this.logger.warn(`account mail: ${(err as Error).message}`))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.config.deliveryPollMs);
        });
    }, ms);
  }

  private async drain(): Promise<void> {
    for (let sent = 1; sent > 0 && !this.stopped; ) sent = await this.sendBatch();
  }

  /** Sends the due mail of one batch; returns how many it handled. */
  async sendBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due = await m
        .createQueryBuilder(AccountMailEntity, 'mail')
        .where('mail.sent_at IS NULL AND mail.next_attempt_at <= now()')
        .orderBy('mail.next_attempt_at')
        .limit(20)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const mail of due) {
        try {
          await this.mailer.send({ to: mail.toAddress, subject: mail.subject, text: mail.body ?? '', id: mail.id, header: 'X-SME-Account-Mail' });
          await m.update(AccountMailEntity, { id: mail.id }, { sentAt: new Date(), body: null, lastError: null });
        } catch (err) {
          const lastError = String((err as Error).message).slice(0, 500);
          if (mail.attempts + 1 >= this.config.deliveryMaxAttempts) {
            // Given up: the link is dropped with the body (the person asks for a new one), and operators see why.
            await m.update(AccountMailEntity, { id: mail.id }, { attempts: mail.attempts + 1, body: null, sentAt: null, nextAttemptAt: new Date('9999-12-31T00:00:00Z'), lastError });
            this.logger.error(`account mail ${mail.id} to ${mail.toAddress} given up after ${mail.attempts + 1} attempts: ${lastError}`);
            continue;
          }
          const delay = Math.min(this.config.deliveryBackoffMs * 2 ** mail.attempts, 600_000);
          await m.update(AccountMailEntity, { id: mail.id }, { attempts: mail.attempts + 1, nextAttemptAt: new Date(Date.now() + delay), lastError });
        }
      }
      return due.length;
    });
  }
}
