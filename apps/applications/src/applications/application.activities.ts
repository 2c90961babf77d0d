import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApplicationsActivities, CompletenessCheckInput, CompletenessCheckResult, EligibilityActivityResult, LifecycleActivities } from '@sme/contracts';
import { ApplicationEntity, CompletenessCheckEntity, EvidenceFileEntity } from '@sme/persistence';
import { checkCompleteness, checkEligibility, type EligibilityFacts, pendingClauses, POLICIES, shanghaiDate } from '@sme/policy';
import { ApplicationFailure } from '@temporalio/activity';
import type { Repository } from 'typeorm';

/** Activities on the `applications` task queue. Idempotent: a retried attempt returns what was recorded. */
@Injectable()
export class ApplicationActivities {
  constructor(
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    @InjectRepository(CompletenessCheckEntity) private readonly checks: Repository<CompletenessCheckEntity>,
    @InjectRepository(EvidenceFileEntity) private readonly files: Repository<EvidenceFileEntity>,
  ) {}

  /** The activity functions bound to this instance, as the worker registers them. */
  asActivities(): ApplicationsActivities & Pick<LifecycleActivities, 'checkEligibility'> {
    return { checkCompleteness: (input) => this.checkCompleteness(input), checkEligibility: (input) => this.checkEligibility(input) };
  }

  async checkCompleteness({ applicationId, attempt }: CompletenessCheckInput): Promise<CompletenessCheckResult> {
    const recorded = await this.checks.findOne({ where: { applicationId, attempt } });
    if (recorded) return { complete: recorded.complete, missing: recorded.missing, article: '第十条' };
    const application = await this.applications.findOne({ where: { id: applicationId } });
    if (!application) {
      throw ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'ApplicationNotFound');
    }
    // The files uploaded are the materials (第十条): what was ticked on a form counts for nothing.
    const result = checkCompleteness(await this.files.find({ where: { applicationId }, select: { kind: true, contentType: true } }));
    await this.checks
      .createQueryBuilder()
      .insert()
      .values({ applicationId, attempt, complete: result.complete, missing: result.missing })
      .orIgnore()
      .execute();
    const stored = await this.checks.findOneOrFail({ where: { applicationId, attempt } });
    // A retry after a lost answer returns the recorded verdict; the reasons are given when they are this attempt's.
    const same = stored.complete === result.complete && stored.missing.join() === result.missing.join();
    return { complete: stored.complete, missing: stored.missing, ...(same ? { details: result.details } : {}), article: result.article };
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
  }}
