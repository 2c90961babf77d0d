import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JwtService } from '@nestjs/jwt';
import { UserAccountEntity } from '@sme/persistence';
import { DomainProblem, type OidcConfig, type RuntimeConfig } from '@sme/runtime';
import type { DataSource } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import { auditAccount } from './account-records';
import { AuthService, type SignedIn } from './auth.service';
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken } from './one-time-tokens';

/** openid-client is an ES module: loaded on first use (Node 20.19+ requires it from CommonJS). */
type OpenIdClient = typeof import('openid-client');
let client: Promise<OpenIdClient> | undefined;
const openid = (): Promise<OpenIdClient> => (client ??= import('openid-client'));

/** What travels, signed, in the short-lived cookie between the start and the callback. */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
}

export const OIDC_COOKIE = 'sme_oidc';
const PENDING_SECONDS = 600;

const refused = (slug: string, zh: string, en: string) => new DomainProblem(HttpStatus.FORBIDDEN, slug, { zh, en });

/**
 * Single sign-on through an OpenID Connect provider (the unified identity service), with openid-client: the
 * authorization code flow with PKCE, state and nonce. A person is matched to an account an administrator made (or an
 * institution registered), by the provider's subject once bound, or first by the configured claim (the email or the
 * username); nobody gets an account, a role or an institution from the provider alone. The screens receive the
 * session through a one-time token in the redirect's fragment, never the access token in a URL.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('oidc');
  private readonly signer: JwtService;
  private discovered?: Promise<import('openid-client').Configuration>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly auth: AuthService,
  ) {
    this.signer = new JwtService({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256', audience: 'sme-platforms/oidc', expiresIn: PENDING_SECONDS } });
  }

  get settings(): OidcConfig | null {
    return this.config.oidc;
  }

  get publicUrl(): string {
    return this.config.publicUrl;
  }

  off(): DomainProblem {
    return new DomainProblem(HttpStatus.NOT_FOUND, 'oidc-off', { zh: '未启用统一身份认证', en: 'single sign-on is not configured' });
  }

  private oidc(): OidcConfig {
    if (!this.config.oidc) throw this.off();
    return this.config.oidc;
  }

  private configuration(): Promise<import('openid-client').Configuration> {
    const o = this.oidc();
    this.discovered ??= (async () => {
      const c = await openid();
      const local = new URL(o.issuer).protocol === 'http:'; // loopback only (the configuration refuses others)
      return c.discovery(new URL(o.issuer), o.clientId, o.clientSecret, c.ClientSecretBasic(o.clientSecret), local ? { execute: [c.allowInsecureRequests] } : undefined);
    })().catch((err: unknown) => {
      this.discovered = undefined;
      this.logger.warn(`discovery of ${o.issuer} failed: ${(err as Error).message}`);
      throw new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, 'oidc-unavailable', { zh: '统一身份认证服务暂时无法访问，请稍后重试或使用密码登录', en: 'the identity service cannot be reached: try again shortly, or sign in with a password' }, undefined, { retryAfter: 5 });
    });
    return this.discovered;
  }

  /** The provider's authorization URL, and the signed cookie that remembers state, nonce and PKCE verifier. */
  async start(): Promise<{ url: string; cookie: string }> {
    const c = await openid();
    const cfg = await this.configuration();
    const pending: Pending = { state: c.randomState(), nonce: c.randomNonce(), verifier: c.randomPKCECodeVerifier() };
    const url = c.buildAuthorizationUrl(cfg, {
      redirect_uri: this.oidc().redirectUri,
      scope: 'openid email profile',
      code_challenge: await c.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, cookie: this.signer.sign({ ...pending }) };
  }

  /**
   * The provider's answer: the code exchanged and the ID token checked (state, nonce, PKCE, issuer, audience), the
   * account found, and a one-time hand-over token for the screen.
   */
  async callback(query: string, cookie: string | undefined): Promise<string> {
    const c = await openid();
    let pending: Pending;
    try {
      pending = this.signer.verify<Pending & object>(cookie ?? '', { audience: 'sme-platforms/oidc' });
    } catch {
      throw refused('oidc-state', '登录已过期或不是从本系统发起，请重新登录', 'the sign-in expired or did not start here: sign in again');
    }
    const cfg = await this.configuration();
    let claims: Record<string, unknown>;
    try {
      const tokens = await c.authorizationCodeGrant(cfg, new URL(`${this.oidc().redirectUri}?${query}`), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
      // Providers may keep the scope's claims (email, username) for the userinfo endpoint, out of the ID token.
      if (claims[this.oidc().accountClaim] === undefined && typeof claims['sub'] === 'string') {
        claims = { ...(await c.fetchUserInfo(cfg, tokens.access_token, claims['sub'])), ...claims };
      }
    } catch (err) {
      this.logger.warn(`code exchange refused: ${(err as Error).message}`);
      throw refused('oidc-refused', '统一身份认证未通过，请重新登录', 'the identity service\'s answer was not accepted: sign in again');
    }
    const user = await this.account(claims);
    return this.dataSource.transaction(async (m) => (await issueOneTimeToken(m, user.id, 'oidc-session')).token);
  }

  /** The account the provider's person is: bound by subject, or matched once by the configured claim and bound. */
  private async account(claims: Record<string, unknown>): Promise<UserAccountEntity> {
    const sub = typeof claims['sub'] === 'string' ? claims['sub'] : null;
    if (!sub) throw refused('oidc-refused', '统一身份认证未提供用户标识', 'the identity service named nobody');
    const o = this.oidc();
    return this.dataSource.transaction(async (m) => {
      let user = await m.findOne(UserAccountEntity, { where: { oidcSubject: sub }, lock: { mode: 'pessimistic_write' } });
      if (!user) {
        const value = claims[o.accountClaim];
        // Only an address the provider vouches for names an account.
        const emailUnverified = o.accountClaim === 'email' && claims['email_verified'] !== true;
        if (typeof value === 'string' && value && !emailUnverified) {
          user = await m
            .createQueryBuilder(UserAccountEntity, 'u')
            .where(o.accountClaim === 'email' ? 'lower(u.email) = :v' : 'u.username = :v', { v: value.trim().toLowerCase() })
            .setLock('pessimistic_write')
            .getOne();
        }
        if (!user) {
          throw refused('oidc-no-account', '该统一身份认证账号尚未开通本系统账号，请联系管理员邀请（机构请先注册）', 'this identity has no account here: ask an administrator for an invitation (institutions register first)');
        }
        if (user.oidcSubject && user.oidcSubject !== sub) {
          throw refused('oidc-no-account', '该账号已绑定其他统一身份认证用户', 'this account is bound to another identity');
        }
        await m.update(UserAccountEntity, { id: user.id }, { oidcSubject: sub, emailConfirmedAt: user.emailConfirmedAt ?? new Date() });
        await auditAccount(m, 'system:oidc', 'oidc_bound', user, { issuer: o.issuer, claim: o.accountClaim });
        user = { ...user, oidcSubject: sub };
      }
      if (user.disabled) throw refused('oidc-no-account', '账号已停用', 'the account is disabled');
      return user;
    });
  }

  /** Trades the hand-over token for a session. */
  async session(token: string, totp?: string): Promise<SignedIn> {
    // The provider's sign-in counts as the password; an account with a second factor still proves it, before the
    // hand-over token is spent.
    const holder = await this.dataSource.transaction((m) => peekOneTimeToken(m, token, ['oidc-session']));
    const account = holder ? await this.dataSource.getRepository(UserAccountEntity).findOne({ where: { id: holder } }) : null;
    if (account) await this.auth.requireTotp(account, totp);
    const user = await this.dataSource.transaction(async (m) => {
      const { userId } = await consumeOneTimeToken(m, token, ['oidc-session']);
      return m.findOneOrFail(UserAccountEntity, { where: { id: userId } });
    });
    if (user.disabled) throw refused('oidc-no-account', '账号已停用', 'the account is disabled');
    return this.auth.openSession(user, 'oidc');
  }
}
