import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApplicationsActivities, CompletenessCheckInput, CompletenessCheckResult } from '@sme/contracts';
import { ApplicationEntity, CompletenessCheckEntity, EvidenceFileEntity } from '@sme/persistence';
import { checkCompleteness } from '@sme/policy';
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
  asActivities(): ApplicationsActivities {
    return { checkCompleteness: (input) => this.checkCompleteness(input) };
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
}
