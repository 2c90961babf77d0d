import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SessionsBucket } from '@sme/contracts';
import { connectNats, openSessionsBucket, publishRevocation, type Revocation } from '@sme/messaging';
import type { RuntimeConfig } from '@sme/runtime';
import type { KV, NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';

/**
 * Tells every service which tokens no longer count (libs/messaging's bucket), right after the change committed.
 * If NATS is away at that moment, the change is not lost: the account's `token_version_at` or the session's
 * `ended_at` says it, and the reconciliation (at start, and every minute) publishes every change younger than a
 * token can be. Versions only rise in the watchers, so publishing twice, late or out of order does no harm.
 */
@Injectable()
export class RevocationPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('revocations');
  private nc?: NatsConnection;
  private kv?: Promise<KV>;
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.reconcile()
        .catch((err: unknown) => this.logger.warn(`reconciling revocations: ${(err as Error).message}`))
        .finally(() => (this.timer = setTimeout(tick, 60_000)));
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.nc?.close().catch(() => undefined);
  }

  /** Publishes after the commit; a failure is left to the reconciliation (logged, never thrown at the user). */
  async publish(...revocations: Revocation[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          const kv = await this.bucket();
          for (const r of revocations) await publishRevocation(kv, r);
        })(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('NATS did not answer within 2 s')), 2000))),
      ]);
    } catch (err) {
      this.kv = undefined;
      this.logger.warn(`publishing a revocation failed (the reconciliation will): ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Publishes every account change and ended session a live token could still concern. */
  async reconcile(): Promise<void> {
    const since = new Date(Date.now() - SessionsBucket.ttlMs);
    const accounts: Array<{ id: string; token_version: number }> = await this.dataSource.query(
      `SELECT id, token_version FROM auth.user_account WHERE token_version_at > $1`,
      [since],
    );
    const sessions: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM auth.session WHERE ended_at > $1 AND expires_at > now()`, [since]);
    if (!accounts.length && !sessions.length) return;
    const kv = await this.bucket();
    for (const a of accounts) await publishRevocation(kv, { kind: 'account', userId: a.id, version: a.token_version });
    for (const s of sessions) await publishRevocation(kv, { kind: 'session', sessionId: s.id });
  }

  private bucket(): Promise<KV> {
    this.kv ??= (async () => {
      this.nc ??= await connectNats(this.config.natsUrl, 'applications-revocations', this.config.natsAccess);
      return openSessionsBucket(this.nc);
    })();
    return this.kv;
  }
}
