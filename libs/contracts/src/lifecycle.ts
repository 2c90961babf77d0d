/**
 * Contracts of the lifecycle workflows (annualCall, publicNotice, platform, annualEvaluation) and of the later
 * stages of the application workflow: inputs, statuses, messages, activities. Dates are ISO `YYYY-MM-DD` in
 * Asia/Shanghai; instants are ISO timestamps.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

/** Working-day data staff add when a year's State Council notice is published (or to correct one). */
export interface CalendarOverridesInput {
  years?: number[];
  days: Array<{ date: string; kind: 'workday' | 'weekend' | 'holiday' | 'makeup'; name?: string }>;
}

// ------------------------------------------------------------------------------------------ application
export interface SiteVisitReport {
  /** Annex 2 checklist item id -> met. */
  checklist: Record<string, boolean>;
  /**
   * Each pending eligibility clause (`eligibility.pending` of the status) -> confirmed (true) or failed (false).
   * Every one must be settled; a failed one ends the application with its article (第六条至第八条, 第十一条).
   */
  findings?: Record<string, boolean>;
  /** Served-enterprise survey (服务对象测评, 第十一条): share satisfied, 0..1. */
  surveySatisfaction: number;
  opinion: string;
  expertIds: string[];
}

export interface ExpertScore {
  expertId: string;
  /** Rubric criterion id -> score. */
  scores: Record<string, number>;
}

export interface ApplicationOutcome {
  applicationId: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  /** `scored`: the panel scored it; `ineligible`, `incomplete`, `withdrawn`: it never reached the panel. */
  result: 'scored' | 'ineligible' | 'incomplete' | 'withdrawn';
  /** Aggregated panel score as a decimal string (two places), when scored. */
  score: string | null;
  dispersed: boolean;
  submittedAt: string;
}

export interface EligibilityActivityResult {
  /**
   * False only for an application stored before the facts became part of every submission (it has none): its
   * eligibility is then checked by evidence at the site visit. Every application submitted since is checked.
   */
  checked?: boolean;
  eligible: boolean;
  outcome: 'eligible' | 'ineligible' | 'eligible_pending_evidence';
  failedArticles: string[];
  policyVersion: string;
  /**
   * The clauses only evidence and the site visit can settle (第十一条), each under the Annex 2 item that verifies it;
   * the visit confirms or fails every one before scoring. Absent on checks recorded before the visit settled them.
   */
  pending?: Array<{ id: string; article: string; function?: string; item: string; reason: { zh: string; en: string } }>;
  /** The Art. 8 functions that qualified on the facts (a failed clause at the visit can still take one away). */
  qualifyingFunctions?: string[];
  /** What the site visit found of each pending clause (clause id -> confirmed), once recorded. */
  findings?: Record<string, boolean>;
}

// ------------------------------------------------------------------------------------------ annual call
export interface AnnualCallInput {
  year: number;
  quota: number;
  opensOn: string;
  /** Last day to submit; closes at 24:00 Asia/Shanghai. Staff may extend it. */
  closesOn: string;
  policyVersion: string;
}

export type CallStage =
  | 'open'
  | 'awaiting_panel'
  | 'ranking'
  | 'internal_review'
  | 'public_notice'
  | 'awarding'
  | 'closed'
  | 'rejected';

export interface RankedCandidate {
  rank: number;
  applicationId: string;
  creditCode: string;
  institutionName: string;
  score: string;
  /** Inside the quota line. */
  withinQuota: boolean;
}

