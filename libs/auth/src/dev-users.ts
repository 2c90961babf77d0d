import type { Role } from './roles';

export interface DevUser {
  username: string;
  /** Development passwords only: the README lists them; production never seeds these (SEED_DEV_USERS=false). */
  password: string;
  role: Role;
  displayName: string;
  institution: string | null;
  expertId: string | null;
  /** Where notices to the account's role are emailed (the development mail sink takes any address). */
  email: string;
}

/** The demo institution the seeded applicant acts for (a valid Xiamen 3502 unified social credit code). */
export const DEV_INSTITUTION = '91350200MA2Y0001XE';
/** The seeded expert's id in the scoring service's pool. */
export const DEV_EXPERT_ID = '00000000-0000-4000-8000-00000000e001';

/** One user per role, seeded by `npm start` and the tests; see the README's sign-in table. */
export const DEV_USERS: readonly DevUser[] = [
  { username: 'applicant', password: 'applicant-dev', role: 'applicant', displayName: '厦门市示范服务中心（演示）', institution: DEV_INSTITUTION, expertId: null, email: 'applicant@sme-platforms.local' },
  { username: 'staff', password: 'staff-dev', role: 'staff', displayName: '服务中心 王工', institution: null, expertId: null, email: 'staff@sme-platforms.local' },
  { username: 'bureau', password: 'bureau-dev', role: 'bureau', displayName: '工信局 李处', institution: null, expertId: null, email: 'bureau@sme-platforms.local' },
  { username: 'expert', password: 'expert-dev', role: 'expert', displayName: '评审专家 陈教授', institution: null, expertId: DEV_EXPERT_ID, email: 'expert@sme-platforms.local' },
  { username: 'auditor', password: 'auditor-dev', role: 'auditor', displayName: '审计 赵工', institution: null, expertId: null, email: 'auditor@sme-platforms.local' },
  { username: 'operator', password: 'operator-dev', role: 'operator', displayName: '运维 周工', institution: null, expertId: null, email: 'operator@sme-platforms.local' },
];
