import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
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
  try {
    return await client.withDeadline(Date.now() + deadlineMs, () => client.workflow.getHandle(workflowId).executeUpdate(update, { args, updateId }));
  } catch (err) {
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