export interface AnnualCallStatus {
  year: number;
  stage: CallStage;
  quota: number;
  closesOn: string;
  closesAt: string;
  policyVersion: string;
  applications: number;
  outcomesReceived: number;
  ranking: RankedCandidate[];
  reviewHistory: Array<{ decision: ReviewDecision['decision']; reason: string | null; at: string }>;
  noticeId: string | null;
  awarded: string[];
  removedByObjection: string[];
  waitingFor: string | null;
  /**
   * A wait past the policy's `callWaitReminderDays`: what the call still waits for, since when, and for whom (the
   * applications without an outcome); those who must act are told, and again every as many days.
   */
  stillWaiting?: { what: 'panel_results' | 'candidate_list' | 'internal_review'; since: string; reminders: number; pending: string[] } | null;
  actor: 'applicants' | 'center_staff' | 'experts' | 'bureau' | 'public' | 'system' | null;
}

export interface ExtendDeadlineRequest {
  closesOn: string;
  reason: string;
}

export interface ReviewDecision {
  decision: 'approve' | 'send_back' | 'reject';
  reason?: string;
  reviewer: string;
}

// ------------------------------------------------------------------------------------------ public notice
export interface NoticeCandidate {
  creditCode: string;
  institutionName: string;
  rank: number;
}

export interface PublicNoticeInput {
  noticeId: string;
  callYear: number;
  /** Publication date (Asia/Shanghai). */
  published: string;
  workingDays: number;
  /** Which day is day 1 (the policy version's `periods.noticeDayOne`); absent: the publication day when working. */
  dayOne?: 'publication_day_if_working' | 'next_working_day';
  candidates: NoticeCandidate[];
  calendarOverrides?: CalendarOverridesInput[];
}

export interface Objection {
  id: string;
  creditCode: string;
  /**
   * The objection record in the applications service (who raised it, how to reach them, what they wrote): only its
   * id enters the workflow's history. Staff see the record joined in; objections raised before the record existed
   * carry `objector` and `text` here instead.
   */
  ref?: string;
  objector?: string;
  text?: string;
  /** The objector's contact, for staff only (joined from the record; never published). */
  contact?: string | null;
  raisedAt: string;
  resolution: null | { decision: 'upheld' | 'dismissed'; reason: string; by: string; at: string };
}

export interface PublicNoticeStatus {
  noticeId: string;
  callYear: number;
  /** Who is on the notice (the candidates within the quota line). */
  candidates: NoticeCandidate[];
  /** `awaiting_calendar`: the period's end was computed on a year without published data and has come; it waits for the year's data or for staff to confirm it. */
  stage: 'open' | 'awaiting_calendar' | 'awaiting_resolutions' | 'closed';
  published: string;
  start: string;
  end: string;
  endsAt: string;
  provisional: boolean;
  /** Years without published data the period runs through (its end may still move). */
  provisionalYears?: number[];
  /** Staff confirmed a provisional end (the year's data not yet published). */
  endConfirmed?: { by: string; reason: string; at: string } | null;
  workingDays: string[];
  objections: Objection[];
  waitingFor: string | null;
  actor: 'public' | 'center_staff' | null;
}

/** What `recordNotice` keeps of a notice: never who objected or what they wrote. */
export interface PublicNoticeRecord {
  noticeId: string;
  callYear: number;
  published: string;
  start: string;
  end: string;
  endsAt: string;
  provisional: boolean;
  candidates: NoticeCandidate[];
  objections: number;
  /** When it closed: who stayed on the list and who an upheld objection removed, with the reason. */
  outcome?: { confirmed: NoticeCandidate[]; removed: Array<NoticeCandidate & { reason: string }> };
}

export interface PublicNoticeResult {
  noticeId: string;
  confirmed: NoticeCandidate[];
  removed: Array<NoticeCandidate & { objectionId: string; reason: string }>;
  end: string;
}

export interface RaiseObjectionRequest {
  creditCode: string;
  /** The objection record's id (its text and objector stay in the database, never in the history). */
  ref?: string;
  /** Only in histories from before the record existed. */
  objector?: string;
  text?: string;
}

export interface ResolveObjectionRequest {
  objectionId: string;
  decision: 'upheld' | 'dismissed';
  reason: string;
  by: string;
}

