import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AccessGuard, type RevocationList } from './access';
import { checkPassword } from './password-policy';
import type { AccessProblem } from './problems';
import { checkTotp, newTotpSecret, totpCode } from './totp';
import { hashPassword, verifyPassword } from './passwords';
import { recipientKeys, type Principal } from './roles';
import { TOKEN_ISSUER, TokenService } from './tokens';

const SECRET = 'unit-test-secret-unit-test-secret-0001';
const staff: Principal = { sub: 'u-1', username: 'staff', role: 'staff', displayName: '王工', institution: null, expertId: null };

describe('TokenService', () => {
  const sut = new TokenService(SECRET);

  it('round-trips a principal', () => {
    expect(sut.verify(sut.issue(staff))).toEqual(staff);
  });

  it('refuses a tampered, foreign or malformed token', () => {
    const token = sut.issue(staff);
    const [h, , s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ username: 'staff', role: 'bureau', displayName: 'x', institution: null, expertId: null, sub: 'u-1' })).toString('base64url');
    expect(sut.verify(`${h}.${forgedPayload}.${s}`)).toBeNull();
    expect(sut.verify(new TokenService('another-secret-another-secret-000002').issue(staff))).toBeNull();
    expect(sut.verify('not.a.token')).toBeNull();
  });

  it('refuses an applicant token without an institution and an expert token without a pool id', () => {
    expect(sut.verify(sut.issue({ ...staff, role: 'applicant' }))).toBeNull();
    expect(sut.verify(sut.issue({ ...staff, role: 'expert' }))).toBeNull();
  });

  it('keeps evidence grants and access tokens apart', () => {
    const grant = sut.issueEvidenceGrant({ expertId: 'e-1', applicationId: 'a-1' });
    expect(sut.verifyEvidenceGrant(grant)).toEqual({ expertId: 'e-1', applicationId: 'a-1' });
    expect(sut.verify(grant)).toBeNull(); // a grant never signs anyone in
    expect(sut.verifyEvidenceGrant(sut.issue(staff))).toBeNull();
    expect(new TokenService('another-secret-another-secret-000002').verifyEvidenceGrant(grant)).toBeNull();
  });

  it('keeps report grants apart from evidence grants and access tokens', () => {
    const grant = sut.issueReportGrant({ expertId: 'e-1', creditCode: '91350200MA00000001', year: 2026 });
    expect(sut.verifyReportGrant(grant)).toEqual({ expertId: 'e-1', creditCode: '91350200MA00000001', year: 2026 });
    expect(sut.verify(grant)).toBeNull();
    expect(sut.verifyEvidenceGrant(grant)).toBeNull();
    expect(sut.verifyReportGrant(sut.issueEvidenceGrant({ expertId: 'e-1', applicationId: 'a-1' }))).toBeNull();
  });

  it('refuses a short secret at construction', () => {
    expect(() => new TokenService('short')).toThrow(/32/);
  });
});

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('staff-dev');
    const b = await hashPassword('staff-dev');
    expect(a).not.toBe(b);
    expect(await verifyPassword('staff-dev', a)).toBe(true);
    expect(await verifyPassword('staff-dev ', a)).toBe(false);
    expect(await verifyPassword('staff-dev', 'garbage')).toBe(false);
  });
});

describe('recipientKeys', () => {
  it('names the institution, the user, the role and the expert inboxes a principal reads', () => {
    expect(recipientKeys({ ...staff, role: 'applicant', institution: '91350200MA2Y0001XE' })).toEqual(['institution:91350200MA2Y0001XE', 'user:u-1', 'role:applicant']);
    expect(recipientKeys({ ...staff, role: 'expert', expertId: 'e-1' })).toEqual(['user:u-1', 'role:expert', 'expert:e-1']);
  });
});

describe('checkPassword', () => {
  it('refuses short, common, keyboard and personal passwords, with their codes', () => {
    expect(checkPassword('short1!')?.code).toBe('password-too-short');
    expect(checkPassword('password123')?.code).toBe('password-too-common');
    expect(checkPassword('1qaz2wsx3edc')).not.toBeNull();
    expect(checkPassword('qwertyuiop')).not.toBeNull();
    expect(checkPassword('wanggong2026', ['wanggong', 'wanggong@xm.gov.cn'])).not.toBeNull();
  });

  it('accepts a long, irregular password', () => {
    expect(checkPassword('海风吹过鼓浪屿-lamp-47-orbit')).toBeNull();
    expect(checkPassword('q8#Lm2!vRt9zPx')).toBeNull();
  });
});

describe('TokenService: versions and sessions', () => {
  const sut = new TokenService(SECRET);

  it('carries the token version and the session, and refuses a malformed version', () => {
    const p = { ...staff, tokenVersion: 3, sessionId: 's-1' };
    expect(sut.verify(sut.issue(p))).toEqual(p);
    expect(sut.verify(sut.issue(staff))).toEqual(staff);
    const { sub: _sub, ...claims } = staff;
    const forged = new JwtService({ secret: SECRET }).sign({ ...claims, ver: 'high' }, { subject: 'u-1', issuer: TOKEN_ISSUER, audience: TOKEN_ISSUER });
    expect(sut.verify(forged)).toBeNull();
  });
});

describe('AccessGuard with a revocation list', () => {
  const tokens = new TokenService(SECRET);
  const context = (token: string, handler: object) =>
    ({
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => Object,
      switchToHttp: () => ({ getRequest: () => ({ headers: { authorization: `Bearer ${token}` } }) }),
    }) as unknown as ExecutionContext;
  const guarded = Object.assign(() => undefined, {});
  Reflect.defineMetadata('sme:access:roles', ['staff'], guarded);
  const list = (answer: ReturnType<RevocationList['revoked']>): RevocationList => ({ revoked: () => answer });

  it('refuses a revoked token with 401 saying why, and says 503 while the list is not loaded', () => {
    const token = tokens.issue({ ...staff, sessionId: 's-1' });
    expect(new AccessGuard(new Reflector(), tokens, list(null)).canActivate(context(token, guarded))).toBe(true);
    const refusal = (answer: ReturnType<RevocationList['revoked']>) => {
      try {
        new AccessGuard(new Reflector(), tokens, list(answer)).canActivate(context(token, guarded));
        return null;
      } catch (err) {
        return { status: (err as AccessProblem).getStatus(), slug: ((err as AccessProblem).getResponse() as { problem: { slug: string } }).problem.slug };
      }
    };
    expect(refusal('signed-out')).toEqual({ status: 401, slug: 'unauthenticated' });
    expect(refusal('account-changed')).toEqual({ status: 401, slug: 'unauthenticated' });
    expect(refusal('unknown')).toEqual({ status: 503, slug: 'sessions-unavailable' });
  });
});

describe('TOTP', () => {
  it('accepts the current code once, refuses a wrong or replayed one', () => {
    const { secret, uri } = newTotpSecret('wang');
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    const code = totpCode(secret);
    const step = checkTotp(secret, code, null);
    expect(step).not.toBeNull();
    expect(checkTotp(secret, code, step)).toBeNull(); // replay
    expect(checkTotp(secret, code === '000000' ? '111111' : '000000', null)).toBeNull();
    expect(checkTotp(secret, '12345', null)).toBeNull();
  });
});
