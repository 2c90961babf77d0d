import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DEV_USERS, hashPassword, notSignedIn, type Principal, TOKEN_LIFETIME_SECONDS, TokenService, verifyPassword } from '@sme/auth';
import { UserAccountEntity } from '@sme/persistence';
import type { RuntimeConfig } from '@sme/runtime';
import { In, Repository } from 'typeorm';
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
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    this.tokens = new TokenService(config.jwtSecret);
  }

  /** Seeds the development user of each role (never in production; existing accounts are left alone). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDevUsers) return;
    // scrypt is deliberately slow: hash only the users not there yet, not all six on every start.
    const present = new Set((await this.users.find({ select: { username: true }, where: { username: In(DEV_USERS.map((u) => u.username)) } })).map((u) => u.username));
    for (const u of DEV_USERS.filter((x) => !present.has(x.username))) {
      const passwordHash = await hashPassword(u.password);
      await this.users
        .createQueryBuilder()
        .insert()
        .values({ username: u.username, passwordHash, role: u.role, displayName: u.displayName, institution: u.institution, expertId: u.expertId })
        .orIgnore()
        .execute();
    }
    this.logger.log(`development users present: ${DEV_USERS.map((u) => u.username).join(', ')} (see README)`);
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

export function toPrincipal(u: UserAccountEntity): Principal {
  return { sub: u.id, username: u.username, role: u.role, displayName: u.displayName, institution: u.institution, expertId: u.expertId };
}