// ------------------------------------------------------------------------------------------ platform
export interface PlatformInput {
  creditCode: string;
  institutionName: string;
  /** Award date of the current title. */
  awardedOn: string;
  /** Year the list was published (first evaluated year is the next one, 第十九条). */
  listYear: number;
  policyVersion: string;
  /**
   * The calendar staff had published when the award started this workflow, read by the starter: a run that has it
   * reads no calendar of its own (one activity task less per platform at start). Not carried: each later year reads
   * the published calendar afresh.
   */
  calendar?: CalendarOverridesInput;
  /** Carried over continue-as-new. */
  carried?: PlatformCarried;
}

export interface PlatformCarried {
  /** The calendar year this run covers. */
  year: number;
  reports: Record<string, { submittedOn: string; late: boolean }>;
  evaluations: Record<string, EvaluationOutcome['outcome']>;
  renewals: Array<{ callYear: number; awardedOn: string }>;
  recommendations: Array<{ level: 'province' | 'nation'; year: number; note: string }>;
  calendarOverrides: CalendarOverridesInput[];
  /** Report years whose chasing staff stopped (excused). */
  excused: number[];
  /**
   * Reports owed and not filed, by report year: the current one while it is due, and every late one until it is
   * filed, excused or the title ends. Carried across 1 January, so a late report is never dropped (第十五条).
   */
  openReports?: Record<string, OpenReport>;
  /** A proposal to revoke the title awaiting the bureau's decision (第十七条, 第十九条). */
  revocationProposal?: RevocationProposal | null;
  /** The platform's re-application in its expiry year's call (第十七条), while it keeps the title. */
  reapplication?: Reapplication | null;
  /** Rectifications the evaluation opened (第十九条 整改), oldest first; the last may still be open. */
  rectifications?: Rectification[];
  /** The bureau's decisions on earlier proposals. */
  revocationDecisions?: Array<RevocationProposal & { decision: 'accept' | 'reject'; decidedBy: string; decidedOn: string; decisionReason: string }>;
}

/** Where a report owed stands: which reminders went out, whether it is late, the last notice sent about it. */
export interface OpenReport {
  /** How many of the policy's reminders before the deadline are behind (sent, or passed while nobody ran). */
  remindersDone: number;
  late: boolean;
  /** Chases sent after the overdue notice. */
  chases: number;
  /** Epoch ms of the last notice about it (the next chase is counted from here, never from a missed time). */
  lastNoticeAt: number | null;
}

/**
 * A rectification (整改) the annual evaluation opened (第十九条): the platform files its rectification report by the
 * deadline (reminded before it); staff then close the case, or escalate it as a proposal to revoke (第十七条).
 */
export interface Rectification {
  /** The evaluated year whose outcome opened it. */
  year: number;
  openedOn: string;
  deadline: string;
  /** `open`: awaiting the platform's report; `overdue`: the deadline passed without it; `filed`: awaiting staff. */
  state: 'open' | 'overdue' | 'filed' | 'closed' | 'escalated';
  remindersDone: number;
  report: { text: string; filedOn: string; by: string } | null;
  decision: { decision: 'close' | 'escalate'; reason: string; by: string; on: string } | null;
}

export interface RectificationReport {
  text: string;
  by: string;
}

export interface RectificationDecision {
  decision: 'close' | 'escalate';
  reason: string;
  by: string;
}

export interface RevocationProposal {
  /** `late_report`: staff proposed it (第十五条); `evaluation`: the annual evaluation's result; `rectification`: a failed rectification (第十九条). */
  source: 'late_report' | 'evaluation' | 'rectification';
  reason: string;
  article: string;
  by: string;
  proposedOn: string;
}

export type PlatformStage = 'active' | 'report_due' | 'report_late' | 'rectifying' | 'revocation_proposed' | 'awaiting_renewal' | 'revoked' | 'lapsed';

