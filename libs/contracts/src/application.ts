import type { Bilingual, EligibilityActivityResult } from './lifecycle';
import type { Recipient } from './recipients';

/** The application workflow's contract: input, status, messages, and the activities it calls. */

export interface ApplicationWorkflowInput {
  applicationId: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  /** The policy version of the call staff set up (absent on workflows started before: the one for the call year). */
  policyVersion?: string;
}

export const ApplicationStages = {
  completenessCheck: 'completeness_check',
  awaitingMaterials: 'awaiting_materials',
  accepted: 'accepted',
  closedIncomplete: 'closed_incomplete',
  eligibilityCheck: 'eligibility_check',
  ineligible: 'ineligible',
  awaitingSiteVisit: 'awaiting_site_visit',
  awaitingExperts: 'awaiting_experts',
  scoring: 'scoring',
  scored: 'scored',
  /** Closed by staff, with a reason, when its review cannot be completed (a panel that cannot be filled). */
  closedByStaff: 'closed_by_staff',
} as const;
export type ApplicationStage = (typeof ApplicationStages)[keyof typeof ApplicationStages];

/**
 * The stages an application's workflow publishes in its `Stage` search attribute: its stages, and `submitted`, set by
 * the starter before the workflow's first step.
 */
export type PublishedApplicationStage = ApplicationStage | 'submitted';

/**
 * Each published stage as people say it, in the order an application goes through them: the staff list, its Excel
 * export and the web share this one table (the web imports this file through its `@sme/contracts/application` alias).
 */
export const APPLICATION_STAGE_NAMES: Readonly<Record<PublishedApplicationStage, Bilingual>> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  completeness_check: { zh: '形式审查', en: 'Completeness check' },
  awaiting_materials: { zh: '待补充材料', en: 'Awaiting materials' },
  accepted: { zh: '已受理', en: 'Accepted' },
  eligibility_check: { zh: '条件审查', en: 'Eligibility check' },
  ineligible: { zh: '不符合条件', en: 'Not eligible' },
  awaiting_site_visit: { zh: '待实地考察', en: 'Awaiting site visit' },
  awaiting_experts: { zh: '待指派专家', en: 'Awaiting experts' },
  scoring: { zh: '专家评审中', en: 'Expert scoring' },
  scored: { zh: '评审完成', en: 'Scored' },
  closed_incomplete: { zh: '材料逾期未补，已终止', en: 'Closed: materials not supplied' },
  closed_by_staff: { zh: '评审无法完成，已由服务中心终止', en: 'Closed by the center: review could not be completed' },
};

/** The published stages, in that order (what a stage filter accepts). */
export const PUBLISHED_APPLICATION_STAGES = Object.keys(APPLICATION_STAGE_NAMES) as PublishedApplicationStage[];

/** What the `status` query answers: the stage, what it waits for, who must act, and by when. */
export interface ApplicationStatus {
  applicationId: string;
  /** Who applies, in which call and under which policy version (scoring checks conflicts against it). */
  applicant?: { creditCode: string; institutionName: string; callYear: number; policyVersion: string };
  stage: ApplicationStage;
  waitingFor: string | null;
  actor: 'system' | 'applicant' | 'center_staff' | null;
  deadline: string | null;
  completenessChecks: number;
  missing: string[];
  /** Why each missing material is missing (see `CompletenessCheckResult.details`). */
  missingDetails?: CompletenessCheckResult['details'];
  article: string | null;
  /** Later stages (absent on workflows that ended before them). */
  eligibility?: EligibilityActivityResult | null;
  siteVisit?: { surveySatisfaction: number; checklistMet: number; checklistTotal: number; expertIds: string[] } | null;
  /** The panel: `recused` when the expert declared a conflict and waits to be replaced by staff. */
  experts?: Array<{ expertId: string; submitted: boolean; reminders: number; recused?: boolean }>;
  scoresDue?: string | null;
  score?: string | null;
  dispersed?: boolean;
  /** Staff closed it before the panel finished, and why. */
  closure?: { by: string; reason: string; at: string } | null;
  /** Whether the call workflow of the year heard of this application. */
  callNotified?: boolean;
}

/** Which Art. 10 materials the uploaded evidence makes present (by `checkCompleteness` in libs/policy). */
export interface ApplicationMaterials {
  applicationForm: boolean;
  platformIntroduction: boolean;
  supportingEvidence: boolean;
}

/**
 * "I have uploaded what was asked for: check again." The files themselves are the answer; histories recorded before
 * completeness read the files carry the ticked flags in `materials`, which nothing reads any more.
 */
export interface SupplementMaterialsRequest {
  materials?: Partial<ApplicationMaterials>;
}

export interface CompletenessCheckInput {
  applicationId: string;
  attempt: number;
}
export interface CompletenessCheckResult {
  complete: boolean;
  missing: string[];
  /** Why each is missing (no file, or no file of the kind its template asks for); absent on checks recorded before. */
  details?: Array<{ key: string; article: string; reason: 'not_uploaded' | 'wrong_type'; accepts?: readonly string[] }>;
  article: string;
}

/** Activities on the `applications` queue, implemented by the applications service. */
export interface ApplicationsActivities {
  checkCompleteness(input: CompletenessCheckInput): Promise<CompletenessCheckResult>;
}

export interface InAppNotificationInput {
  /** Same key, same notification: a retried activity stores nothing twice. */
  idempotencyKey: string;
  /** Built with `Recipients` (libs/contracts/recipients), the addresses the inbox reads. */
  recipient: Recipient;
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
}
export interface InAppNotificationResult {
  notificationId: string;
  created: boolean;
}

/** Activities on the `notifications` queue, implemented by the notifications service. */
export interface NotificationsActivities {
  storeInAppNotification(input: InAppNotificationInput): Promise<InAppNotificationResult>;
  /**
   * Several notices of one event (a late report's to the platform and to staff), each as `storeInAppNotification`, in
   * one activity task. Answers in the order given.
   */
  storeInAppNotifications(input: { notices: InAppNotificationInput[] }): Promise<InAppNotificationResult[]>;
}
