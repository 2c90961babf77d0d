import { REVOCATION_LIST, type RevocationList } from '@sme/auth';
import { SessionsBucket } from '@sme/contracts';
import { type KV, KvWatchInclude, type NatsConnection, StorageType } from 'nats';
import { connectNats, type NatsAccessOptions } from './nats';

/** The bucket every service watches (file storage: it survives a NATS restart). Entries live as long as a token can. */
export async function openSessionsBucket(nc: NatsConnection): Promise<KV> {
  return nc.jetstream().views.kv(SessionsBucket.name, {
    history: SessionsBucket.history,
    ttl: SessionsBucket.ttlMs,
    storage: StorageType.File,
  });
}

/** What one entry says: an account's tokens below this version are void, or a session was signed out. */
export type Revocation = { kind: 'account'; userId: string; version: number } | { kind: 'session'; sessionId: string };

export function revocationKey(r: Revocation): string {
  return r.kind === 'account' ? `account.${r.userId}` : `session.${r.sessionId}`;
}

export async function publishRevocation(kv: KV, r: Revocation): Promise<void> {
  await kv.put(revocationKey(r), r.kind === 'account' ? String(r.version) : 'ended');
}

export interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * Every service's copy of the revocations, kept by watching the bucket (all history, so a late or repeated write of
 * an older version never lowers what is known: versions only rise). `revoked()` answers from memory, so checking a
 * token costs no round trip. It answers `unknown` (the guard then says 503, never lets a revoked token through)
 * until the first full read, and again once NATS has been away longer than `STALE_AFTER_MS`: a change made meanwhile
 * could not reach this copy. When NATS is back the bucket is read through again.
 */
export const STALE_AFTER_MS = 5000;

export class SessionRevocationWatcher implements RevocationList {
  private readonly versions = new Map<string, number>();
  private disconnectedAt?: number;
  private readonly ended = new Set<string>();
  private loaded = false;
  private stopped = false;
  private loop?: Promise<void>;
  private stopWatch?: () => void;
  private nc?: NatsConnection;

  constructor(
    private readonly natsUrl: string,
    private readonly name: string,
    private readonly logger: Logger,
    private readonly access: NatsAccessOptions = {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatch?.();
    await this.nc?.close().catch(() => undefined);
    await this.loop;
  }

  /** Nest calls this on the provider at shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Resolves once the bucket has been read through (for readiness and tests). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.loaded) {
      if (Date.now() > until) throw new Error('session revocations not loaded from NATS in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  revoked(p: { sub: string; tokenVersion?: number; sessionId?: string }): 'account-changed' | 'signed-out' | 'unknown' | null {
    if (!this.loaded) return 'unknown';
    if (this.disconnectedAt !== undefined && Date.now() - this.disconnectedAt > STALE_AFTER_MS) return 'unknown';
    if (p.sessionId && this.ended.has(p.sessionId)) return 'signed-out';
    const current = this.versions.get(p.sub);
    return current !== undefined && (p.tokenVersion ?? 0) < current ? 'account-changed' : null;
  }

  /** Applies one entry (exported for the watcher's own spec). */
  apply(key: string, value: string): void {
    const account = /^account\.(.+)$/.exec(key);
    if (account) {
      const v = Number(value);
      if (Number.isSafeInteger(v) && v > (this.versions.get(account[1]!) ?? -1)) this.versions.set(account[1]!, v);
      return;
    }
    const session = /^session\.(.+)$/.exec(key);
    if (session && value === 'ended') this.ended.add(session[1]!);
  }

  /** Notes when NATS goes away; when it is back, reads the bucket through again (a watch may have missed writes). */
  private async followConnection(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') this.disconnectedAt ??= Date.now();
      if (s.type === 'reconnect') {
        this.disconnectedAt = undefined;
        this.loaded = false;
        this.stopWatch?.();
      }
    }
  }

  private async run(): Promise<void> {
    let backoff = 250;
    while (!this.stopped) {
      try {
        if (!this.nc) {
          this.nc = await connectNats(this.natsUrl, `${this.name}-sessions`, this.access);
          void this.followConnection(this.nc);
        }
        if (this.stopped) return;
        const kv = await openSessionsBucket(this.nc);
        const iter = await kv.watch({ include: KvWatchInclude.AllHistory, initializedFn: () => (this.loaded = true) });
        this.stopWatch = () => iter.stop();
        backoff = 250;
        for await (const e of iter) {
          if (e.operation === 'PUT') this.apply(e.key, e.string());
        }
      } catch (err) {
        if (!this.stopped) this.logger.warn(`session revocations: ${(err as Error).message}; watching again in ${backoff} ms`);
      }
      if (this.stopped) return;
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 5000);
    }
  }
}

/**
 * The Nest provider of a service's revocation list (libs/runtime's bootstrap hands it to the access guard). The
 * watcher connects in the background: a NATS that is away delays sign-in checks (503), never the service's start.
 */
export function sessionRevocationsProvider(config: { natsUrl: string; natsAccess: NatsAccessOptions; service: string }, logger: Logger) {
  return {
    provide: REVOCATION_LIST,
    useFactory: (): SessionRevocationWatcher => {
      const w = new SessionRevocationWatcher(config.natsUrl, config.service, logger, config.natsAccess);
      w.start();
      return w;
    },
  };
}
