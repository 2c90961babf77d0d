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
  valid: boolean;
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
