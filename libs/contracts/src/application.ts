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
  article: string | null;
  /** Later stages (absent on workflows that ended before them). */
  eligibility?: { eligible: boolean; outcome: string; failedArticles: string[]; policyVersion: string } | null;
  siteVisit?: { surveySatisfaction: number; checklistMet: number; checklistTotal: number; expertIds: string[] } | null;
  experts?: Array<{ expertId: string; submitted: boolean; reminders: number }>;
  scoresDue?: string | null;
  score?: string | null;
  dispersed?: boolean;
  /** Whether the call workflow of the year heard of this application. */
  callNotified?: boolean;
}

/** The Art. 10 materials an application consists of (a flag per item: the evidence files come with issue 5). */
export interface ApplicationMaterials {
  applicationForm: boolean;
  platformIntroduction: boolean;
  supportingEvidence: boolean;
}

export interface SupplementMaterialsRequest {
  materials: Partial<ApplicationMaterials>;
}

export interface CompletenessCheckInput {
  applicationId: string;
  attempt: number;
}
export interface CompletenessCheckResult {
  complete: boolean;
  missing: string[];
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
