import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AnnualCallStatus,
  AnnualEvaluationStatus,
  ApplicationOutcome,
  CalendarOverridesInput,
  EvaluationOutcome,
  EvaluationScores,
  EvaluationSubmission,
  EvaluationDecision,
  EvaluationExpertScore,
  EvaluationPanelChange,
  EvaluationPlatform,
  EvaluationResultSummary,
  ExpertScore,
  ExtendDeadlineRequest,
  LateReportDecision,
  Objection,
  PlatformImportStatus,
  PlatformStatus,
  PublicNoticeStatus,
  RaiseObjectionRequest,
  Recommendation,
  RectificationReport,
  RectificationDecision,
  ReportSubmitted,
  ResolveObjectionRequest,
  ReviewDecision,
  RevokeRequest,
  Reapplication,
  RevocationDecision,
  SiteVisitReport,
  TitleAwarded,
} from './lifecycle';
import type { ApplicationStatus } from './application';
import type { PlatformInput, TitleAward } from './lifecycle';
import { TaskQueues } from './task-queues';
import { WorkflowIds } from './workflow-ids';
import { SearchAttributeKeys } from './search-attributes';

// Every workflow answers `status` (see application.messages.ts for the application's).
export const annualCallStatusQuery = defineQuery<AnnualCallStatus>('status');
export const publicNoticeStatusQuery = defineQuery<PublicNoticeStatus>('status');
export const platformStatusQuery = defineQuery<PlatformStatus>('status');
export const annualEvaluationStatusQuery = defineQuery<AnnualEvaluationStatus>('status');
export const platformImportStatusQuery = defineQuery<PlatformImportStatus>('status');

// Working-day data arrived: provisional periods are recomputed.
export const calendarUpdatedSignal = defineSignal<[CalendarOverridesInput]>('calendarUpdated');

// annualCall
export const applicationRegisteredSignal = defineSignal<[{ applicationId: string; creditCode: string; submittedAt: string }]>('applicationRegistered');
export const applicationOutcomeSignal = defineSignal<[ApplicationOutcome]>('applicationOutcome');
export const extendCallDeadlineUpdate = defineUpdate<AnnualCallStatus, [ExtendDeadlineRequest]>('extendDeadline');
export const submitCandidateListUpdate = defineUpdate<AnnualCallStatus, [{ by: string; exclude?: string[] }]>('submitCandidateList');
export const internalReviewUpdate = defineUpdate<AnnualCallStatus, [ReviewDecision]>('internalReview');

// application (later stages)
export const recordSiteVisitUpdate = defineUpdate<ApplicationStatus, [SiteVisitReport]>('recordSiteVisit');
export const assignExpertsUpdate = defineUpdate<ApplicationStatus, [{ expertIds: string[]; dueInDays: number }]>('assignExperts');
export const replaceExpertUpdate = defineUpdate<ApplicationStatus, [{ from: string; to: string; reason: string }]>('replaceExpert');
export const submitScoreUpdate = defineUpdate<ApplicationStatus, [ExpertScore]>('submitScore');
/** An expert declared a conflict (第十二条): off the panel's reminders until staff replace them. */
/** Staff close an application whose review cannot be completed (a panel that cannot be filled), with a reason. */
export const closeApplicationUpdate = defineUpdate<ApplicationStatus, [{ by: string; reason: string }]>('closeApplication');
export const recuseExpertUpdate = defineUpdate<ApplicationStatus, [{ expertId: string; statement: string | null }]>('recuseExpert');

// publicNotice
export const raiseObjectionUpdate = defineUpdate<Objection, [RaiseObjectionRequest]>('raiseObjection');
export const confirmNoticeEndUpdate = defineUpdate<PublicNoticeStatus, [{ by: string; reason: string }]>('confirmNoticeEnd');
export const resolveObjectionUpdate = defineUpdate<Objection, [ResolveObjectionRequest]>('resolveObjection');

// platform
export const titleAwardedSignal = defineSignal<[TitleAwarded]>('titleAwarded');
export const reapplicationSignal = defineSignal<[Reapplication]>('reapplication');
export const reportSubmittedSignal = defineSignal<[ReportSubmitted]>('reportSubmitted');
export const evaluationOutcomeSignal = defineSignal<[EvaluationOutcome]>('evaluationOutcome');
export const revokeTitleUpdate = defineUpdate<PlatformStatus, [RevokeRequest]>('revokeTitle');
export const lateReportDecisionUpdate = defineUpdate<PlatformStatus, [LateReportDecision]>('lateReportDecision');
export const decideRevocationUpdate = defineUpdate<PlatformStatus, [RevocationDecision]>('decideRevocation');
export const recordRecommendationUpdate = defineUpdate<PlatformStatus, [Recommendation]>('recordRecommendation');
export const fileRectificationUpdate = defineUpdate<PlatformStatus, [RectificationReport]>('fileRectification');
export const decideRectificationUpdate = defineUpdate<PlatformStatus, [RectificationDecision]>('decideRectification');

// annualEvaluation
export const submitEvaluationScoresUpdate = defineUpdate<AnnualEvaluationStatus, [EvaluationScores]>('submitEvaluationScores');
export const submitEvaluationUpdate = defineUpdate<AnnualEvaluationStatus, [EvaluationSubmission]>('submitEvaluation');
export const decideEvaluationUpdate = defineUpdate<AnnualEvaluationStatus, [EvaluationDecision]>('decideEvaluation');
/** The platforms under evaluation with their names, as the workflow listed them (the scoring room builds panels from it). */
export const evaluationPlatformsQuery = defineQuery<EvaluationPlatform[]>('platforms');
/** The experts expected on platforms' panels change (assigned, one replaced, one stood aside); answers how many rows changed. */
export const evaluationPanelUpdate = defineUpdate<{ platforms: number }, [EvaluationPanelChange]>('changeEvaluationPanel');
/** An expert's score on a platform's qualitative indicators, answered with the platform's row computed afresh. */
export const evaluationExpertScoreUpdate = defineUpdate<EvaluationResultSummary, [EvaluationExpertScore]>('evaluationExpertScore');

/** How an award reaches its platform: signal-with-start `platform-<creditCode>` (starts it, or renews the running one). */
export function awardSignalWithStart(a: TitleAward, calendar?: CalendarOverridesInput) {
  return {
    workflowId: WorkflowIds.platform(a.creditCode),
    taskQueue: TaskQueues.lifecycle,
    args: [{ creditCode: a.creditCode, institutionName: a.institutionName, awardedOn: a.awardedOn, listYear: a.listYear, policyVersion: a.policyVersion, ...(calendar ? { calendar } : {}) }] as [PlatformInput],
    signal: titleAwardedSignal,
    signalArgs: [{ callYear: a.callYear, awardedOn: a.awardedOn, listYear: a.listYear }] as [TitleAwarded],
    // Indexed from its start, so the workflow's first task writes no search attribute it already has (a running
    // workflow keeps its own: these apply only when this starts it).
    typedSearchAttributes: [
      { key: SearchAttributeKeys.CreditCode, value: a.creditCode },
      { key: SearchAttributeKeys.Stage, value: 'platform_active' },
    ],
  };
}
