import { HttpStatus } from '@nestjs/common';
import type { Principal } from '@sme/auth';
import { type AccountContactPayload, EventSubjects } from '@sme/contracts';
import { appendToOutbox } from '@sme/messaging';
import { appendAudit, type UserAccountEntity } from '@sme/persistence';
import { DomainProblem } from '@sme/runtime';
import type { EntityManager } from 'typeorm';

/** Tells the notifications service (through the outbox, in the caller's transaction) how an account is reached. */
export async function announceContact(m: EntityManager, contact: AccountContactPayload): Promise<void> {
  await appendToOutbox<AccountContactPayload>(m, 'applications.outbox', EventSubjects.accountContact, contact);
}

export function toPrincipal(u: UserAccountEntity, sessionId?: string): Principal {
  return {
    sub: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    institution: u.institution,
    expertId: u.expertId,
    ...(u.tokenVersion ? { tokenVersion: u.tokenVersion } : {}),
    ...(sessionId ? { sessionId } : {}),
  };
}

/** Who did it, as the audit trail names people (`user:<username>`, `public`, `system:<what>`). */
export type AuditActor = `user:${string}` | 'public' | `system:${string}`;

/**
 * Records an account event in the audit trail, in the caller's transaction. The data never holds a password, a
 * hash, a one-time token or a second-factor secret: callers pass names, roles and reasons only.
 */
export async function auditAccount(m: EntityManager, actor: AuditActor, action: string, account: Pick<UserAccountEntity, 'id' | 'username'>, data: Record<string, unknown> = {}): Promise<void> {
  await appendAudit(m, { actor, action: `account.${action}`, entityType: 'account', entityId: account.id, data: { username: account.username, ...data } });
}

/**
 * Makes every token the account holds void from its next request (role, binding, state or password changed, or
 * sign-out everywhere): raises the version in the caller's transaction; the caller publishes it after the commit.
 */
export async function raiseTokenVersion(m: EntityManager, userId: string): Promise<number> {
  // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affected].
  const [rows] = (await m.query(
    `UPDATE auth.user_account SET token_version = token_version + 1, token_version_at = now() WHERE id = $1 RETURNING token_version`,
    [userId],
  )) as [Array<{ token_version: number }>, number];
  const version = rows[0]?.token_version;
  if (!Number.isSafeInteger(version)) throw new Error(`no account ${userId} to raise the token version of`);
  return version!;
}

/** Refuses a username or email address that an account has already (409, naming which). */
export async function refuseTakenLogin(m: EntityManager, username: string, email: string): Promise<void> {
  const taken: Array<{ username: string; email: string | null }> = await m.query(`SELECT username, email FROM auth.user_account WHERE username = $1 OR lower(email) = $2`, [username, email]);
  if (taken.some((t) => t.email?.toLowerCase() === email)) {
    throw new DomainProblem(HttpStatus.CONFLICT, 'email-taken', { zh: `邮箱 ${email} 已有账号`, en: `${email} already has an account` });
  }
  if (taken.length) throw new DomainProblem(HttpStatus.CONFLICT, 'username-taken', { zh: `用户名 ${username} 已被使用，请另行指定`, en: `the username ${username} is taken: give another` });
}
