import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Principal, ROLE_NAMES } from '@sme/auth';
import { UserAccountEntity } from '@sme/persistence';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import { likeLiteral } from '../applications/application-search';
import { AccountMailSender, queueAccountMail } from './account-mail';
import { announceContact, type AuditActor, auditAccount, raiseTokenVersion, refuseTakenLogin } from './account-records';
import type { ChangeAccountDto, InviteDto } from './account.dtos';
import { issueOneTimeToken } from './one-time-tokens';
import { RevocationPublisher } from './revocations';

/** An account as the administrator's list shows it (never a hash, a secret or a token). */
export interface AccountView {
  id: string;
  username: string;
  role: UserAccountEntity['role'];
  displayName: string;
  email: string | null;
  institution: string | null;
  expertId: string | null;
  disabled: boolean;
  /** Invited, the password not set yet. */
  invited: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export function toAccountView(u: UserAccountEntity): AccountView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    email: u.email,
    institution: u.institution,
    expertId: u.expertId,
    disabled: u.disabled,
    invited: u.passwordHash === null && u.oidcSubject === null,
    lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
    totpEnabled: u.totpEnabledAt !== null,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

const notFound = (id: string) => new DomainProblem(HttpStatus.NOT_FOUND, 'account-not-found', { zh: `未找到账号 ${id}`, en: `no account ${id}` });

/** A username from an email address: the part before @, in the characters usernames allow. */
export function usernameFromEmail(email: string): string {
  const local = email.split('@')[0]!.toLowerCase().replace(/[^a-z0-9._-]/g, '').replace(/^[._-]+/, '');
  return (local.length >= 2 ? local : `user-${local}`).slice(0, 64);
}

/**
 * The administrator's room: invitations, roles, bindings, disabling. An administrator manages accounts only: it
 * decides nothing in the process (DESIGN.md's role table), and no endpoint of the process admits the role.
 */
@Injectable()
export class AccountAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly revocations: RevocationPublisher,
    private readonly mail: AccountMailSender,
  ) {}

  async list(filter: { role?: string; q?: string }): Promise<AccountView[]> {
    const qb = this.dataSource.getRepository(UserAccountEntity).createQueryBuilder('u').orderBy('u.created_at', 'DESC').limit(500);
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.q) qb.andWhere('(u.username ILIKE :q OR u.display_name ILIKE :q OR u.email ILIKE :q OR u.institution ILIKE :q)', { q: `%${likeLiteral(filter.q)}%` });
    return (await qb.getMany()).map(toAccountView);
  }

  /** Invites a person: an account without a password, and an emailed link (72 hours) to set one. */
  async invite(dto: InviteDto, by: Principal): Promise<AccountView> {
    if (dto.role === 'expert' && !dto.expertId) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'expert-entry-required', { zh: '邀请专家须指定其专家库条目', en: 'an expert account must be bound to its entry in the expert pool' });
    }
    const account = await this.dataSource.transaction((m) =>
      createInvitedAccount(m, {
        email: dto.email,
        username: dto.username ?? usernameFromEmail(dto.email),
        role: dto.role,
        displayName: dto.displayName,
        institution: null,
        expertId: dto.role === 'expert' ? dto.expertId! : null,
        invitedBy: by.sub,
        actor: `user:${by.username}`,
        publicUrl: this.config.publicUrl,
        inviterName: by.displayName,
      }),
    );
    this.mail.nudge();
    return toAccountView(account);
  }

  /** Sends a fresh invitation link (the earlier one stops working) to an account that has not set its password. */
  async reinvite(id: string, by: Principal): Promise<AccountView> {
    const account = await this.dataSource.transaction(async (m) => {
      const u = await m.findOne(UserAccountEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!u) throw notFound(id);
      if (u.passwordHash !== null || !u.email) {
        throw new DomainProblem(HttpStatus.CONFLICT, 'already-active', { zh: '该账号已设置密码，无需再次邀请', en: 'this account has set its password already: no invitation needed' });
      }
      await sendInvitation(m, u, this.config.publicUrl, by.displayName);
      await auditAccount(m, `user:${by.username}`, 'reinvited', u);
      return u;
    });
    this.mail.nudge();
    return toAccountView(account);
  }

  /**
   * Changes an account's role, binding, name or state. A change that alters what the person may do raises the
   * token version, so it takes effect on the person's next request in every service, not when the token expires.
   */
  async change(id: string, dto: ChangeAccountDto, by: Principal): Promise<AccountView> {
    const { account, version } = await this.dataSource.transaction(async (m) => {
      const u = await m.findOne(UserAccountEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!u) throw notFound(id);
      if (u.id === by.sub && ((dto.role && dto.role !== u.role) || dto.disabled === true)) {
        throw new DomainProblem(HttpStatus.FORBIDDEN, 'own-account', { zh: '不能变更自己的角色或停用自己的账号，请由其他管理员处理', en: 'you cannot change your own role or disable yourself: another administrator must' });
      }
      const role = dto.role ?? u.role;
      if (dto.role && dto.role !== u.role && u.role === 'applicant') {
        throw new DomainProblem(HttpStatus.CONFLICT, 'applicant-role-fixed', { zh: '申报机构账号不能改为其他角色', en: 'an applicant institution account cannot take another role' });
      }
      const expertId = role === 'expert' ? (dto.expertId ?? u.expertId) : null;
      if (role === 'expert' && !expertId) {
        throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'expert-entry-required', { zh: '专家账号须绑定专家库条目', en: 'an expert account must be bound to its entry in the expert pool' });
      }
      if (dto.expertId && role !== 'expert') {
        throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'not-an-expert', { zh: '只有专家账号可以绑定专家库条目', en: 'only an expert account is bound to a pool entry' });
      }
      const disabled = dto.disabled ?? u.disabled;
      if (u.role === 'admin' && (role !== 'admin' || disabled)) await this.keepOneAdmin(m, u.id);
      const before = { role: u.role, expertId: u.expertId, disabled: u.disabled, displayName: u.displayName };
      const after = { role, expertId, disabled, displayName: dto.displayName ?? u.displayName };
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
      if (!changed.length) return { account: u, version: null };
      await m.update(UserAccountEntity, { id }, after);
      const v = changed.some((k) => k !== 'displayName') ? await raiseTokenVersion(m, id) : null;
      const actor: AuditActor = `user:${by.username}`;
      for (const k of changed) {
        const action = k === 'role' ? 'role_changed' : k === 'expertId' ? 'binding_changed' : k === 'disabled' ? (disabled ? 'disabled' : 'enabled') : 'renamed';
        await auditAccount(m, actor, action, u, { from: before[k], to: after[k], reason: dto.reason });
      }
      if (u.passwordHash !== null || u.oidcSubject !== null) await announceContact(m, { userId: id, role, email: u.email, disabled });
      return { account: { ...u, ...after }, version: v };
    });
    if (version !== null) await this.revocations.publish({ kind: 'account', userId: id, version });
    return toAccountView(account);
  }

  /** Refuses to leave the system without an administrator who can sign in. */
  private async keepOneAdmin(m: EntityManager, leaving: string): Promise<void> {
    // Two administrators disabling each other at once must not both succeed: one waits for the other's commit.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('auth.last-admin'))`);
    const others: Array<{ n: string }> = await m.query(`SELECT count(*) AS n FROM auth.user_account WHERE role = 'admin' AND NOT disabled AND id <> $1 AND (password_hash IS NOT NULL OR oidc_subject IS NOT NULL)`, [leaving]);
    if (Number(others[0]!.n) === 0) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'last-admin', { zh: '这是最后一个可用的管理员账号，不能停用或改为其他角色', en: 'this is the last administrator who can sign in: it cannot be disabled or given another role' });
    }
  }
}