export interface PlatformStatus {
  creditCode: string;
  institutionName: string;
  stage: PlatformStage;
  awardedOn: string;
  validFrom: string;
  validThrough: string;
  year: number;
  /** The report most urgently waited for: the oldest late one, else the one due now; null when none is owed. */
  pendingReport: null | PendingReport;
  /** Every report owed and not filed, oldest first (late ones stay here across years until filed or excused). */
  openReports?: PendingReport[];
  revocationProposal?: RevocationProposal | null;
  revocationDecisions?: NonNullable<PlatformCarried['revocationDecisions']>;
  reapplication?: Reapplication | null;
  /** The rectification in progress (or the last one), and all of them. */
  rectification?: Rectification | null;
  rectifications?: Rectification[];
  nextWakeAt: string | null;
  reports: PlatformCarried['reports'];
  evaluations: PlatformCarried['evaluations'];
  renewals: PlatformCarried['renewals'];
  recommendations: PlatformCarried['recommendations'];
  revocation: null | { reason: string; article: string; on: string; by: string };
  waitingFor: string | null;
  actor: 'platform' | 'center_staff' | 'bureau' | null;
}

export interface PendingReport {
  reportYear: number;
  due: string;
  dueAt: string;
  provisional: boolean;
  late: boolean;
  chases?: number;
}

/**
 * A platform re-applies in the call of the year its title expires (第十七条): `pending` from submission, `failed`
 * when the application ends without a title (incomplete, ineligible, below the quota line, the list rejected, an
 * objection upheld), on the day that is decided.
 */
export interface Reapplication {
  callYear: number;
  applicationId: string;
  state: 'pending' | 'failed';
  /** The day it was submitted (pending) or its failure decided (failed), Asia/Shanghai. */
  on: string;
}

export interface TitleAwarded {
  callYear: number;
  awardedOn: string;
  listYear: number;
}

export interface ReportSubmitted {
  reportYear: number;
  submittedOn: string;
}

/**
 * The annual evaluation's outcome for a platform (第十九条): the bands of the indicator set (优秀 / 合格 / 整改 / 不合格).
 * `revoke` is the earlier free outcome staff entered (kept so that old histories replay); it counts as `fail`.
 */
export interface EvaluationOutcome {
  year: number;
  outcome: 'excellent' | 'pass' | 'rectify' | 'fail' | 'revoke';
  score: string | null;
}

export interface RevokeRequest {
  reason: string;
  article: string;
  by: string;
}

/**
 * Center staff on a late report (第十五条): keep chasing, excuse it, or propose revocation to the bureau. Staff never
 * revoke: only the bureau does (第十七条).
 */
export interface LateReportDecision {
  reportYear: number;
  decision: 'keep_chasing' | 'excuse' | 'propose_revocation';
  reason: string;
  by: string;
}

/** The bureau on a proposal to revoke: accept (with the article and reason of the revocation) or reject. */
export interface RevocationDecision {
  decision: 'accept' | 'reject';
  reason: string;
  /** The article the revocation rests on; defaults to the proposal's. */
  article?: string;
  by: string;
}

export interface Recommendation {
  level: 'province' | 'nation';
  year: number;
  note: string;
}

// ------------------------------------------------------------------------------------------ evaluation
export interface AnnualEvaluationInput {
  /** The year whose operation is evaluated. */
  year: number;
  /** Days staff have to review the computed results (and experts to score) before they are reminded. */
  scoringDays: number;
  /** The policy version whose indicator set applies (default: the one in force for the year). */
  policyVersion?: string;
}

export interface EvaluationScores {
  /** creditCode -> outcome and score */
  results: Record<string, { outcome: 'pass' | 'rectify' | 'revoke'; score: string }>;
  by: string;
}

