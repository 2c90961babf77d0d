import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  type OperationsOverview,
  type PendingActivity,
  type PipelineYear,
  type ReportRate,
  type RunningGroup,
  type RunningWorkflow,
  SearchAttributeKeys,
  type StuckWorkflowTask,
  type UpcomingTimer,
  WorkflowTypes,
} from '@sme/contracts';
import { AnnualReportEntity, PlatformEntity } from '@sme/persistence';
import { annualReportDeadline, POLICIES, type PolicyVersion, shanghaiDate } from '@sme/policy';
import { DomainProblem, type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common';
import { Between, Repository } from 'typeorm';
import { CalendarService } from '../rules/calendar.service';
import { RUNTIME_CONFIG } from '../tokens';

/** The year's running workflows listed, at most. */
export const RUNNING_LIMIT = 100;
/** Describes and status queries per overview, at most: each is a round trip to the Temporal server. */
export const DESCRIBE_LIMIT = 20;
/** Platform workflows (they carry no call year) asked for their next wake-up, at most. */
export const PLATFORM_SAMPLE = 10;
/** Application workflows tallied for the pipeline, at most (five call years). */
const PIPELINE_LIMIT = 5000;
const PIPELINE_YEARS = 5;
const REPORT_YEARS = 10;
const CALL_TIMEOUT_MS = 3000;

const PENDING_ACTIVITY_STATES: Record<number, string> = { 1: 'scheduled', 2: 'started', 3: 'cancel_requested', 4: 'paused' };
const WORKFLOW_TASK_STATES: Record<number, string> = { 1: 'scheduled', 2: 'started' };

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const unavailable = () =>
  new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, 'temporal-unavailable', {
    zh: 'Temporal 可见性查询暂时不可用，请稍后重试',
    en: 'Temporal visibility does not answer now; retry later',
  });

/**
 * What an operator watches: running workflows by type, stage and call year (Temporal visibility with the Stage and
 * CallYear search attributes), the activities and workflow tasks they are stuck on (describe, capped), what is due
 * next (the Schedules' next starts and the deadlines the workflows' `status` queries name), the applications
 * pipeline per call year (visibility), and annual-report timeliness (the filed reports and the registry).
 */
