import { DECISION_NOT_AFTER_HEADER } from '@sme/contracts';
import { defaultPayloadConverter, type UpdateInput, type WorkflowInboundCallsInterceptor, type WorkflowInterceptorsFactory, type Next } from '@temporalio/workflow';
import { refuse } from './refusals';

/**
 * Refuses a decision (an update) that reaches the workflow after its caller stopped waiting (the header set by
 * libs/runtime `askWorkflow`): that caller was answered 503, "nothing was decided", and must not find later that it
 * was. Only validators run this (never on replay: a refused update leaves no history), and an update without the
 * header (a workflow test, an operator's CLI) is not touched.
 */
class DecisionDeadline implements WorkflowInboundCallsInterceptor {
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    const header = input.headers[DECISION_NOT_AFTER_HEADER];
    if (header) {
      const notAfter = defaultPayloadConverter.fromPayload<number>(header);
      if (typeof notAfter === 'number' && Date.now() > notAfter) {
        throw refuse('decision-expired', null, 'the decision reached its workflow after the request had stopped waiting; nothing was decided: ask again / 该决定送达流程时请求已超时，未作出决定，请重新提交');
      }
    }
    next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new DecisionDeadline()] });