export interface AnnualEvaluationStatus {
  year: number;
  /**
   * `scoring`: the earlier form, where staff typed each result. Computed evaluations wait for the reports on the year
   * (`awaiting_reports`, until the end of their due day: a Schedule on 10 January is early) and go `collecting` -> `reviewing`
   * (staff check and adjust, experts score) -> `approval` (the bureau) -> `notifying` -> `done` (published).
   */
  stage: 'awaiting_reports' | 'collecting' | 'scoring' | 'reviewing' | 'approval' | 'notifying' | 'done';
  platforms: string[];
  indicatorsCollected: number;
  /** The outcome and total of each platform, once the bureau approved them (the earlier form: as staff typed them). */
  results: Record<string, { outcome: EvaluationOutcome['outcome']; score: string }>;
  deadline: string | null;
  waitingFor: string | null;
  actor: 'center_staff' | 'bureau' | null;
  /** The indicator set (Annex 3) this evaluation computes with, and whether it is the provisional default. */
  indicatorSet?: string | null;
  provisional?: boolean | null;
  /** The bureau's returns of the results to staff, and its approval. */
  approval?: { returns: Array<{ reason: string; by: string; at: string }>; approvedBy: string | null; approvedAt: string | null };
}

/** Staff send the reviewed results to the bureau (第十九条). */
export interface EvaluationSubmission {
  by: string;
}

/** The bureau on the results: approve (they are published and each platform told) or return to staff with a reason. */
export interface EvaluationDecision {
  decision: 'approve' | 'return';
  reason: string;
  by: string;
}

/** A platform under evaluation, as the workflow listed it. */
export interface EvaluationPlatform {
  creditCode: string;
  institutionName: string;
}

/**
 * A change to the evaluation's expert panels (第十九条; 第十二条's conflict rules, applied by the scoring room):
 * `assign` names each platform's experts, `replace` puts `expertId` in another's place on one platform, `recuse` says
 * `expertId` stood aside on one platform (its panel is unchanged until staff replace them). `panels` is each named
 * platform's whole expected panel after the change.
 */
export interface EvaluationPanelChange {
  kind: 'assign' | 'replace' | 'recuse';
  panels: Array<{ creditCode: string; experts: string[] }>;
  expertId?: string;
  statement?: string | null;
  by: string;
}

/** One expert's score (0-100, at most two places) on a platform's qualitative indicators (第九条 judged by experts). */
export interface EvaluationExpertScore {
  creditCode: string;
  expertId: string;
  score: string;
  by: string;
}

/** One platform's place in an evaluation, as the workflow needs it. */
export interface EvaluationResultSummary {
  creditCode: string;
  total: string;
  outcome: 'excellent' | 'pass' | 'rectify' | 'fail';
  flags: string[];
}

export interface PlatformDue {
  creditCode: string;
  institutionName: string;
  listYear: number;
}

// ------------------------------------------------------------------------------------------ platform import
export interface PlatformImportRow {
  /** The spreadsheet row, for progress and errors. */
  row: number;
  creditCode: string;
  institutionName: string;
  awardedOn: string;
  functions: string[];
}
export interface PlatformImportInput {
  importId: string;
  policyVersion: string;
  by: string;
  /** The rows this run imports (a run continued as new carries only the rows left). */
  rows: PlatformImportRow[];
  /** What the import's earlier runs did (absent on the first run). */
  progress?: { total: number; done: number; created: number; existing: number };
}
export interface PlatformImportStatus {
  importId: string;
  stage: 'importing' | 'done';
  total: number;
  done: number;
  /** Platforms new to the registry, and ones it already had (an import run twice finds them all). */
  created: number;
  existing: number;
  current: { row: number; creditCode: string } | null;
}

// ------------------------------------------------------------------------------------------ activities
/** A title awarded by a call (第十四条) or renewed (第十七条), or an earlier one imported. */
export interface TitleAward {
  callYear: number;
  creditCode: string;
  institutionName: string;
  awardedOn: string;
  listYear: number;
  policyVersion: string;
  /** Art. 8 service functions, recorded in the registry when given (imports of earlier platforms). */
  functions?: string[];
}

