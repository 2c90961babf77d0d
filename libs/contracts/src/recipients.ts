/**
 * Who a notification is for: the one typed source of inbox addresses. The workflows and activities that send and
 * the inbox that reads (libs/auth `recipientKeys`) both build addresses here, so a sender cannot address an inbox
 * nobody reads: `role:center_staff` does not compile, `Recipients.role('staff')` does.
 */

/** The people of DESIGN.md's role table, as roles a signed-in user holds (one each). */
export const ROLES = ['applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type InstitutionRecipient = `institution:${string}`;
export type RoleRecipient = `role:${Role}`;
export type ExpertRecipient = `expert:${string}`;
export type UserRecipient = `user:${string}`;
/** An inbox address. */
export type Recipient = InstitutionRecipient | RoleRecipient | ExpertRecipient | UserRecipient;

export const Recipients = {
  /** An applicant institution or platform, by its unified social credit code (its applicant accounts read it). */
  institution: (creditCode: string): InstitutionRecipient => `institution:${creditCode}`,
  /** Everyone holding a role: each account of it reads the inbox, and each with an email address gets the email. */
  role: (role: Role): RoleRecipient => `role:${role}`,
  /** The SME Service Center's staff (服务中心): completeness, panels, chasing late reports. */
  centerStaff: 'role:staff' as RoleRecipient,
  /** The Bureau of Industry and IT (工信局): internal review, revocation, recommendations. */
  bureau: 'role:bureau' as RoleRecipient,
  /** An expert of the pool, by pool id. */
  expert: (expertId: string): ExpertRecipient => `expert:${expertId}`,
  /** One account, by its id. */
  user: (userId: string): UserRecipient => `user:${userId}`,
} as const;

/** The role a role address names, or null for any other address. */
export function roleOfRecipient(recipient: string): Role | null {
  const m = /^role:(.+)$/.exec(recipient);
  return m && (ROLES as readonly string[]).includes(m[1]!) ? (m[1] as Role) : null;
}
