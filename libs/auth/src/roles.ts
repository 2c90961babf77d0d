import { type Recipient, Recipients, type Role, ROLES } from '@sme/contracts/recipients';

/**
 * The people of DESIGN.md's table, as roles a signed-in user holds (one each; the list lives in libs/contracts
 * beside the inbox addresses). `public` is not a role: it is the caller with no token, and endpoints open to it are
 * marked `@Public()`.
 */
export { ROLES, type Role };

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  applicant: { zh: '申报机构', en: 'applicant institution' },
  staff: { zh: '市中小企业服务中心', en: 'SME Service Center staff' },
  bureau: { zh: '市工业和信息化局', en: 'Bureau of Industry and IT' },
  expert: { zh: '评审专家', en: 'expert' },
  auditor: { zh: '审计人员', en: 'auditor' },
  operator: { zh: '运维人员', en: 'operator' },
  admin: { zh: '账号管理员', en: 'account administrator' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, as carried in the token. */
export interface Principal {
  /** The user account id. */
  sub: string;
  username: string;
  role: Role;
  displayName: string;
  /** Applicants act for exactly one institution, named by its unified social credit code. */
  institution: string | null;
  /** Experts act as one expert of the pool. */
  expertId: string | null;
  /**
   * The account's token version when the token was issued: an account change (role, binding, disabled, password,
   * sign-out everywhere) raises it, and every service refuses older tokens on the next request. Absent: 0.
   */
  tokenVersion?: number;
  /** The sign-in session the token belongs to (sign-out ends it). Absent on tokens not made by a sign-in. */
  sessionId?: string;
  /**
   * The role must sign in with a second factor and the account has none yet: the token opens only the enrolment
   * endpoints (`@DuringEnrolment()`), until a confirmed enrolment gives a full one.
   */
  mustEnrolTotp?: true;
  /**
   * The applicant's institution registered itself and center staff have not verified it: the token opens only the
   * account, the registration and drafts (`@WhileInstitutionPending()`), never the institution's records.
   */
  institutionPending?: true;
}

/** The inbox keys a principal reads: its institution's, its own, and its role's. */
export function recipientKeys(p: Principal): Recipient[] {
  const keys: Recipient[] = [Recipients.user(p.sub), Recipients.role(p.role)];
  if (p.institution) keys.unshift(Recipients.institution(p.institution));
  if (p.expertId) keys.push(Recipients.expert(p.expertId));
  return keys;
}
