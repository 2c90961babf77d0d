import {
  type ApplicationsActivities,
  type EligibilityActivityResult,
  type InAppNotificationInput,
  type LifecycleActivities,
  type NotificationsActivities,
  type PlatformDue,
  type SubmittedApplication,
  type TitleAward,
  awardSignalWithStart,
  TaskQueues,
  WorkflowTypes,
} from '@sme/contracts';
import { annualReportDeadline, checkCompleteness, POLICIES, WorkingDayCalendar } from '@sme/policy';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { boundedRead } from './read-deadline';

export interface StoredNotification extends InAppNotificationInput {
  /** Workflow time at which it was stored. */
  at: number;
}

/**
 * In-memory stand-ins for the services' activities, for workflow tests on the time-skipping server. They keep
 * the real contracts: notifications are stored once per idempotency key, awards signal-with-start the platform.
 */
export class FakeServices {
  readonly materials = new Map<string, Record<string, boolean>>();
  readonly eligibility = new Map<string, EligibilityActivityResult>();
  readonly notifications = new Map<string, StoredNotification>();
  readonly awards: Array<{ callYear: number; creditCode: string; awardedOn: string }> = [];
  /** False: an award records the title only, with no platform workflow (an import's own spec, at hundreds of rows). */
  awardStartsPlatform = true;
  platformsDue: PlatformDue[] = [];
  /** What staff have published of the working-day calendar (read by workflows when they start). */
  published: { years?: number[]; days: Array<{ date: string; kind: 'workday' | 'weekend' | 'holiday' | 'makeup'; name?: string }> } = { years: [], days: [] };
  /** Titles ended on the register (revoked or lapsed), in order. */
  readonly ended: Array<Parameters<LifecycleActivities['recordTitleEnded']>[0]> = [];
  /** Each notice record as kept (the latest per notice id: published, then closed). */
  readonly notices = new Map<string, Parameters<LifecycleActivities['recordNotice']>[0]>();
  /** What the database holds for the call's year before the call starts. */
  submitted: SubmittedApplication[] = [];
  notificationCalls = 0;
  /** What the evaluation computes for a platform (default: 80.00, 合格). */
  evaluationResults: Record<string, { total: string; outcome: 'excellent' | 'pass' | 'rectify' | 'fail' }> = {};
  /** The platforms whose indicators were collected, in order (a retry shows twice). */
  readonly collected: string[] = [];
  /** The expert panels set, by platform, and the experts' scores as `<creditCode>:<expertId>:<score>`, in order. */
  readonly evaluationPanels: Record<string, string[]> = {};
  readonly expertScores: string[] = [];
  /** The stages the evaluation's results were moved to, as `<year>:<stage>`. */
  readonly evaluationStages: string[] = [];

  constructor(private readonly env: TestWorkflowEnvironment) {}

  applications(): ApplicationsActivities {
    return {
      checkCompleteness: async ({ applicationId }) => {
        // A PDF of each material marked present, checked by the rule itself (libs/policy).
        const m = this.materials.get(applicationId) ?? { applicationForm: true, platformIntroduction: true, supportingEvidence: true };
        return checkCompleteness(Object.keys(m).filter((k) => m[k]).map((kind) => ({ kind, contentType: 'application/pdf' })));
      },
    };
  }

