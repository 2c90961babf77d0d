/**
 * What the public endpoints answer, shared by the services and the web front end (types only: the front end
 * imports them with `import type` from `@sme/contracts/public`, so nothing of the server reaches the browser).
 */
export interface PublicPlatform {
  creditCode: string;
  institutionName: string;
  awardedOn: string;
  validThrough: string;
  listYear: number;
  /** The title stands today: not revoked, not lapsed, within its validity. */
  valid: boolean;
  /** `valid`, or how the title ended (第十七条): `revoked` by the bureau, `lapsed` at the end of its validity. */
  status: 'valid' | 'revoked' | 'lapsed' | 'expired';
  /** When it ended and on which article, for a revoked or lapsed title. */
  endedOn: string | null;
  endArticle: string | null;
  /** Art. 8 service functions. */
  functions: string[];
}

export interface PublicNoticeCandidate {
  creditCode: string;
  institutionName: string;
  rank: number;
}

/** What the public board shows of a notice: never who objected or how to reach them. */
export interface PublicNotice {
  noticeId: string;
  callYear: number;
  candidates: PublicNoticeCandidate[];
  published: string;
  start: string;
  end: string;
  endsAt: string;
  provisional: boolean;
  /** Working days of the period from today (Asia/Shanghai) on, today included. */
  workingDaysLeft: number;
  open: boolean;
  objections: number;
  article: '第十三条';
}

/** A platform on the register with the stage its workflow last published (staff, bureau, auditors, operators). */
export interface PlatformListItem {
  creditCode: string;
  institutionName: string;
  listYear: number;
  awardedOn: string;
  validThrough: string;
  valid: boolean;
  /** `valid`, `revoked` or `lapsed` on the register (第十七条), `expired` past its validity with no recorded end. */
  status: PublicPlatform['status'];
  endedOn: string | null;
  endArticle: string | null;
  /** active, report_due, report_late, revocation_proposed, awaiting_renewal, revoked or lapsed; null while visibility has not caught up. */
  stage: 'active' | 'report_due' | 'report_late' | 'rectifying' | 'revocation_proposed' | 'awaiting_renewal' | 'revoked' | 'lapsed' | null;
}
