import type { EligibilityActivityResult } from './lifecycle';
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
}
