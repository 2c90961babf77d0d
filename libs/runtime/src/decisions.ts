import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ApplicationFailure, type Client, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowClientInterceptor, type WorkflowStartUpdateInput, type WorkflowStartUpdateOutput } from '@temporalio/client';
import type { Next } from '@temporalio/common';
import { defaultPayloadConverter, type UpdateDefinition } from '@temporalio/common';
import { DECISION_NOT_AFTER_HEADER } from '@sme/contracts';
import { DomainProblem, rethrowAsRefusal } from './problem-details';

/** What a request carries that the decision path needs: the caller's `Idempotency-Key`, when well-formed. */
export const requestContext = new AsyncLocalStorage<{ idempotencyKey?: string }>();

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Puts the request's `Idempotency-Key` where the decision path finds it, for the handler and everything it awaits
 * (set here, after the body is parsed, rather than in a middleware whose context the body parser may not keep).
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const idempotencyKey = idempotencyKeyOf(req.header?.('idempotency-key'));
    requestContext.enterWith(idempotencyKey ? { idempotencyKey } : {});
    return next.handle();
  }
}

/** The key of a caller-given `Idempotency-Key` header, or undefined when none (or a malformed one) was sent. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  return header && IDEMPOTENCY_KEY.test(header) ? header : undefined;
}

/**
 * The id of one decision on one workflow: the request's `Idempotency-Key` when given (a retry with the same key is the
 * same decision), else a new one. Temporal deduplicates updates by this id, and the decision log records it once.
 */
export function decisionKey(workflowId: string, updateName: string): string {
  const given = requestContext.getStore()?.idempotencyKey;
  return `${workflowId}/${updateName}/${given ?? randomUUID()}`;
}

/** Seconds a caller should wait before retrying a decision the workflows did not answer. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Asks a workflow to decide (an update), with the decision's id and a deadline, outside any database transaction.
 * A refusal is the caller's 409 with the workflow's reason; no answer within the deadline (orchestrator down,
 * Temporal unreachable) is a 503 with `Retry-After`, and nothing was recorded: the caller retries with the same
 * `Idempotency-Key`.
 */
export async function askWorkflow<Ret, Args extends [unknown, ...unknown[]]>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId: string,
  refusal: { slug: string; what: { zh: string; en: string } },
  deadlineMs: number,
): Promise<Ret> {
  for (let attempt = 0; ; attempt++) {
    const deadline = Date.now() + deadlineMs;
    // The workflow refuses the update after `notAfter` (workflows/lib/decision-deadline): a little before the caller
    // gives up, so an update still queued when the caller is told 503 is never taken later behind its back.
    const notAfter = deadline - Math.min(1000, Math.floor(deadlineMs / 4));
    try {
      return await decisionDeadline.run(notAfter, () => client.withDeadline(deadline, () => client.workflow.getHandle(workflowId).executeUpdate(update, { args, updateId })));
    } catch (err) {
      // A retry that met its own earlier, expired attempt still queued under the same id: that one is gone now.
      if (attempt === 0 && err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'decision-expired') continue;
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) rethrowAsRefusal(err, refusal.slug, refusal.what);
      throw new DomainProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'workflow-unavailable',
        {
          zh: `流程暂时无法应答，本次决定未作出、未记录；请 ${RETRY_AFTER_SECONDS} 秒后以同一 Idempotency-Key 重试`,
          en: `the workflow did not answer in time; nothing was decided or recorded. Retry in ${RETRY_AFTER_SECONDS} s with the same Idempotency-Key`,
        },
        undefined,
        { retryAfter: RETRY_AFTER_SECONDS },
      );
    }
  }
}

/** The moment (epoch ms) after which the decision being asked in this async context must not be taken. */
const decisionDeadline = new AsyncLocalStorage<number>();

/**
 * Puts the decision's `notAfter` on its update (header `sme-decision-not-after`); the Temporal client of every service
 * is made with it (`TemporalClientHolder`). Updates sent outside `askWorkflow` carry no header.
 */
export class DecisionDeadlineInterceptor implements WorkflowClientInterceptor {
  async startUpdate(input: WorkflowStartUpdateInput, next: Next<WorkflowClientInterceptor, 'startUpdate'>): Promise<WorkflowStartUpdateOutput> {
    const notAfter = decisionDeadline.getStore();
    if (notAfter === undefined) return next(input);
    return next({ ...input, headers: { ...input.headers, [DECISION_NOT_AFTER_HEADER]: defaultPayloadConverter.toPayload(notAfter) } });
  }
}