/** Lifecycle activities on the `applications` queue (registry of platforms, eligibility, indicators). */
export interface LifecycleActivities {
  checkEligibility(input: { applicationId: string; policyVersion: string }): Promise<EligibilityActivityResult>;
  /** Records the title in the registry and signals-with-start `platform-<creditCode>`; idempotent per call year. */
  awardTitle(input: TitleAward): Promise<{ renewed: boolean }>;
  /**
   * The rows of one import chunk, each as `awardTitle`, in one activity task (an import of 10,000 rows made 10,000
   * tasks; bench/scale, issue 16). Answers in the order given; a retry awards nothing twice.
   */
  awardTitles(input: { awards: TitleAward[] }): Promise<Array<{ renewed: boolean }>>;
  listPlatformsDue(input: { year: number }): Promise<PlatformDue[]>;
  /** Writes a title's end on the register and in the audit trail (第十七条, 第十八条); idempotent. */
  recordTitleEnded(input: { creditCode: string; status: 'revoked' | 'lapsed'; endedOn: string; article: string; reason: string; by: string }): Promise<void>;
  /**
   * Opens the year's evaluation with its indicator set (idempotent: a second call answers the set chosen first), and
   * says when the reports on the year are due (第十五条: the end of the due day, by the published calendar).
   */
  openEvaluation(input: { year: number; policyVersion?: string }): Promise<{ indicatorSet: string; provisional: boolean; reportsDueAt: string }>;
  /**
   * Gathers a platform's facts (its report, the register, its report's timeliness), computes every indicator and the
   * total, and keeps them (staff's adjustments and expert scores survive a second collection).
   */
  collectIndicators(input: { year: number; creditCode: string }): Promise<EvaluationResultSummary>;
  /** Moves the evaluation's results to a stage (ranked afresh); idempotent. */
  setEvaluationStage(input: { year: number; stage: 'reviewing' | 'approval' | 'approved' | 'published' }): Promise<{ platforms: number }>;
  /** Sets the experts expected on each named platform's panel and computes those rows afresh (idempotent). */
  setEvaluationPanels(input: { year: number; panels: Array<{ creditCode: string; experts: string[] }> }): Promise<{ platforms: number }>;
  /** Keeps one expert's score on a platform (a second of the same expert replaces it) and computes the row afresh. */
  recordEvaluationExpertScore(input: { year: number; creditCode: string; expertId: string; score: string }): Promise<EvaluationResultSummary>;
  /** Each platform's outcome and total as approved. */
  evaluationOutcomes(input: { year: number }): Promise<EvaluationResultSummary[]>;
  /**
   * The working-day data staff published (applications.calendar_year / calendar_day), read by a workflow when it
   * starts and at each continue-as-new, so it agrees with the API; later publications reach it by `calendarUpdated`.
   */
  publishedCalendar(): Promise<CalendarOverridesInput>;
  /**
   * Keeps a public notice as published (`outcome` absent) and as it closed (第十三条), for the open data and the feed
   * after the workflow's history is gone. Idempotent: the same record twice changes nothing.
   */
  recordNotice(input: PublicNoticeRecord): Promise<void>;
  /** The call staff set up for `year` (applications.call), or the documented defaults when there is none. */
  callSettings(input: { year: number }): Promise<{ quota: number; opensOn: string; closesOn: string; policyVersion: string | null }>;
  /**
   * The applications of `year` already submitted, each with its outcome when its workflow has reached one: what a
   * call started (or restarted) after they came in must count, since their own signals found no call to tell.
   */
  callApplications(input: { year: number }): Promise<SubmittedApplication[]>;
}

export interface SubmittedApplication {
  applicationId: string;
  creditCode: string;
  submittedAt: string;
  outcome: ApplicationOutcome | null;
}
