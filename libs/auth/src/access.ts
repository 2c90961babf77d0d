import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, notSignedIn } from './problems';
import { type Principal, type Role, ROLE_NAMES } from './roles';
import { TokenService } from './tokens';

const PUBLIC_KEY = 'sme:access:public';
const ROLES_KEY = 'sme:access:roles';

/** Open to anyone, signed in or not (a valid token is still read, so handlers may tailor the answer). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
/** Open to signed-in users holding one of these roles; finer checks (own institution, own assignment) stay in the handler. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

interface WithPrincipal {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
}

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
    const principal = token ? this.tokens.verify(token) : null;
    if (principal) req.principal = principal;
    if (isPublic) return true;
    if (!principal) {
      throw notSignedIn(
        header === undefined
          ? { zh: '请先登录', en: 'sign in first: this endpoint needs a bearer token' }
          : { zh: '登录凭证无效或已过期，请重新登录', en: 'the bearer token is invalid or expired: sign in again' },
      );
    }
    if (!roles) throw forbidden({ zh: '该接口未声明访问角色，拒绝访问', en: 'this endpoint declares no roles, so nobody may call it' });
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