@Injectable()
export class OperationsService {
  private readonly logger = new Logger(OperationsService.name);

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly temporal: TemporalClientHolder,
    private readonly calendars: CalendarService,
    @InjectRepository(PlatformEntity) private readonly platforms: Repository<PlatformEntity>,
    @InjectRepository(AnnualReportEntity) private readonly reports: Repository<AnnualReportEntity>,
  ) {}

  async overview(year: number): Promise<OperationsOverview> {
    const today = shanghaiDate(new Date());
    const [total, byType, listed, pipeline, schedules, platformTimers, reportRates] = await Promise.all([
      this.count(`ExecutionStatus = 'Running'`),
      this.runningByType(),
      this.list(`ExecutionStatus = 'Running' AND CallYear = ${year}`, RUNNING_LIMIT + 1),
      this.pipeline(year),
      this.scheduleTimers(),
      this.platformTimers(),
      this.reportRates(today),
    ]);
    const workflows = listed.slice(0, RUNNING_LIMIT).map(toRunning);
    const described = await Promise.all(workflows.slice(0, DESCRIBE_LIMIT).map((w) => this.inspect(w)));
    const ui = this.config.temporalUiUrl;
    return {
      year,
      generatedAt: new Date().toISOString(),
      namespace: this.config.temporalNamespace,
      temporalUi: { url: ui, workflowsUrl: `${ui}/namespaces/${encodeURIComponent(this.config.temporalNamespace)}/workflows` },
      running: { total, byType, groups: group(workflows), workflows, limit: RUNNING_LIMIT, truncated: listed.length > RUNNING_LIMIT },
      described: described.length,
      describeLimit: DESCRIBE_LIMIT,
      pendingActivities: described.flatMap((d) => d.activities),
      stuckWorkflowTasks: described.flatMap((d) => (d.stuck ? [d.stuck] : [])),
      timers: [...schedules, ...described.flatMap((d) => d.timers), ...platformTimers].sort((a, b) => a.at.localeCompare(b.at)),
      stillWaiting: described.flatMap((d) => (d.stillWaiting ? [d.stillWaiting] : [])),
      pipeline,
      reportRates,
    };
  }

  private async count(query: string): Promise<number> {
    try {
      return (await this.temporal.client.workflow.count(query)).count;
    } catch (err) {
      this.logger.warn(`count ${query}: ${String(err)}`);
      throw unavailable();
    }
  }

  private async list(query: string, limit: number): Promise<WorkflowExecutionInfo[]> {
    const out: WorkflowExecutionInfo[] = [];
    try {
      for await (const wf of this.temporal.client.workflow.list({ query, pageSize: Math.min(limit, 1000) })) {
        out.push(wf);
        if (out.length >= limit) break;
      }
    } catch (err) {
      this.logger.warn(`list ${query}: ${String(err)}`);
      throw unavailable();
    }
    return out;
  }

  private async runningByType(): Promise<Array<{ type: string; count: number }>> {
    const types = [...new Set(Object.values(WorkflowTypes))];
    const counts = await Promise.all(types.map((t) => this.count(`ExecutionStatus = 'Running' AND WorkflowType = '${t}'`)));
    return types.map((type, i) => ({ type, count: counts[i]! })).filter((t) => t.count > 0);
  }

  /** Application workflows of the year and the four before it, each run once (the newest), by stage or by how it ended. */
  private async pipeline(year: number): Promise<PipelineYear[]> {
    const from = year - PIPELINE_YEARS + 1;
    const rows = await this.list(`WorkflowType = '${WorkflowTypes.application}' AND CallYear >= ${from} AND CallYear <= ${year}`, PIPELINE_LIMIT);
    const years = new Map<number, PipelineYear>();
    for (let y = from; y <= year; y++) years.set(y, { callYear: y, total: 0, stages: {} });
    const seen = new Set<string>();
    for (const wf of rows) {
      if (seen.has(wf.workflowId) || wf.status.name === 'CONTINUED_AS_NEW') continue;
      seen.add(wf.workflowId);
      const callYear = wf.typedSearchAttributes.get(SearchAttributeKeys.CallYear);
      const entry = callYear === undefined ? undefined : years.get(callYear);
      if (!entry) continue;
      const stage = wf.status.name === 'RUNNING' || wf.status.name === 'COMPLETED' ? (wf.typedSearchAttributes.get(SearchAttributeKeys.Stage) ?? 'submitted') : wf.status.name.toLowerCase();
      entry.stages[stage] = (entry.stages[stage] ?? 0) + 1;
      entry.total++;
    }
    return [...years.values()];
  }

  /** One running workflow: its pending activities, a workflow task that keeps failing, and the deadline its status names. */
  private async inspect(w: RunningWorkflow): Promise<{ activities: PendingActivity[]; stuck: StuckWorkflowTask | null; timers: UpcomingTimer[]; stillWaiting: OperationsOverview['stillWaiting'][number] | null }> {
    const handle = this.temporal.client.workflow.getHandle(w.workflowId, w.runId);
    const [described, status] = await Promise.all([
      this.temporal.client.withDeadline(Date.now() + CALL_TIMEOUT_MS, () => handle.describe()).catch(() => null),
      // A workflow whose task keeps failing cannot answer: the describe says why.
      this.temporal.client.withDeadline(Date.now() + CALL_TIMEOUT_MS, () => handle.query<unknown>('status')).catch(() => null),
    ]);
    const raw = described?.raw;
    const activities: PendingActivity[] = (raw?.pendingActivities ?? []).map((a) => ({
      workflowId: w.workflowId,
      workflowType: w.type,
      activityId: a.activityId ?? '',
      activityType: a.activityType?.name ?? '',
      state: PENDING_ACTIVITY_STATES[Number(a.state ?? 0)] ?? 'unspecified',
      attempt: a.attempt ?? 1,
      maximumAttempts: a.maximumAttempts ? a.maximumAttempts : null,
      lastFailure: a.lastFailure?.message ?? null,
      lastStartedAt: iso(optionalTsToDate(a.lastStartedTime)),
      nextAttemptAt: iso(optionalTsToDate(a.nextAttemptScheduleTime)),
    }));
    const task = raw?.pendingWorkflowTask;
    const stuck = task && (task.attempt ?? 1) > 1 ? { workflowId: w.workflowId, workflowType: w.type, attempt: task.attempt ?? 1, state: WORKFLOW_TASK_STATES[Number(task.state ?? 0)] ?? 'unspecified' } : null;
    const waiting = (status as { stillWaiting?: { what: string; since: string; reminders: number; pending: string[] } | null } | null)?.stillWaiting;
    return { activities, stuck, timers: deadlines(w.workflowId, w.type, status), stillWaiting: waiting ? { workflowId: w.workflowId, ...waiting } : null };
  }

  /** The yearly Schedules (annual call, annual evaluation): their next start. */
  private async scheduleTimers(): Promise<UpcomingTimer[]> {
    const out: UpcomingTimer[] = [];
    try {
      for await (const s of this.temporal.client.schedule.list({ pageSize: 50 })) {
        const next = s.info?.nextActionTimes[0];
        if (next) out.push({ at: next.toISOString(), source: 'schedule', id: s.scheduleId, what: s.scheduleId, workflowType: s.action?.workflowType ?? null });
        if (out.length >= 20) break;
      }
    } catch (err) {
      this.logger.warn(`schedules: ${String(err)}`);
      throw unavailable();
    }
    return out;
  }

  /** Platforms carry no call year: the most recently started few are asked when they next wake and which report is due. */
  private async platformTimers(): Promise<UpcomingTimer[]> {
    const rows = await this.list(`ExecutionStatus = 'Running' AND WorkflowType = '${WorkflowTypes.platform}'`, PLATFORM_SAMPLE);
    const statuses = await Promise.all(
      rows.map((wf) => this.temporal.client.withDeadline(Date.now() + CALL_TIMEOUT_MS, () => this.temporal.client.workflow.getHandle(wf.workflowId).query<unknown>('status')).catch(() => null)),
    );
    return rows.flatMap((wf, i) => deadlines(wf.workflowId, wf.type, statuses[i]));
  }

  /**
   * Per report year (第十五条): the platforms that owed a report (listed before the year, title still valid when
   * the year's reporting opened), and whether each filed by the due date, late, not at all, or is not yet due.
   * Years from the first a platform owed up to last year; years nobody owed are left out; the last ten of them.
   */
  private async reportRates(today: string): Promise<ReportRate[]> {
    const lastYear = Number(today.slice(0, 4)) - 1;
    const platforms = await this.platforms.find({ select: { creditCode: true, listYear: true, validThrough: true } });
    if (!platforms.length) return [];
    const first = Math.max(Math.min(...platforms.map((p) => p.listYear)) + 1, lastYear - 50);
    if (first > lastYear) return [];
    const filed = await this.reports.find({ where: { reportYear: Between(first, lastYear) }, select: { creditCode: true, reportYear: true, submittedOn: true } });
    const filedOn = new Map(filed.map((r) => [`${r.creditCode.trim()}:${r.reportYear}`, r.submittedOn]));
    const out: ReportRate[] = [];
    for (let y = first; y <= lastYear; y++) {
      const owing = platforms.filter((p) => p.listYear + 1 <= y && p.validThrough >= `${y + 1}-01-01`);
      if (!owing.length) continue;
      const due = annualReportDeadline(y, this.calendars.calendar, reportPolicy(y)).due;
      const rate: ReportRate = { reportYear: y, due, obliged: owing.length, onTime: 0, late: 0, missing: 0, notYetDue: 0, onTimeRate: null };
      for (const p of owing) {
        const on = filedOn.get(`${p.creditCode.trim()}:${y}`);
        if (on !== undefined) rate[on <= due ? 'onTime' : 'late']++;
        else rate[today > due ? 'missing' : 'notYetDue']++;
      }
      rate.onTimeRate = Math.round((rate.onTime / rate.obliged) * 1000) / 10;
      out.push(rate);
    }
    return out.slice(-REPORT_YEARS);
  }
}