  lifecycle(): LifecycleActivities {
    return {
      checkEligibility: async ({ applicationId, policyVersion }) =>
        this.eligibility.get(applicationId) ?? { eligible: true, outcome: 'eligible_pending_evidence', failedArticles: [], policyVersion },
      awardTitle: (a) => this.award(a),
      awardTitles: ({ awards }) => Promise.all(awards.map((a) => this.award(a))),
      listPlatformsDue: async () => this.platformsDue,
      publishedCalendar: async () => this.published,
      recordNotice: async (n) => {
        this.notices.set(n.noticeId, n);
      },
      recordTitleEnded: async (e) => {
        if (!this.ended.some((x) => x.creditCode === e.creditCode && x.status === e.status)) this.ended.push(e);
      },
      openEvaluation: async ({ year }) => ({
        indicatorSet: 'xiamen-2021-114/annex-3-provisional',
        provisional: true,
        reportsDueAt: annualReportDeadline(year, WorkingDayCalendar.bundled().withOverrides(this.published), POLICIES.get('xiamen-2021-114')).endsAt,
      }),
      collectIndicators: async ({ creditCode }) => {
        this.collected.push(creditCode);
        return { creditCode, flags: [], ...(this.evaluationResults[creditCode] ?? { total: '80.00', outcome: 'pass' }) };
      },
      setEvaluationStage: async ({ year, stage }) => {
        if (this.evaluationStages.at(-1) !== `${year}:${stage}`) this.evaluationStages.push(`${year}:${stage}`);
        return { platforms: this.collected.length };
      },
      setEvaluationPanels: async ({ panels }) => {
        for (const p of panels) this.evaluationPanels[p.creditCode] = p.experts;
        return { platforms: panels.length };
      },
      recordEvaluationExpertScore: async ({ creditCode, expertId, score }) => {
        this.expertScores.push(`${creditCode}:${expertId}:${score}`);
        return { creditCode, flags: [], ...(this.evaluationResults[creditCode] ?? { total: '80.00', outcome: 'pass' as const }) };
      },
      evaluationOutcomes: async () =>
        [...new Set(this.collected)].map((creditCode) => ({ creditCode, flags: [], ...(this.evaluationResults[creditCode] ?? { total: '80.00', outcome: 'pass' as const }) })),
      callSettings: async ({ year }) => ({ quota: 10, opensOn: `${year}-03-01`, closesOn: `${year}-04-30`, policyVersion: null }),
      callApplications: async () => this.submitted,
    };
  }

  /** As the register does: the title recorded once per call year, the platform started with the published calendar. */
  private async award(a: TitleAward): Promise<{ renewed: boolean }> {
    const renewed = this.awards.some((x) => x.creditCode === a.creditCode);
    if (!this.awards.some((x) => x.creditCode === a.creditCode && x.callYear === a.callYear)) this.awards.push(a);
    if (this.awardStartsPlatform) await this.env.client.workflow.signalWithStart(WorkflowTypes.platform, awardSignalWithStart(a, this.published));
    return { renewed };
  }

  notificationActivities(): NotificationsActivities {
    const store = async (input: InAppNotificationInput) => {
      this.notificationCalls++;
      const created = !this.notifications.has(input.idempotencyKey);
      if (created) this.notifications.set(input.idempotencyKey, { ...input, at: await this.env.currentTimeMs() });
      return { notificationId: input.idempotencyKey, created };
    };
    return {
      storeInAppNotification: store,
      storeInAppNotifications: async ({ notices }) => {
        const results = [];
        for (const n of notices) results.push(await store(n));
        return results;
      },
    };
  }

  /** Notifications whose key starts with `prefix`, in the order stored. */
  sent(prefix = ''): StoredNotification[] {
    return [...this.notifications.values()].filter((n) => n.idempotencyKey.startsWith(prefix));
  }

  /**
   * Runs `fn` while the orchestrator's workflow worker and the services' activity workers poll. `cache: false` keeps no
   * workflow in the worker's cache (no sticky queue), for tests that stop the workers and start new ones: the test
   * server never moves a task left on a dead worker's sticky queue.
   */
  async run<T>(bundle: WorkflowBundleWithSourceMap, fn: () => Promise<T>, { cache = true }: { cache?: boolean } = {}): Promise<T> {
    const { nativeConnection: connection, namespace } = this.env;
    const orchestrator = await Worker.create({ connection, namespace, taskQueue: TaskQueues.lifecycle, workflowBundle: bundle, ...(cache ? {} : { maxCachedWorkflows: 0 }) });
    const apps = await Worker.create({ connection, namespace, taskQueue: TaskQueues.applications, activities: { ...this.applications(), ...this.lifecycle() } });
    const notif = await Worker.create({ connection, namespace, taskQueue: TaskQueues.notifications, activities: this.notificationActivities() });
    return orchestrator.runUntil(apps.runUntil(notif.runUntil(fn())));
  }
}

/**
 * Polls a query until `predicate` holds (workflow tasks run asynchronously to the test). Each read is bounded
 * (read-deadline.ts): one the server lost is asked again after a few seconds instead of waiting out a minute.
 */
export async function eventually<T>(read: () => Promise<T>, predicate: (v: T) => boolean, what: string, tries = 100): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    const got = await boundedRead(read);
    if (got) {
      last = got.answer;
      if (predicate(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never reached: ${what}; last: ${JSON.stringify(last)}`);
}
