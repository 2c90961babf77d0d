import type { ApplicationStage } from '@sme/contracts';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { appendAudit, type AuditEventInput, decideOnce } from '@sme/persistence';
import { applicationStatusOf, askWorkflow, decisionKey, DomainProblem, RETRY_AFTER_SECONDS, type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';

const QUERY_TIMEOUT_MS = 3000;
type Text = { zh: string; en: string };

/**
 * How decisions reach the long-running workflows: an update the workflow validates and answers (a refusal is the
 * caller's 409 with the workflow's reason), then the accepted decision recorded with its audit event, so the trail
 * holds exactly the decisions the workflows took, and no database lock waits on a workflow.
 */
@Injectable()
export class WorkflowGateway {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** A workflow's `status`: 404 when there is no such workflow, 503 when no worker answers in time. */
  async query<T>(workflowId: string, query: QueryDefinition<T>, missing: Text): Promise<T> {
    try {
      return await this.temporal.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => this.temporal.client.workflow.getHandle(workflowId).query(query));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new DomainProblem(HttpStatus.NOT_FOUND, 'workflow-not-found', missing);
      throw new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, 'workflow-unavailable', {
        zh: '流程暂时无法应答，请稍后重试',
        en: 'the workflow does not answer now; retry later',
      });
    }
  }

  /** An application's stage (`applicationStatusOf`: a finished one answers with what it returned); null when its workflow has not started, 503 when it does not answer. */
  async applicationStage(applicationId: string): Promise<ApplicationStage | null> {
    try {
      return (await this.temporal.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => applicationStatusOf(this.temporal.client, applicationId))).status.stage;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, 'workflow-unavailable', { zh: '流程暂时无法应答，请稍后重试', en: 'the workflow does not answer now; retry later' });
    }
  }

  /**
   * A decision (the one decision path, libs/persistence `decideOnce`): the workflow decides first, by an update with
   * the decision's key as its id and a deadline, outside any transaction (no lock is held while it answers); then the
   * accepted decision's audit event (and `record`'s rows) commit together. A refusal is a 409 and records nothing; no
   * answer in time is a 503 with Retry-After; a retry with the same `Idempotency-Key` gets the same answer, recorded once.
   */
  async update<Ret, Args extends [unknown, ...unknown[]]>(
    workflowId: string,
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    refusal: { slug: string; what: Text },
    audit: AuditEventInput | ((decided: Ret) => AuditEventInput),
    options: { record?: (m: EntityManager, decided: Ret) => Promise<void>; check?: () => Promise<void> } = {},
  ): Promise<Ret> {
    const key = decisionKey(workflowId, update.name);
    return decideOnce(this.dataSource, { key, workflowId, action: update.name }, {
      check: options.check,
      ask: (updateId) => askWorkflow(this.temporal.client, workflowId, update, args, updateId, refusal, this.config.decisionDeadlineMs),
      record: async (m, decided) => {
        await options.record?.(m, decided);
        const event = typeof audit === 'function' ? audit(decided) : audit;
        await appendAudit(m, { ...event, data: { ...event.data, decisionKey: key } });
        return decided;
      },
    });
  }

  /**
   * Signals carry facts the workflow records without answering (an annual report arrived), within the decision
   * deadline: Temporal away is a 503 with Retry-After, never a request (or a lock) that waits without end.
   */
  async signal<Args extends unknown[]>(workflowId: string, signal: import('@temporalio/common').SignalDefinition<Args>, args: Args, missing: Text): Promise<void> {
    try {
      await this.temporal.client.withDeadline(Date.now() + this.config.decisionDeadlineMs, () => this.temporal.client.workflow.getHandle(workflowId).signal(signal, ...args));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new DomainProblem(HttpStatus.NOT_FOUND, 'workflow-not-found', missing);
      throw new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, 'workflow-unavailable', {
        zh: `流程暂时无法应答，本次报送未记录；请 ${RETRY_AFTER_SECONDS} 秒后重试`,
        en: `the workflow did not answer in time; nothing was recorded. Retry in ${RETRY_AFTER_SECONDS} s`,
      }, undefined, { retryAfter: RETRY_AFTER_SECONDS });
    }
  }
}