export interface NewInvitedAccount {
  email: string;
  username: string;
  role: UserAccountEntity['role'];
  displayName: string;
  institution: string | null;
  expertId: string | null;
  invitedBy: string | null;
  actor: AuditActor;
  publicUrl: string;
  inviterName: string;
}

/** Creates an account that has no password yet and emails its invitation, in the caller's transaction. */
export async function createInvitedAccount(m: EntityManager, a: NewInvitedAccount): Promise<UserAccountEntity> {
  return (await createInvited(m, a)).account;
}

/** The same, also handing back the link (for the one-time `admin:create` command, which prints it). */
export async function createInvited(m: EntityManager, a: NewInvitedAccount): Promise<{ account: UserAccountEntity; link: string }> {
  const email = a.email.trim().toLowerCase();
  await refuseTakenLogin(m, a.username, email);
  if (a.expertId) {
    const bound: unknown[] = await m.query(`SELECT 1 FROM auth.user_account WHERE expert_id = $1 AND NOT disabled`, [a.expertId]);
    if (bound.length) throw new DomainProblem(HttpStatus.CONFLICT, 'expert-entry-bound', { zh: '该专家库条目已绑定其他账号', en: 'this expert pool entry is bound to another account already' });
  }
  const u = await m.save(
    UserAccountEntity,
    m.create(UserAccountEntity, { username: a.username, passwordHash: null, role: a.role, displayName: a.displayName, institution: a.institution, expertId: a.expertId, email, invitedBy: a.invitedBy }),
  );
  const link = await sendInvitation(m, u, a.publicUrl, a.inviterName);
  await auditAccount(m, a.actor, 'invited', u, { role: a.role, email, institution: a.institution, expertId: a.expertId });
  return { account: u, link };
}

async function sendInvitation(m: EntityManager, u: UserAccountEntity, publicUrl: string, inviterName: string): Promise<string> {
  const { token } = await issueOneTimeToken(m, u.id, 'invite');
  const link = `${publicUrl}/account/password#token=${token}&invite=1`;
  await queueAccountMail(m, {
    to: u.email!,
    subject: '【厦门市中小企业公共服务示范平台】账号邀请 / You are invited',
    body: [
      `${u.displayName}，您好：`,
      '',
      `${inviterName}邀请您以“${ROLE_NAMES[u.role].zh}”身份使用厦门市中小企业公共服务示范平台管理系统，用户名 ${u.username}。`,
      `请在 72 小时内打开以下链接设置密码（链接仅可使用一次）：`,
      link,
      '',
      `${inviterName} invited you to the Xiamen SME platforms system as ${ROLE_NAMES[u.role].en} (username ${u.username}).`,
      'Open this link within 72 hours to set your password (it works once):',
      link,
    ].join('\n'),
  });
  return link;
}
