import { Secret, TOTP } from 'otpauth';

/** The name authenticator apps show for the account. */
export const TOTP_ISSUER = '厦门市中小企业公共服务示范平台';

/** Roles that may enrol a second factor (the issue's list; production may require it of any of them). */
export const TOTP_ROLES = ['staff', 'bureau', 'admin'] as const;

const totp = (secret: string, label = 'account') => new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** A new TOTP secret (160 random bits, base32) and the otpauth:// URI an authenticator app scans. */
export function newTotpSecret(username: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, username).toString() };
}

/**
 * Checks a 6-digit code (RFC 6238: SHA-1, 30-second steps, one step of clock drift either way). A code is good once:
 * a step at or before `lastStep` is refused (RFC 6238 §5.2). Returns the step it was good for, or null.
 */
export function checkTotp(secret: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const t = totp(secret);
  const delta = t.validate({ token: code, window: 1, timestamp: now });
  if (delta === null) return null;
  const step = t.counter({ timestamp: now }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code of this moment (for tests and the enrolment screen's check). */
export function totpCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}
