import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  type ApplicationOutcome,
  applicationStatusQuery,
  type CalendarOverridesInput,
  type EligibilityActivityResult,
  type LifecycleActivities,
  type PlatformDue,
  type SubmittedApplication,
  awardSignalWithStart,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { appendAudit, ApplicationEntity, CalendarDayEntity, CalendarYearEntity, CallEntity, PlatformAwardEntity, PlatformEntity } from '@sme/persistence';
import { checkEligibility, defaultCallSettings, pendingClauses, type EligibilityFacts, POLICIES, type PolicyVersion, shanghaiDate, titleValidity, UnknownPolicyError } from '@sme/policy';
import { TemporalClientHolder } from '@sme/runtime';
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, LessThan, type Repository } from 'typeorm';

/** Lifecycle activities on the `applications` queue: eligibility, the platform registry, awards. Idempotent. */
@Injectable()
export class LifecycleActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    @InjectRepository(PlatformEntity) private readonly platforms: Repository<PlatformEntity>,
    private readonly temporal: TemporalClientHolder,
  ) {}

  asActivities(): LifecycleActivities {
    return {
      checkEligibility: (i) => this.checkEligibility(i),
      awardTitle: (i) => this.awardTitle(i),
      listPlatformsDue: (i) => this.listPlatformsDue(i),
      recordTitleEnded: (i) => this.recordTitleEnded(i),
      publishedCalendar: () => this.publishedCalendar(),
      collectIndicators: (i) => this.collectIndicators(i),
      callSettings: (i) => this.callSettings(i),
      callApplications: (i) => this.callApplications(i),
    };
  }

  /**
   * The year's submitted applications with the outcome each workflow has reached (scored, ineligible, closed as
   * incomplete), for a call that starts after them. One not started yet (the orchestrator is behind) is counted
   * as registered: its own outcome signal reaches the call later. A workflow that does not answer fails the
   * activity, which Temporal retries, rather than count an application without its outcome.
   */
  async callApplications({ year }: { year: number }): Promise<SubmittedApplication[]> {
    const rows = await this.applications.find({ where: { callYear: year }, order: { createdAt: 'ASC' } });
    const out: SubmittedApplication[] = [];
    for (const r of rows) {
      const handle = this.temporal.client.workflow.getHandle(WorkflowIds.application(r.id));
      try {
        const [info, st] = await Promise.all([handle.describe(), handle.query(applicationStatusQuery)]);
        const submittedAt = info.startTime.toISOString();
        const result: ApplicationOutcome['result'] | null =
          st.stage === 'scored' ? 'scored' : st.stage === 'ineligible' ? 'ineligible' : st.stage === 'closed_incomplete' ? 'incomplete' : null;
        out.push({
          applicationId: r.id,
          creditCode: r.creditCode,
          submittedAt,
          outcome: result && {
            applicationId: r.id,
            creditCode: r.creditCode,
            institutionName: r.institutionName,
            callYear: year,
            result,
            score: result === 'scored' ? (st.score ?? null) : null,
            dispersed: st.dispersed ?? false,
            submittedAt,
          },
        });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        out.push({ applicationId: r.id, creditCode: r.creditCode, submittedAt: r.createdAt.toISOString(), outcome: null });
      }
    }
    return out;
  }

  /**
   * What the registry knows of a platform for the evaluation. The Annex 3 indicators from the annual reports
   * (SMEs served, satisfaction, activities) join when the services keep the reports.
   */
  async collectIndicators({ year, creditCode }: { year: number; creditCode: string }): Promise<{ creditCode: string; indicators: Record<string, string> }> {
    const p = await this.platforms.findOneByOrFail({ creditCode });
    const awards = await this.dataSource.getRepository(PlatformAwardEntity).countBy({ creditCode });
    return {
      creditCode,
      indicators: { evaluatedYear: String(year), listYear: String(p.listYear), awardedOn: p.awardedOn, validThrough: p.validThrough, awards: String(awards) },
    };
  }

  /**
   * The call staff set up for the year, or the defaults the Schedule uses: those of the policy version the year
   * binds to (`call.defaultQuota`, `defaultOpens`, `defaultCloses`; quota 10, 1 March to 30 April under
   * xiamen-2021-114). `policyVersion` stays null there: the workflow binds the year itself.
   */
  async callSettings({ year }: { year: number }): Promise<{ quota: number; opensOn: string; closesOn: string; policyVersion: string | null }> {
    const call = await this.dataSource.getRepository(CallEntity).findOneBy({ year });
    if (call) return { quota: call.quota, opensOn: call.opensOn, closesOn: call.closesOn, policyVersion: call.policyVersion };
    let policy: PolicyVersion;
    try {
      policy = POLICIES.forCallYear(year);
    } catch (err) {
      if (err instanceof UnknownPolicyError) throw ApplicationFailure.nonRetryable(`该年度无适用的政策版本 / ${err.message}`, 'UnknownPolicy');
      throw err;
    }
    return { ...defaultCallSettings(year, policy), policyVersion: null };
  }

  /**
   * Arts. 6-8 on the facts the applicant gave, as of the submission date (Asia/Shanghai). Every application
   * submitted now carries its facts, validated on submission, so this always checks them.
   */
  async checkEligibility({ applicationId, policyVersion }: { applicationId: string; policyVersion: string }): Promise<EligibilityActivityResult> {
    const application = await this.applications.findOne({ where: { id: applicationId } });
    if (!application) throw ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'ApplicationNotFound');
    const policy = POLICIES.get(policyVersion);
    if (!application.eligibilityFacts) {
      // Only an application stored before the facts were required has none (its workflow may still be running):
      // it is answered as it was then, unchecked (said explicitly) and left to the evidence and the site visit.
      return { checked: false, eligible: true, outcome: 'eligible_pending_evidence', failedArticles: [], policyVersion: policy.id };
    }
    const facts = { ...(application.eligibilityFacts as unknown as Omit<EligibilityFacts, 'applicationDate'>), applicationDate: shanghaiDate(application.createdAt) };
    const result = checkEligibility(facts, policy);
    return {
      checked: true,
      eligible: result.eligible,
      outcome: result.outcome,
      failedArticles: [...new Set(result.clauses.filter((c) => c.status === 'fail').map((c) => c.article))],
      policyVersion: policy.id,
      // What the site visit must settle (第十一条), each under the Annex 2 item that verifies it.
      pending: result.eligible ? pendingClauses(result, policy) : [],
      qualifyingFunctions: result.qualifyingFunctions,
    };
  }

  /**
   * Records the award (once per call year, with its audit event, 第十四条 and 第十八条) and starts the platform workflow,
   * or signals the running one (renewal).
   */
  async awardTitle(a: Parameters<LifecycleActivities['awardTitle']>[0]): Promise<{ renewed: boolean }> {
    const policy = POLICIES.get(a.policyVersion);
    const validThrough = titleValidity(a.awardedOn, policy).through;
    const renewed = await this.dataSource.transaction(async (m) => {
      const existing = await m.findOne(PlatformEntity, { where: { creditCode: a.creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!existing) {
        await m.insert(PlatformEntity, { creditCode: a.creditCode, institutionName: a.institutionName, listYear: a.listYear, awardedOn: a.awardedOn, validThrough, policyVersion: policy.id });
      } else if (existing.awardedOn < a.awardedOn) {
        await m.update(PlatformEntity, { creditCode: a.creditCode }, { institutionName: a.institutionName, awardedOn: a.awardedOn, validThrough, status: 'valid', endedOn: null, endArticle: null, endReason: null });
      }
      if (a.functions?.length) await m.update(PlatformEntity, { creditCode: a.creditCode }, { functions: a.functions });
      const award = await m.createQueryBuilder().insert().into(PlatformAwardEntity).values({ creditCode: a.creditCode, callYear: a.callYear, awardedOn: a.awardedOn }).orIgnore().returning('credit_code').execute();
      if ((award.raw as unknown[]).length > 0) {
        await appendAudit(m, {
          actor: a.functions ? 'system:platform-import' : `system:call-${a.callYear}`,
          action: existing ? 'platform.title_renewed' : 'platform.title_awarded',
          entityType: 'platform',
          entityId: a.creditCode,
          data: { callYear: a.callYear, awardedOn: a.awardedOn, validThrough, listYear: a.listYear, article: existing ? '第十七条' : '第十四条' },
        });
      }
      return existing !== null;
    });
    const { functions: _functions, ...award } = a;
    await this.temporal.client.workflow.signalWithStart(WorkflowTypes.platform, awardSignalWithStart(award));
    return { renewed };
  }

  /**
   * A title's end on the register (revoked by the bureau, lapsed at the end of its validity, 第十七条) and in the
   * audit trail (第十八条). Idempotent: a retried activity writes nothing twice.
   */
  async recordTitleEnded(e: Parameters<LifecycleActivities['recordTitleEnded']>[0]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(PlatformEntity, { where: { creditCode: e.creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.status === e.status) return;
      await m.update(PlatformEntity, { creditCode: e.creditCode }, { status: e.status, endedOn: e.endedOn, endArticle: e.article, endReason: e.reason });
      await appendAudit(m, {
        actor: e.by === 'system' ? 'system:platform-workflow' : `user:${e.by}`,
        action: e.status === 'revoked' ? 'platform.title_revoked' : 'platform.title_lapsed',
        entityType: 'platform',
        entityId: e.creditCode,
        data: { endedOn: e.endedOn, article: e.article, reason: e.reason },
      });
    });
  }

  /** Every year staff published, with its days, as one set of overrides (what the API's calendar holds too). */
  async publishedCalendar(): Promise<CalendarOverridesInput> {
    const [years, days] = await Promise.all([
      this.dataSource.getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } }),
      this.dataSource.getRepository(CalendarDayEntity).find({ order: { date: 'ASC' } }),
    ]);
    return { years: years.map((y) => y.year), days: days.map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })) };
  }

  /** Platforms evaluated for `year`: listed before it (第十九条), holding a title valid at its start and not ended since. */
  async listPlatformsDue({ year }: { year: number }): Promise<PlatformDue[]> {
    const rows = await this.platforms.find({ where: { listYear: LessThan(year), status: 'valid' }, order: { creditCode: 'ASC' } });
    return rows
      .filter((r) => r.validThrough >= `${year}-01-01`)
      .map((r) => ({ creditCode: r.creditCode, institutionName: r.institutionName, listYear: r.listYear }));
  }
}
