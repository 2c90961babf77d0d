import {
  type ApplicationSubmittedPayload,
  type ApplicationWorkflowInput,
  Consumers,
  EventStream,
  EventSubjects,
  type EventEnvelope,
  SearchAttributeKeys,
  TaskQueues,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { DurableConsumer, ensureEventStream } from '@sme/messaging';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdReusePolicy } from '@temporalio/common';
import { AckPolicy, DeliverPolicy, type JsMsg, type NatsConnection, nanos } from 'nats';

export interface StarterLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Starts `application-<id>` for every `application.submitted` event, from a durable JetStream consumer.
 * A redelivered event finds the workflow already started and is acknowledged; nothing starts twice.
 */
export class ApplicationStarter {
  private consumer?: DurableConsumer;

  constructor(
    private readonly nats: NatsConnection,
    private readonly client: Client,
    private readonly logger: StarterLogger,
  ) {}

  async start(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    await ensureEventStream(jsm);
    const durable = Consumers.orchestratorApplicationStarter;
    // Consumed for ever: a failing start, a deleted consumer or a failed consume never ends the loop.
    this.consumer = new DurableConsumer(
      this.nats,
      EventStream.name,
      { durable_name: durable, filter_subject: EventSubjects.applicationSubmitted, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(30_000), max_deliver: -1 },
      16,
      (m) => this.handle(m),
      this.logger,
    );
    this.consumer.start();
    this.logger.log(`starting application workflows from ${EventSubjects.applicationSubmitted}`);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Whether it is consuming the events now (the orchestrator's readiness). */
  get consuming(): boolean {
    return this.consumer?.consuming ?? false;
  }

  private async handle(m: JsMsg): Promise<void> {
    let event: EventEnvelope<ApplicationSubmittedPayload>;
    try {
      event = JSON.parse(m.string()) as EventEnvelope<ApplicationSubmittedPayload>;
      if (typeof event.payload?.applicationId !== 'string') throw new Error('payload.applicationId missing');
    } catch (err) {
      this.logger.error(`dropping malformed event seq ${m.seq}: ${String(err)}`);
      m.term();
      return;
    }
    const p = event.payload;
    const input: ApplicationWorkflowInput = {
      applicationId: p.applicationId,
      creditCode: p.creditCode,
      institutionName: p.institutionName,
      callYear: p.callYear,
      ...(typeof p.policyVersion === 'string' ? { policyVersion: p.policyVersion } : {}),
    };
    try {
      await this.client.workflow.start(WorkflowTypes.application, {
        workflowId: WorkflowIds.application(p.applicationId),
        taskQueue: TaskQueues.lifecycle,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SearchAttributeKeys.Stage, value: 'submitted' },
          { key: SearchAttributeKeys.CallYear, value: p.callYear },
          { key: SearchAttributeKeys.CreditCode, value: p.creditCode },
        ]),
      });
      this.logger.log(`started ${WorkflowIds.application(p.applicationId)} (event ${event.eventId})`);
      m.ack();
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        m.ack();
        return;
      }
      this.logger.warn(`could not start workflow for event ${event.eventId}, will retry: ${String(err)}`);
      m.nak(2000);
    }
  }
}
