import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { isRole, type Principal } from './roles';

export const TOKEN_ISSUER = 'sme-platforms';
/**
 * Access tokens last a working day; there are no refresh tokens, people sign in again. An account change or a
 * sign-out takes effect on the next request all the same: every service checks the token's version and session
 * against the revocations the accounts room publishes (`RevocationList`).
 */
export const TOKEN_LIFETIME_SECONDS = 8 * 3600;

export const EVIDENCE_GRANT_AUDIENCE = 'sme-platforms/evidence';
export const EVIDENCE_GRANT_SECONDS = 10 * 60;

export interface EvidenceGrant {
  expertId: string;
  applicationId: string;
}

/** The same kind of grant for the evaluation: one expert reads one platform's annual report on one year. */
export interface ReportGrant {
  expertId: string;
  creditCode: string;
  year: number;
}

/** HS256 access tokens shared by every service through one secret (AUTH_JWT_SECRET). */
export class TokenService {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('the JWT secret must be at least 32 characters / JWT 密钥至少 32 个字符');
    this.jwt = new JwtService({
      // A key object, made once: given the text, jsonwebtoken tries it as a public key on every verification (and
      // fails, and throws) before taking it as a secret: 7-17% of the service's CPU under bench/api's signed-in loads.
      secret: createSecretKey(Buffer.from(secret, 'utf8')),
      signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_ISSUER, expiresIn: TOKEN_LIFETIME_SECONDS },
      verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_ISSUER },
    });
  }

  issue(p: Principal): string {
    const { sub, tokenVersion, sessionId, mustEnrolTotp, institutionPending, ...claims } = p;
    return this.jwt.sign(
      { ...claims, ...(tokenVersion ? { ver: tokenVersion } : {}), ...(sessionId ? { sid: sessionId } : {}), ...(mustEnrolTotp ? { enrol: true } : {}), ...(institutionPending ? { pend: true } : {}) },
      { subject: sub },
    );
  }

  /**
   * A short-lived grant that lets one expert read one application's evidence: issued by the scoring service (which
   * knows the assignment and the declaration), honoured by the applications service (which holds the files).
   */
  issueEvidenceGrant(g: EvidenceGrant): string {
    return this.jwt.sign({ typ: 'evidence-grant', applicationId: g.applicationId }, { subject: g.expertId, audience: EVIDENCE_GRANT_AUDIENCE, expiresIn: EVIDENCE_GRANT_SECONDS });
  }

  verifyEvidenceGrant(token: string): EvidenceGrant | null {
    try {
      const c = this.jwt.verify<Record<string, unknown>>(token, { audience: EVIDENCE_GRANT_AUDIENCE });
      if (c['typ'] !== 'evidence-grant' || typeof c['sub'] !== 'string' || typeof c['applicationId'] !== 'string') return null;
      return { expertId: c['sub'], applicationId: c['applicationId'] };
    } catch {
      return null;
    }
  }

  /**
   * A short-lived grant that lets one expert read one platform's report on one year: issued by the scoring service once
   * the expert declared no conflict on that platform's evaluation, honoured by the applications service.
   */
  issueReportGrant(g: ReportGrant): string {
    return this.jwt.sign({ typ: 'report-grant', creditCode: g.creditCode, year: g.year }, { subject: g.expertId, audience: EVIDENCE_GRANT_AUDIENCE, expiresIn: EVIDENCE_GRANT_SECONDS });
  }

  verifyReportGrant(token: string): ReportGrant | null {
    try {
      const c = this.jwt.verify<Record<string, unknown>>(token, { audience: EVIDENCE_GRANT_AUDIENCE });
      if (c['typ'] !== 'report-grant' || typeof c['sub'] !== 'string' || typeof c['creditCode'] !== 'string' || typeof c['year'] !== 'number') return null;
      return { expertId: c['sub'], creditCode: c['creditCode'], year: c['year'] };
    } catch {
      return null;
    }
  }

  /** The principal of a valid token, or null for a bad, expired or foreign one (the reason is not the caller's business). */
  verify(token: string): Principal | null {
    let claims: Record<string, unknown>;
    try {
      claims = this.jwt.verify<Record<string, unknown>>(token);
    } catch {
      return null;
    }
    const { sub, username, role, displayName, institution, expertId, ver, sid, enrol, pend } = claims;
    if (typeof sub !== 'string' || typeof username !== 'string' || !isRole(role) || typeof displayName !== 'string') return null;
    if (institution !== null && typeof institution !== 'string') return null;
    if (expertId !== null && typeof expertId !== 'string') return null;
    if (role === 'applicant' && !institution) return null;
    if (role === 'expert' && !expertId) return null;
    if (ver !== undefined && !(Number.isSafeInteger(ver) && (ver as number) > 0)) return null;
    if (sid !== undefined && typeof sid !== 'string') return null;
    if (enrol !== undefined && enrol !== true) return null;
    if (pend !== undefined && (pend !== true || role !== 'applicant')) return null;
    return { sub, username, role, displayName, institution, expertId, ...(ver ? { tokenVersion: ver as number } : {}), ...(sid ? { sessionId: sid } : {}), ...(enrol ? { mustEnrolTotp: true as const } : {}), ...(pend ? { institutionPending: true as const } : {}) };
  }
}
