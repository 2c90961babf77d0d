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

// ------------------------------------------------------------------------------------------ panels (expert screens)
/** Bilingual text as the services send it. */
export interface BilingualText {
  zh: string;
  en: string;
}

/** One expert's invitation to score one application (GET :scoring /api/assignments). */
export interface ExpertAssignment {
  id: string;
  applicationId: string;
  expertId: string;
  callYear: number;
  applicantCreditCode: string;
  applicantName: string;
  partnerCreditCodes: string[];
  policyVersion: string;
  state: 'invited' | 'declared' | 'recused' | 'scored';
  declaration: { noConflict: boolean; statement: string | null } | null;
  declaredAt: string | null;
  assignedBy: string;
  createdAt: string;
}

/** An expert's place in a year's evaluation of one platform (GET :scoring /api/evaluation-assignments; staff: /api/evaluations/{year}/panel). */
export interface EvaluationAssignment {
  id: string;
  year: number;
  creditCode: string;
  institutionName: string;
  expertId: string;
  policyVersion: string;
  state: 'invited' | 'declared' | 'recused' | 'scored' | 'replaced';
  declaration: { noConflict: boolean; statement: string | null } | null;
  declaredAt: string | null;
  score: string | null;
  comment: string | null;
  scoredAt: string | null;
  assignedBy: string;
  replacedBy: string | null;
  replacementReason: string | null;
  createdAt: string;
}

export interface RubricCriterion {
  id: string;
  name: BilingualText;
  articles: string[];
  maxScore: number;
}

/** Annex 2 site-visit checklist item of a policy version (GET /api/policies/{id} `siteChecklist.items`). */
export interface SiteChecklistItem {
  id: string;
  text: BilingualText;
  article: string;
  /** The eligibility clauses (ids or prefixes ending in `.`) the visit settles under this item. */
  verifies: string[];
}

/** What GET /api/policies/{id} answers that the panel screens read. */
export interface PolicyChecklists {
  id: string;
  rubric: { label: 'default' | 'custom'; criteria: RubricCriterion[] };
  siteChecklist: { label: 'default' | 'custom'; items: SiteChecklistItem[] };
}

/** The application under review as an expert sees it after the declaration (GET :scoring /api/assignments/{id}/application). */
export interface AssignmentReview {
  assignment: ExpertAssignment;
  status: {
    applicationId: string;
    applicant?: { creditCode: string; institutionName: string; callYear: number; policyVersion: string };
    stage: string;
    waitingFor: string | null;
    deadline: string | null;
    siteVisit?: { surveySatisfaction: number; checklistMet: number; checklistTotal: number; expertIds: string[] } | null;
    scoresDue?: string | null;
    score?: string | null;
  };
  rubric: { label: 'default' | 'custom'; criteria: RubricCriterion[] };
}

/** A panel's scores (GET :scoring /api/applications/{id}/scores): to an expert, the others are 专家1..n. */
export interface PanelScoresView {
  applicationId: string;
  scores: Array<{ expert: string; own: boolean; total: string; criteria: Record<string, number>; submittedAt: string }>;
  aggregate: { score: string; method: string; totals: string[]; dispersed: boolean } | null;
  pending: number;
}

/** An expert of the pool (GET :scoring /api/experts, staff). */
export interface PoolExpert {
  id: string;
  name: string;
  employerName: string | null;
  employerCreditCode: string | null;
  fields: string[];
  active: boolean;
}

/** One conflict of interest a panel was refused for (the `conflicts` extension of the 409 problem). */
export interface PanelConflict {
  expertId: string;
  kind: string;
  creditCode: string;
  reason: BilingualText;
  article: string;
}

/** An evidence file's description (GET :applications /api/applications/{id}/evidence). */
export interface EvidenceFileInfo {
  id: string;
  applicationId: string;
  kind: string;
  filename: string;
  contentType: string;
  sizeBytes: string;
  uploadedAt: string;
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
