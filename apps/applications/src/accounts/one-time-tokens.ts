import { HttpStatus } from '@nestjs/common';
import { OneTimeTokenEntity, type OneTimePurpose } from '@sme/persistence';
import { DomainProblem } from '@sme/runtime';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** How long each kind of link stays good. */
export const ONE_TIME_LIFETIME_MS: Record<OneTimePurpose, number> = {
  invite: 72 * 3600_000,
  'confirm-email': 72 * 3600_000,
  'reset-password': 30 * 60_000,
  // Single sign-on's hand-over to the screen: used within moments of the redirect.
  'oidc-session': 2 * 60_000,
};

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Makes a one-time token for a link (256 random bits, base64url). Only its SHA-256 is stored; an earlier unused
 * token of the same purpose for the same account stops working, so only the newest link is good.
 */
export async function issueOneTimeToken(m: EntityManager, userId: string, purpose: OneTimePurpose, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  await m.update(OneTimeTokenEntity, { userId, purpose, usedAt: null as never }, { usedAt: now });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ONE_TIME_LIFETIME_MS[purpose]);
  await m.insert(OneTimeTokenEntity, { tokenSha256: sha256(token), purpose, userId, expiresAt });
  return { token, expiresAt };
}

/** The account a still-good token is for, without using it up (null when it is not good). */
export async function peekOneTimeToken(m: EntityManager, token: string, purposes: OneTimePurpose[], now = new Date()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await m.findOne(OneTimeTokenEntity, { where: { tokenSha256: sha256(token) } });
  return row && purposes.includes(row.purpose) && !row.usedAt && row.expiresAt > now ? row.userId : null;
}

/**
 * Uses a token up, in the caller's transaction: the account it was for, or a 400 saying why not (unknown, used or
 * expired look alike to the caller except for expiry, which people need to know to ask again).
 */
export async function consumeOneTimeToken(m: EntityManager, token: string, purposes: OneTimePurpose[], now = new Date()): Promise<{ userId: string; purpose: OneTimePurpose }> {
  const row = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await m.findOne(OneTimeTokenEntity, { where: { tokenSha256: sha256(token) }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!row || !purposes.includes(row.purpose) || row.usedAt) {
    throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'link-invalid', { zh: '链接无效或已使用，请重新申请', en: 'this link is not valid or was already used: ask for a new one' });
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'link-expired', { zh: '链接已过期，请重新申请', en: 'this link has expired: ask for a new one' });
  }
  await m.update(OneTimeTokenEntity, { tokenSha256: row.tokenSha256 }, { usedAt: now });
  return { userId: row.userId, purpose: row.purpose };
}
