import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DEV_USERS, type DevUser, hashPassword, notSignedIn, type Principal, TOKEN_LIFETIME_SECONDS, TokenService, verifyPassword } from '@sme/auth';
import { type AccountContactPayload, EventSubjects } from '@sme/contracts';
import { appendToOutbox } from '@sme/messaging';
import { UserAccountEntity } from '@sme/persistence';
import type { RuntimeConfig } from '@sme/runtime';
import { DataSource, type EntityManager, In, IsNull, Repository } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';

export interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  principal: Principal;
}

/** A hash to compare against when the username is unknown, so both failures take the same time (made on first need). */
let decoy: Promise<string> | undefined;

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly tokens: TokenService;

  constructor(
    @InjectRepository(UserAccountEntity) private readonly users: Repository<UserAccountEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    this.tokens = new TokenService(config.jwtSecret);
  }

  /**
   * Seeds the development user of each role (never in production; existing accounts keep their password), each
   * with its email address, and tells the notifications service how to reach it (an `account.contact` event in
   * the same transaction), so a notice to staff or the bureau reaches their mailboxes.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDevUsers) return;
    // scrypt is deliberately slow: hash only the users not there yet, not all six on every start.
    const present = new Set((await this.users.find({ select: { username: true }, where: { username: In(DEV_USERS.map((u) => u.username)) } })).map((u) => u.username));
    for (const u of DEV_USERS.filter((x) => !present.has(x.username))) {
      const passwordHash = await hashPassword(u.password);
      await this.dataSource.transaction(async (m) => {
        const inserted = await m
          .createQueryBuilder()
          .insert()
          .into(UserAccountEntity)
          .values({ username: u.username, passwordHash, role: u.role, displayName: u.displayName, institution: u.institution, expertId: u.expertId, email: u.email })
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

  async signIn(username: string, password: string): Promise<SignedIn> {
    const user = await this.users.findOne({ where: { username: username.trim().toLowerCase() } });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await (decoy ??= hashPassword('decoy-password-never-matches'))));
    if (!user || !ok || user.disabled) {
      throw notSignedIn({ zh: '用户名或密码错误', en: 'wrong username or password' });
    }
    const principal = toPrincipal(user);
    return { accessToken: this.tokens.issue(principal), tokenType: 'Bearer', expiresIn: TOKEN_LIFETIME_SECONDS, principal };
  }
}

/** Tells the notifications service (through the outbox, in the caller's transaction) how an account is reached. */
export async function announceContact(m: EntityManager, contact: AccountContactPayload): Promise<void> {
  await appendToOutbox<AccountContactPayload>(m, 'applications.outbox', EventSubjects.accountContact, contact);
}

export function toPrincipal(u: UserAccountEntity): Principal {
  return { sub: u.id, username: u.username, role: u.role, displayName: u.displayName, institution: u.institution, expertId: u.expertId };
}