/** The report rule of the policy in force for the year the report is filed; before the first policy, the first one's. */
function reportPolicy(reportYear: number): PolicyVersion {
  try {
    return POLICIES.forCallYear(reportYear + 1);
  } catch {
    return POLICIES.list()[0]!;
  }
}

function toRunning(wf: WorkflowExecutionInfo): RunningWorkflow {
  return {
    workflowId: wf.workflowId,
    runId: wf.runId,
    type: wf.type,
    stage: wf.typedSearchAttributes.get(SearchAttributeKeys.Stage) ?? null,
    callYear: wf.typedSearchAttributes.get(SearchAttributeKeys.CallYear) ?? null,
    startedAt: wf.startTime.toISOString(),
  };
}

function group(workflows: RunningWorkflow[]): RunningGroup[] {
  const groups = new Map<string, RunningGroup>();
  for (const w of workflows) {
    const key = `${w.type}|${w.stage ?? ''}|${w.callYear ?? ''}`;
    const g = groups.get(key) ?? { type: w.type, stage: w.stage, callYear: w.callYear, count: 0 };
    g.count++;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.type.localeCompare(b.type) || (a.stage ?? '').localeCompare(b.stage ?? ''));
}

/** The deadlines a workflow's `status` answer names, by workflow type (the shapes in @sme/contracts). */
export function deadlines(workflowId: string, type: string, status: unknown): UpcomingTimer[] {
  if (!status || typeof status !== 'object') return [];
  const s = status as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null);
  const at = (what: string, v: unknown): UpcomingTimer[] => {
    const when = str(v);
    return when ? [{ at: when, source: 'deadline', id: workflowId, what, workflowType: type }] : [];
  };
  switch (type) {
    case WorkflowTypes.application:
      return at('materials_deadline', s['deadline']);
    case WorkflowTypes.annualCall:
      return s['stage'] === 'open' ? at('call_closes', s['closesAt']) : [];
    case WorkflowTypes.publicNotice:
      return s['stage'] === 'open' ? at('notice_ends', s['endsAt']) : [];
    case WorkflowTypes.annualEvaluation:
      // The review period (staff, or the earlier form's scoring) is a deadline only while someone is within it.
      return s['stage'] === 'scoring' || s['stage'] === 'reviewing' ? at('scoring_deadline', s['deadline']) : [];
    case WorkflowTypes.platform: {
      const pending = s['pendingReport'] as { dueAt?: unknown } | null | undefined;
      return [...at('next_wake', s['nextWakeAt']), ...at('report_due', pending?.dueAt)];
    }
    default:
      return [];
  }
}
