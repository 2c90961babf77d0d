import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { appendAudit, type AuditEventInput } from '@sme/persistence';
import { DomainProblem, rethrowAsRefusal, TemporalClientHolder } from '@sme/runtime';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';

const QUERY_TIMEOUT_MS = 3000;
type Text = { zh: string; en: string };

/**
 * How staff and bureau decisions reach the long-running workflows: an update the workflow validates and answers
 * (a refusal is the caller's 409 with the workflow's reason), recorded in the audit trail in the same
 * transaction, so the trail holds exactly the decisions the workflows took.
 */
@Injectable()
export class WorkflowGateway {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
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

  async update<Ret, Args extends [unknown, ...unknown[]]>(
    workflowId: string,
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    refusal: { slug: string; what: Text },
    audit: AuditEventInput,
  ): Promise<Ret> {
    return this.dataSource.transaction(async (m) => {
      await appendAudit(m, audit);
      return this.temporal.client.workflow
        .getHandle(workflowId)
        .executeUpdate(update, { args })
        .catch((err: unknown) => rethrowAsRefusal(err, refusal.slug, refusal.what));
    });
  }

  /** Signals carry facts the workflow records without answering (an annual report arrived). */
  async signal<Args extends unknown[]>(workflowId: string, signal: import('@temporalio/common').SignalDefinition<Args>, args: Args, missing: Text): Promise<void> {
    try {
      await this.temporal.client.workflow.getHandle(workflowId).signal(signal, ...args);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new DomainProblem(HttpStatus.NOT_FOUND, 'workflow-not-found', missing);
      throw err;
    }
  }
}
