import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type ApplicationOutcome, type LifecycleActivities, type SubmittedApplication } from '@sme/contracts';
import { ApplicationEntity, CallEntity } from '@sme/persistence';
import { defaultCallSettings, POLICIES, type PolicyVersion, UnknownPolicyError } from '@sme/policy';
import { applicationStatusOf, TemporalClientHolder } from '@sme/runtime';
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource, Repository } from 'typeorm';
import { capQuota } from './cap-quota';

/** The annual call's activities on the `applications` queue: its settings and the applications it counts. */
@Injectable()
export class CallActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    private readonly temporal: TemporalClientHolder,
  ) {}

  asActivities(): Pick<LifecycleActivities, 'callSettings' | 'callApplications'> {
    return { callSettings: (i) => this.callSettings(i), callApplications: (i) => this.callApplications(i) };
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
      try {
        const { described: info, status: st } = await applicationStatusOf(this.temporal.client, r.id);
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
   * The call staff set up for the year, or the defaults the Schedule uses: those of the policy version the year
   * binds to (`call.defaultQuota`, `defaultOpens`, `defaultCloses`; quota 10, 1 March to 30 April under
   * xiamen-2021-114), the quota no more than the title cap leaves room for (第十九条 总量控制). `policyVersion` stays
   * null there: the workflow binds the year itself.
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
    // The default quota (第四条), never more than the cap leaves room for (第十九条 总量控制).
    const defaults = defaultCallSettings(year, policy);
    const room = await capQuota(this.dataSource, year, policy);
    return { ...defaults, quota: Math.min(defaults.quota, room.quota), policyVersion: null };
  }}
