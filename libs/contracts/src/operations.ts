/**
 * What the operations overview answers (GET /api/operations/overview), shared with the web front end (types only:
 * it imports them with `import type` from `@sme/contracts/operations`). Instants are ISO timestamps; dates are
 * ISO `YYYY-MM-DD` in Asia/Shanghai.
 */

/** A running workflow as Temporal's visibility store lists it. */
export interface RunningWorkflow {
  workflowId: string;
  runId: string;
  /** The workflow type, e.g. `annualCallWorkflow`. */
  type: string;
  /** The `Stage` search attribute, null when the workflow sets none. */
  stage: string | null;
  /** The `CallYear` search attribute, null for workflows without a year (platforms, imports, schedules' targets). */
  callYear: number | null;
  startedAt: string;
}

/** Running workflows of one type, stage and call year. */
export interface RunningGroup {
  type: string;
  stage: string | null;
  callYear: number | null;
  count: number;
}

/** An activity a running workflow waits on (from describe), with its retries. */
export interface PendingActivity {
  workflowId: string;
  workflowType: string;
  activityId: string;
  activityType: string;
  /** scheduled (no worker has taken it), started, cancel_requested, paused. */
  state: string;
  attempt: number;
  maximumAttempts: number | null;
  /** The last attempt's failure message, if an attempt failed. */
  lastFailure: string | null;
  lastStartedAt: string | null;
  /** When the next attempt is scheduled (a failing activity waiting out its backoff). */
  nextAttemptAt: string | null;
}

/** A workflow whose workflow task keeps failing (code that throws, a missing policy, non-determinism). */
export interface StuckWorkflowTask {
  workflowId: string;
  workflowType: string;
  attempt: number;
  state: string;
}

/** Something that will happen at a known time: a Schedule's next start, or a deadline a workflow's status names. */
export interface UpcomingTimer {
  at: string;
  /** `schedule`: a Temporal Schedule's next action; `deadline`: from a workflow's `status` query. */
  source: 'schedule' | 'deadline';
  /** The Schedule id or the workflow id. */
  id: string;
  /** What happens then: `annual-call`, `materials_deadline`, `call_closes`, `notice_ends`, `scoring_deadline`, `next_wake`, `report_due`. */
  what: string;
  workflowType: string | null;
}

/** Applications of one call year by stage (stage keys as the application workflow sets them; closed ones by outcome). */
export interface PipelineYear {
  callYear: number;
  total: number;
  stages: Record<string, number>;
}

/** Annual reports on one year (第十五条: due by the end of February of the next year, moved off a rest day). */
export interface ReportRate {
  reportYear: number;
  /** The due date, ISO date in Asia/Shanghai. */
  due: string;
  /** Platforms that owed a report on this year. */
  obliged: number;
  onTime: number;
  late: number;
  /** Owed, not filed, and the due date has passed. */
  missing: number;
  /** Owed, not filed, not yet due. */
  notYetDue: number;
  /** onTime / obliged as a percentage with one decimal, null when nobody owed one. */
  onTimeRate: number | null;
}

export interface OperationsOverview {
  /** The call year the running list, the describes and the deadlines are about. */
  year: number;
  generatedAt: string;
  namespace: string;
  /** The Temporal web UI, and its list of this namespace's workflows. */
  temporalUi: { url: string; workflowsUrl: string };
  running: {
    /** Every running workflow in the namespace. */
    total: number;
    /** Running workflows per type in the namespace. */
    byType: Array<{ type: string; count: number }>;
    /** The year's running workflows grouped by type, stage and year. */
    groups: RunningGroup[];
    /** The year's running workflows, newest first, at most `limit`. */
    workflows: RunningWorkflow[];
    limit: number;
    truncated: boolean;
  };
  /** Of the year's running workflows, how many were described (at most `describeLimit`) for the two lists below. */
  described: number;
  describeLimit: number;
  pendingActivities: PendingActivity[];
  stuckWorkflowTasks: StuckWorkflowTask[];
  /** Schedules' next starts and the deadlines of the described workflows, soonest first. */
  timers: UpcomingTimer[];
  /** Waits of the year's call past the policy's `callWaitReminderDays` (no wait without an end): what, since, for whom. */
  stillWaiting: Array<{ workflowId: string; what: string; since: string; reminders: number; pending: string[] }>;
  /** Application workflows per call year, the year and the four before it. */
  pipeline: PipelineYear[];
  /** Annual-report timeliness per report year, from the filed reports and the registry. */
  reportRates: ReportRate[];
}
