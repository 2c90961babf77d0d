import { applyDecorators, type ExecutionContext, HttpStatus, Injectable, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerStorage } from '@nestjs/throttler';
import { ApiResponse } from '@nestjs/swagger';
import { DomainProblem, problemResponse } from '@sme/runtime';
import type { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The request limits: sign-in, reset and registration; and public objections. Their sizes come from the config. */
export const THROTTLES = ['auth', 'objection'] as const;
export type ThrottleName = (typeof THROTTLES)[number];

/**
 * @nestjs/throttler's counters, kept in PostgreSQL (`auth.throttle`) so every instance of the service counts the
 * same hits: one upsert per request, atomic, a fixed window per key; a key over its limit is blocked until the
 * block ends (the window again), which is what Retry-After says.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const rows: Array<{ hits: number; expires_in: string; blocked_for: string | null }> = await this.dataSource.query(
      `INSERT INTO auth.throttle AS t (key, hits, expires_at)
       VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN t.expires_at <= now() AND (t.blocked_until IS NULL OR t.blocked_until <= now()) THEN 1 ELSE t.hits + 1 END,
         expires_at = CASE WHEN t.expires_at <= now() AND (t.blocked_until IS NULL OR t.blocked_until <= now()) THEN now() + make_interval(secs => $2 / 1000.0) ELSE t.expires_at END,
         blocked_until = CASE WHEN t.blocked_until > now() THEN t.blocked_until ELSE NULL END
       RETURNING hits, extract(epoch FROM expires_at - now()) AS expires_in, extract(epoch FROM blocked_until - now()) AS blocked_for`,
      [`${throttlerName}:${key}`, ttl],
    );
    const { hits, expires_in } = rows[0]!;
    let { blocked_for } = rows[0]!;
    if (hits > limit && (blocked_for === null || Number(blocked_for) <= 0)) {
      // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affected].
      const [b] = (await this.dataSource.query(
        `UPDATE auth.throttle SET blocked_until = now() + make_interval(secs => $2 / 1000.0) WHERE key = $1 RETURNING extract(epoch FROM blocked_until - now()) AS blocked_for`,
        [`${throttlerName}:${key}`, blockDuration],
      )) as [Array<{ blocked_for: string }>, number];
      blocked_for = b[0]?.blocked_for ?? String(blockDuration / 1000);
    }
    const blocked = blocked_for !== null && Number(blocked_for) > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(Number(expires_in))),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.max(1, Math.ceil(Number(blocked_for))) : 0,
    };
  }

  /** Drops counters long past (called now and then; a stale row is harmless, it is reset on its next hit). */
  async sweep(): Promise<void> {
    await this.dataSource.query(`DELETE FROM auth.throttle WHERE expires_at < now() - interval '1 day' AND (blocked_until IS NULL OR blocked_until < now())`);
  }
}

/** The limiter's refusal as our problem: 429, bilingual, with Retry-After in seconds (RFC 9110). */
@Injectable()
export class ProblemThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    throw new DomainProblem(
      HttpStatus.TOO_MANY_REQUESTS,
      'too-many-requests',
      { zh: `请求过于频繁，请 ${seconds} 秒后再试`, en: `too many requests from this address: try again in ${seconds} s` },
      undefined,
      { retryAfter: seconds },
    );
  }
}

/** Limits an endpoint by client address under one of the named limits (the others do not count it). */
export const Throttled = (name: ThrottleName) =>
  applyDecorators(
    UseGuards(ProblemThrottlerGuard),
    SkipThrottle(Object.fromEntries(THROTTLES.filter((t) => t !== name).map((t) => [t, true]))),
    ApiResponse({ status: HttpStatus.TOO_MANY_REQUESTS, ...problemResponse('请求过于频繁，请按 Retry-After 再试 / too many requests from this address: retry after Retry-After') }),
  );
