import { HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { checkPassword, checkTotp, DEV_INSTITUTION, newTotpSecret, TOTP_ROLES, DEV_USERS, type DevUser, hashPassword, notSignedIn, type Principal, TOKEN_LIFETIME_SECONDS, TokenService, verifyPassword } from '@sme/auth';
import { InstitutionEntity, SessionEntity, UserAccountEntity } from '@sme/persistence';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import { AccountMailSender, queueAccountMail } from './account-mail';
import { announceContact, auditAccount, raiseTokenVersion, toPrincipal } from './account-records';
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken } from './one-time-tokens';
import { RevocationPublisher } from './revocations';

export interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  principal: Principal;
}

/** A hash to compare against when the username is unknown, so both failures take the same time (made on first need). */
let decoy: Promise<string> | undefined;

const wrongPassword = () => notSignedIn({ zh: '用户名或密码错误', en: 'wrong username or password' });

/** The password policy's refusal as a 422 problem naming the rule (the document gives the length; the rest it cannot say). */
export function refusePassword(password: string, personal: Array<string | null | undefined>): void {
  const refusal = checkPassword(password, personal);
  if (refusal) throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, refusal.code, { zh: refusal.zh, en: refusal.en });
}

/** Finds an account by username or (with an @) email address. */
export function whereLogin(login: string): { username: string } | { email: string } {
  const l = login.trim().toLowerCase();
  return l.includes('@') ? { email: l } : { username: l };
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly tokens: TokenService;

  constructor(
    @InjectRepository(UserAccountEntity) private readonly users: Repository<UserAccountEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly revocations: RevocationPublisher,
    private readonly mail: AccountMailSender,
  ) {
    this.tokens = new TokenService(config.jwtSecret);
  }

  /**
   * Seeds the development user of each role (never in production; existing accounts keep their password), each
   * with its email address, and tells the notifications service how to reach it (an `account.contact` event in
   * the same transaction), so a notice to staff or the bureau reaches their mailboxes. The demo institution is
   * on record as verified. No administrator is ever seeded: the first comes from `npm run admin:create`.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDevUsers) return;
    // scrypt is deliberately slow: hash only the users not there yet, not all six on every start.
    const present = new Set((await this.users.find({ select: { username: true }, where: { username: In(DEV_USERS.map((u) => u.username)) } })).map((u) => u.username));
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(InstitutionEntity)
      .values({ creditCode: DEV_INSTITUTION, name: '厦门市示范服务中心（演示）', contactName: '演示联系人', mobile: '13800000000', email: 'applicant@sme-platforms.local', status: 'verified', decidedAt: new Date() })
      .orIgnore()
      .execute();
    for (const u of DEV_USERS.filter((x) => !present.has(x.username))) {
      const passwordHash = await hashPassword(u.password);
      await this.dataSource.transaction(async (m) => {
        const inserted = await m
          .createQueryBuilder()
          .insert()
          .into(UserAccountEntity)
          .values({ username: u.username, passwordHash, role: u.role, displayName: u.displayName, institution: u.institution, expertId: u.expertId, email: u.email, emailConfirmedAt: new Date() })
          .orIgnore()
          .returning(['id'])
          .execute();
        const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
        if (id) await announceContact(m, { userId: id, role: u.role, email: u.email, disabled: false });
      });
    }
    // Accounts seeded before they had an email address get theirs.
    for (const u of DEV_USERS.filter((x) => present.has(x.username))) await this.giveEmail(u);
    this.logger.log(`development users present: ${DEV_USERS.map((u) => u.username).join(', ')} (see README)`);
  }

  private async giveEmail(u: DevUser): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(UserAccountEntity, { where: { username: u.username, email: IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (!row) return;
      await m.update(UserAccountEntity, { id: row.id }, { email: u.email });
      await announceContact(m, { userId: row.id, role: row.role, email: u.email, disabled: row.disabled });
    });
  }

  /**
   * Signs in with a password. Wrong passwords count per account: after AUTH_LOCK_AFTER in a row the account is
   * locked (the lock doubles each time, up to a day), the person is told by email, and until it ends every attempt
   * is a 429 with Retry-After, right password or not, without spending a hash on it.
   */
  async signIn(login: string, password: string, totp?: string): Promise<SignedIn> {
    const user = await this.users.findOne({ where: whereLogin(login) });
    const now = new Date();
    if (user?.lockedUntil && user.lockedUntil > now) throw this.locked(user.lockedUntil, now);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await (decoy ??= hashPassword('decoy-password-never-matches'))));
    if (!user) throw wrongPassword();
    if (!ok) {
      await this.failed(user.id, user.disabled ? 'disabled' : 'wrong-password');
      throw wrongPassword();
    }
    if (user.disabled) {
      await this.dataSource.transaction((m) => auditAccount(m, 'public', 'sign_in_failed', user, { reason: 'disabled' }));
      throw wrongPassword();
    }
    if (user.role === 'applicant' && !user.emailConfirmedAt) {
      throw new DomainProblem(HttpStatus.FORBIDDEN, 'email-unconfirmed', {
        zh: '请先点击注册邮件中的链接确认邮箱，再登录',
        en: 'confirm your email address first, with the link in the registration email',
      });
    }
    await this.requireTotp(user, totp);
    return this.openSession(user, 'password');
  }

  /** An account with a second factor proves it: no code is a 401 asking for one; a wrong one counts as a failure. */
  async requireTotp(user: UserAccountEntity, totp: string | undefined): Promise<void> {
    if (!user.totpEnabledAt || !user.totpSecret) return;
    if (!totp) {
      throw new DomainProblem(HttpStatus.UNAUTHORIZED, 'totp-required', { zh: '请输入动态验证码（身份验证器中的 6 位数字）', en: 'enter the 6-digit code from your authenticator app' });
    }
    if (!(await this.useTotp(user, totp))) {
      await this.failed(user.id, 'wrong-totp');
      throw new DomainProblem(HttpStatus.UNAUTHORIZED, 'totp-wrong', { zh: '动态验证码不正确或已使用', en: 'the code is wrong or was used already' });
    }
  }

  /** Accepts a code once: the step it was good for is kept, and the same or an older step is refused next time. */
  private async useTotp(user: UserAccountEntity, code: string): Promise<boolean> {
    const secret = user.totpSecret;
    if (!secret) return false;
    return this.dataSource.transaction(async (m) => {
      const row = await m.findOneOrFail(UserAccountEntity, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      const step = checkTotp(secret, code, row.totpLastStep === null ? null : Number(row.totpLastStep));
      if (step === null) return false;
      await m.update(UserAccountEntity, { id: user.id }, { totpLastStep: String(step) });
      return true;
    });
  }

  /**
   * Starts enrolling a second factor (staff, bureau, admin): a new secret, kept unconfirmed until a code from the
   * authenticator app proves it was scanned. Enrolling again replaces an unconfirmed secret only.
   */
  async startTotp(caller: Principal, password: string): Promise<{ secret: string; uri: string }> {
    const user = await this.accountOf(caller);
    // A stolen token alone must not bind the thief's authenticator: the password proves the person (OIDC-only accounts
    // have none, and enrol right after the provider's sign-in).
    if (user.passwordHash && !(await verifyPassword(password, user.passwordHash))) {
      await this.failed(user.id, 'wrong-current-password');
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'current-password-wrong', { zh: '当前密码不正确', en: 'the current password is wrong' });
    }
    if (!(TOTP_ROLES as readonly string[]).includes(user.role)) {
      throw new DomainProblem(HttpStatus.FORBIDDEN, 'totp-not-offered', { zh: '该角色无需两步验证', en: 'this role does not use a second factor' });
    }
    if (user.totpEnabledAt) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'totp-enrolled', { zh: '已启用两步验证；如需更换，请先停用', en: 'a second factor is enrolled already: remove it first to replace it' });
    }
    const enrolment = newTotpSecret(user.username);
    await this.users.update({ id: user.id }, { totpSecret: enrolment.secret, totpLastStep: null });
    return enrolment;
  }

  /** Confirms the enrolment with a code; a token that could only enrol becomes a full one. */
  async confirmTotp(caller: Principal, code: string): Promise<SignedIn> {
    const user = await this.accountOf(caller);
    if (user.totpEnabledAt || !user.totpSecret) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'totp-not-started', { zh: '请先开始绑定身份验证器', en: 'start the enrolment first' });
    }
    if (!(await this.useTotp(user, code))) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'totp-wrong', { zh: '动态验证码不正确，请核对手机时间后重试', en: 'the code is wrong: check the phone\'s clock and try again' });
    }
    await this.dataSource.transaction(async (m) => {
      await m.update(UserAccountEntity, { id: user.id }, { totpEnabledAt: new Date() });
      await auditAccount(m, `user:${user.username}`, 'totp_enabled', user);
    });
    return this.openSession({ ...user, totpEnabledAt: new Date() }, 'password');
  }

  /** Removes one's second factor (with a current code), unless the role requires one. */
  async removeTotp(caller: Principal, code: string): Promise<void> {
    const user = await this.accountOf(caller);
    if (this.config.totpRequiredRoles.includes(user.role)) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'totp-required-for-role', { zh: '您的角色必须启用两步验证，不能停用', en: 'your role must sign in with a second factor: it cannot be removed' });
    }
    if (!user.totpEnabledAt || !(await this.useTotp(user, code))) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'totp-wrong', { zh: '动态验证码不正确', en: 'the code is wrong' });
    }
    const version = await this.dataSource.transaction(async (m) => {
      await m.update(UserAccountEntity, { id: user.id }, { totpEnabledAt: null, totpSecret: null, totpLastStep: null });
      await auditAccount(m, `user:${user.username}`, 'totp_removed', user);
      return raiseTokenVersion(m, user.id);
    });
    await this.revocations.publish({ kind: 'account', userId: user.id, version });
  }

  /** Starts a session for an account whose identity is proven, and records the sign-in. */
  async openSession(user: UserAccountEntity, method: 'password' | 'oidc'): Promise<SignedIn> {
    const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_SECONDS * 1000);
    const session = await this.dataSource.transaction(async (m) => {
      const s = await m.save(SessionEntity, m.create(SessionEntity, { userId: user.id, expiresAt, method }));
      await m.update(UserAccountEntity, { id: user.id }, { failedSignIns: 0, locks: 0, lastSignInAt: new Date() });
      await auditAccount(m, `user:${user.username}`, 'signed_in', user, { method, session: s.id });
      return s;
    });
    // A role that must use a second factor, without one yet: a token that can only enrol it.
    const mustEnrol = !user.totpEnabledAt && this.config.totpRequiredRoles.includes(user.role);
    // An institution that registered itself and is not verified yet: a token that opens its account and drafts only.
    const pending = user.role === 'applicant' && user.institution ? await this.institutionPending(user.institution) : false;
    const principal = { ...toPrincipal(user, session.id), ...(mustEnrol ? { mustEnrolTotp: true as const } : {}), ...(pending ? { institutionPending: true as const } : {}) };
    return { accessToken: this.tokens.issue(principal), tokenType: 'Bearer', expiresIn: TOKEN_LIFETIME_SECONDS, principal };
  }

  /** Whether an institution registered itself and is not verified (no registration on record: not held). */
  private async institutionPending(creditCode: string): Promise<boolean> {
    const row = await this.dataSource.getRepository(InstitutionEntity).findOne({ where: { creditCode } });
    return !!row && row.status !== 'verified';
  }

  private locked(until: Date, now: Date): DomainProblem {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    return new DomainProblem(
      HttpStatus.TOO_MANY_REQUESTS,
      'account-locked',
      { zh: `密码错误次数过多，账号已临时锁定，请 ${minutes} 分钟后再试或通过邮件重设密码`, en: `too many wrong passwords: the account is locked for ${minutes} more minute(s); try later or reset the password by email` },
      undefined,
      { retryAfter: seconds },
    );
  }

  /** Counts a failure; the one that reaches the limit locks the account and emails its owner. */
  private async failed(userId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const u = await m.findOne(UserAccountEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!u) return;
      const failures = u.failedSignIns + 1;
      await auditAccount(m, 'public', 'sign_in_failed', u, { reason, failures });
      if (failures < this.config.authLockAfter) {
        await m.update(UserAccountEntity, { id: u.id }, { failedSignIns: failures });
        return;
      }
      const ms = Math.min(this.config.authLockMs * 2 ** Math.min(u.locks, 10), 24 * 3600_000);
      const until = new Date(Date.now() + ms);
      await m.update(UserAccountEntity, { id: u.id }, { failedSignIns: 0, locks: u.locks + 1, lockedUntil: until });
      await auditAccount(m, 'system:sign-in', 'locked', u, { until: until.toISOString(), failures });
      if (u.email) {
        await queueAccountMail(m, {
          to: u.email,
          subject: '【厦门市中小企业公共服务示范平台】账号已临时锁定 / Account locked',
          body: [
            `${u.displayName}，您好：`,
            '',
            `您的账号 ${u.username} 连续 ${failures} 次密码错误，已锁定至 ${until.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}（北京时间）。`,
            `如果不是您本人操作，请在锁定结束后重设密码：${this.config.publicUrl}/account/forgot`,
            '',
            `Your account ${u.username} was locked after ${failures} wrong passwords in a row, until ${until.toISOString()}.`,
            `If this was not you, reset your password once the lock ends: ${this.config.publicUrl}/account/forgot`,
          ].join('\n'),
        });
      }
    });
    this.mail.nudge();
  }

  /** The caller's account; a token whose account is gone or disabled is answered as signed out. */
  private async accountOf(caller: Principal): Promise<UserAccountEntity> {
    const u = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(caller.sub) ? await this.users.findOne({ where: { id: caller.sub } }) : null;
    if (!u || u.disabled) throw notSignedIn({ zh: '账号不存在或已停用，请重新登录', en: 'the account does not exist or is disabled: sign in again' });
    return u;
  }

  /** Ends this session: its token stops working on its next request, in every service. */
  async signOut(caller: Principal): Promise<void> {
    await this.accountOf(caller);
    if (!caller.sessionId) return;
    await this.dataSource.transaction(async (m) => {
      const r = await m.update(SessionEntity, { id: caller.sessionId, userId: caller.sub, endedAt: IsNull() }, { endedAt: new Date() });
      if (r.affected) await auditAccount(m, `user:${caller.username}`, 'signed_out', { id: caller.sub, username: caller.username }, { session: caller.sessionId });
    });
    await this.revocations.publish({ kind: 'session', sessionId: caller.sessionId });
  }

  /** Ends every session of the account (every token it holds, wherever it was issued). */
  async signOutEverywhere(caller: Principal): Promise<void> {
    await this.accountOf(caller);
    const version = await this.dataSource.transaction(async (m) => {
      await m.update(SessionEntity, { userId: caller.sub, endedAt: IsNull() }, { endedAt: new Date() });
      const v = await raiseTokenVersion(m, caller.sub);
      await auditAccount(m, `user:${caller.username}`, 'signed_out_everywhere', { id: caller.sub, username: caller.username });
      return v;
    });
    await this.revocations.publish({ kind: 'account', userId: caller.sub, version });
  }

  /** Changes one's own password (the current one proves it is the person); every other session ends. */
  async changePassword(caller: Principal, current: string, next: string): Promise<SignedIn> {
    const user = await this.accountOf(caller);
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) throw this.locked(user.lockedUntil, now);
    if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash))) {
      await this.failed(user.id, 'wrong-current-password');
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'current-password-wrong', { zh: '当前密码不正确', en: 'the current password is wrong' });
    }
    refusePassword(next, [user.username, user.email, user.displayName]);
    const passwordHash = await hashPassword(next);
    const version = await this.dataSource.transaction(async (m) => {
      await m.update(UserAccountEntity, { id: user.id }, { passwordHash });
      await m.update(SessionEntity, { userId: user.id, endedAt: IsNull() }, { endedAt: new Date() });
      const v = await raiseTokenVersion(m, user.id);
      await auditAccount(m, `user:${user.username}`, 'password_changed', user);
      return v;
    });
    await this.revocations.publish({ kind: 'account', userId: user.id, version });
    return this.openSession({ ...user, tokenVersion: version }, 'password');
  }

  /**
   * Emails a reset link when the address or username belongs to an account that may sign in. The answer is the
   * same either way, so nobody learns from it which addresses have accounts.
   */
  async requestReset(login: string): Promise<void> {
    const user = await this.users.findOne({ where: whereLogin(login) });
    if (!user || user.disabled || !user.email) return;
    await this.dataSource.transaction(async (m) => {
      const { token } = await issueOneTimeToken(m, user.id, 'reset-password');
      await auditAccount(m, 'public', 'reset_requested', user);
      await queueAccountMail(m, {
        to: user.email!,
        subject: '【厦门市中小企业公共服务示范平台】重设密码 / Reset your password',
        body: [
          `${user.displayName}，您好：`,
          '',
          `请在 30 分钟内打开以下链接，为账号 ${user.username} 设置新密码（链接仅可使用一次）：`,
          `${this.config.publicUrl}/account/password#token=${token}`,
          '如果不是您本人申请，请忽略本邮件，原密码仍然有效。',
          '',
          `Open this link within 30 minutes to set a new password for ${user.username} (it works once):`,
          `${this.config.publicUrl}/account/password#token=${token}`,
          'If you did not ask for this, ignore this email: your password stays as it is.',
        ].join('\n'),
      });
    });
    this.mail.nudge();
  }

  /**
   * Sets a password with a one-time link: an invitation (the account becomes usable, its email confirmed) or a
   * reset (every session ends, and a lock is lifted). Signs the person in.
   */
  async setPasswordWithLink(token: string, password: string, totp?: string): Promise<SignedIn> {
    // A mailbox is not a second factor: an account that has one proves it here too, before the link is spent.
    const holder = await this.dataSource.transaction((m) => peekOneTimeToken(m, token, ['invite', 'reset-password']));
    const account = holder ? await this.users.findOne({ where: { id: holder } }) : null;
    if (account) await this.requireTotp(account, totp);
    // One transaction: a password the policy refuses rolls back, and the link stays good for a better one.
    const { user, version } = await this.dataSource.transaction(async (m) => {
      const { userId, purpose } = await consumeOneTimeToken(m, token, ['invite', 'reset-password']);
      const u = await m.findOneOrFail(UserAccountEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (u.disabled) throw wrongPassword();
      refusePassword(password, [u.username, u.email, u.displayName]);
      const passwordHash = await hashPassword(password);
      await m.update(UserAccountEntity, { id: u.id }, { passwordHash, emailConfirmedAt: u.emailConfirmedAt ?? new Date(), failedSignIns: 0, locks: 0, lockedUntil: null });
      await m.update(SessionEntity, { userId: u.id, endedAt: IsNull() }, { endedAt: new Date() });
      const v = await raiseTokenVersion(m, u.id);
      await auditAccount(m, 'public', purpose === 'invite' ? 'invitation_accepted' : 'password_reset', u);
      // From now on the person is reached by email for their role's notices.
      if (purpose === 'invite') await announceContact(m, { userId: u.id, role: u.role, email: u.email, disabled: false });
      return { user: u, version: v };
    });
    await this.revocations.publish({ kind: 'account', userId: user.id, version });
    return this.openSession({ ...user, tokenVersion: version }, 'password');
  }

  /** Confirms a registrant's email address with the link sent at registration. */
  async confirmEmail(token: string): Promise<{ username: string }> {
    return this.dataSource.transaction(async (m) => {
      const { userId } = await consumeOneTimeToken(m, token, ['confirm-email']);
      const u = await m.findOneOrFail(UserAccountEntity, { where: { id: userId } });
      await m.update(UserAccountEntity, { id: u.id }, { emailConfirmedAt: new Date() });
      await auditAccount(m, 'public', 'email_confirmed', u);
      return { username: u.username };
    });
  }

  /** The account as its owner sees it. */
  async profile(caller: Principal): Promise<Principal & { email: string | null; totpEnabled: boolean; institutionStatus: InstitutionEntity['status'] | null }> {
    const u = /^[0-9a-f-]{36}$/i.test(caller.sub) ? await this.users.findOne({ where: { id: caller.sub } }) : null;
    const institution = caller.institution ? await this.dataSource.getRepository(InstitutionEntity).findOne({ where: { creditCode: caller.institution } }) : null;
    return { ...caller, email: u?.email ?? null, totpEnabled: !!u?.totpEnabledAt, institutionStatus: institution?.status ?? null };
  }
}
