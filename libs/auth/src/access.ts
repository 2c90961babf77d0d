import { applyDecorators, type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import { AccessProblem, forbidden, notSignedIn } from './problems';
import { type Principal, type Role, ROLE_NAMES } from './roles';
import { TokenService } from './tokens';

const PUBLIC_KEY = 'sme:access:public';
const ROLES_KEY = 'sme:access:roles';
const ENROLMENT_KEY = 'sme:access:enrolment';
const PENDING_KEY = 'sme:access:pending';

/**
 * Open to anyone, signed in or not (a valid token is still read, so handlers may tailor the answer). Documented as
 * `x-access: public`, which the OpenAPI document turns into `security: []` (libs/runtime documentAccess).
 */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(ACCESS_EXTENSION, 'public'));
/**
 * Open to signed-in users holding one of these roles; finer checks (own institution, own assignment) stay in the
 * handler. Documented as `x-access: [roles]`. A handler's declaration wins over its controller's, in both.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension(ACCESS_EXTENSION, [...roles]));

/** The OpenAPI extension that says who may call an operation: 'public', or the roles. */
export const ACCESS_EXTENSION = 'x-access';

/**
 * Tokens no longer honoured although their signature and lifetime are fine: the account changed after the token was
 * issued (its version is older), or its session was signed out. Every service holds one, fed by the accounts room.
 */
export interface RevocationList {
  /** Why this principal's token is no longer good, null when it is; `unknown` until the list has loaded. */
  revoked(p: Principal): 'account-changed' | 'signed-out' | 'unknown' | null;
}

/** The Nest token under which a service provides its `RevocationList`. */
export const REVOCATION_LIST = Symbol('REVOCATION_LIST');

interface WithPrincipal {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
}

/** Open also to a token that must enrol a second factor first (the enrolment itself, who am I, sign-out). */
export const DuringEnrolment = (): MethodDecorator => SetMetadata(ENROLMENT_KEY, true);

/** Open also to an applicant whose institution awaits verification (its account, its registration, its drafts). */
export const WhileInstitutionPending = (): MethodDecorator & ClassDecorator => SetMetadata(PENDING_KEY, true);

/** The caller of a guarded endpoint (undefined only on a @Public() one called anonymously). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<WithPrincipal>().principal);

/**
 * The global guard of every service. Fails closed: an endpoint that declares neither @Public() nor @Roles()
 * answers 403, so a forgotten declaration can never open a door.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly revocations?: RevocationList,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<WithPrincipal>();
    // The handler's own declaration wins over its controller's, whichever kind each is.
    const declared = (t: object) => ({
      isPublic: this.reflector.get<boolean | undefined>(PUBLIC_KEY, t as never) === true,
      roles: this.reflector.get<Role[] | undefined>(ROLES_KEY, t as never),
    });
    let { isPublic, roles } = declared(ctx.getHandler());
    if (!isPublic && !roles) ({ isPublic, roles } = declared(ctx.getClass()));
    const header = req.headers['authorization'];
    const token = typeof header === 'string' && /^Bearer [A-Za-z0-9._~+/=-]+$/.test(header) ? header.slice(7) : null;
    const verified = token ? this.tokens.verify(token) : null;
    const revoked = verified && this.revocations ? this.revocations.revoked(verified) : null;
    const principal = revoked ? null : verified;
    if (principal) req.principal = principal;
    if (isPublic) return true;
    if (revoked === 'unknown') {
      throw new AccessProblem(503, 'sessions-unavailable', { zh: '暂时无法核验登录状态，请稍后重试', en: 'sign-ins cannot be checked right now: try again shortly' });
    }
    if (revoked) {
      throw notSignedIn(
        revoked === 'signed-out'
          ? { zh: '已退出登录，请重新登录', en: 'this session was signed out: sign in again' }
          : { zh: '账号信息已变更（角色、状态或密码），请重新登录', en: 'the account changed (role, state or password) since this token was issued: sign in again' },
      );
    }
    if (!principal) {
      throw notSignedIn(
        header === undefined
          ? { zh: '请先登录', en: 'sign in first: this endpoint needs a bearer token' }
          : { zh: '登录凭证无效或已过期，请重新登录', en: 'the bearer token is invalid or expired: sign in again' },
      );
    }
    if (!roles) throw forbidden({ zh: '该接口未声明访问角色，拒绝访问', en: 'this endpoint declares no roles, so nobody may call it' });
    if (principal.institutionPending && this.reflector.getAllAndOverride<boolean | undefined>(PENDING_KEY, [ctx.getHandler(), ctx.getClass()]) !== true) {
      throw new AccessProblem(403, 'institution-pending', {
        zh: '本机构的注册尚待服务中心核验：核验通过前只能管理账号、上传营业执照和填写草稿（通过后请重新登录）',
        en: 'your institution\'s registration awaits verification: until then only your account, the licence and drafts are open (sign in again once verified)',
      });
    }
    if (principal.mustEnrolTotp && this.reflector.get<boolean | undefined>(ENROLMENT_KEY, ctx.getHandler()) !== true) {
      throw new AccessProblem(403, 'totp-enrolment-required', {
        zh: '您的角色须启用两步验证：请先在“我的账号”中绑定动态验证码',
        en: 'your role must sign in with a second factor: enrol an authenticator app under "my account" first',
      });
    }
    if (!roles.includes(principal.role)) {
      const allowed = roles.map((r) => ROLE_NAMES[r]);
      throw forbidden({
        zh: `${ROLE_NAMES[principal.role].zh}无权执行此操作（仅限：${allowed.map((a) => a.zh).join('、')}）`,
        en: `a ${ROLE_NAMES[principal.role].en} may not do this (only: ${allowed.map((a) => a.en).join(', ')})`,
      });
    }
    return true;
  }
}
