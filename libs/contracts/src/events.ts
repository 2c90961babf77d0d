/**
 * Domain events. Written to a service's outbox in the same transaction as the change, relayed to the
 * JetStream stream below with the outbox event id as the message id (JetStream drops duplicates).
 */
export const EventStream = {
  name: 'SME_EVENTS',
  subjects: ['sme.>'],
  /** Window in which JetStream drops a message whose id it has seen: covers a relay crash between ack and mark. */
  duplicateWindowMs: 24 * 60 * 60 * 1000,
} as const;

export const EventSubjects = {
  applicationSubmitted: 'sme.application.submitted',
  /** An account's email, role or state changed: how the notifications service reaches the person. */
  accountContact: 'sme.account.contact',
  /** Staff returned an annual report for correction (第十五条): the platform is told why. */
  reportReturned: 'sme.report.returned',
} as const;
export type EventSubject = (typeof EventSubjects)[keyof typeof EventSubjects];

/** Envelope every event carries on the wire. */
export interface EventEnvelope<T> {
  eventId: string;
  subject: EventSubject;
  occurredAt: string;
  payload: T;
}

export interface ApplicationSubmittedPayload {
  applicationId: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  /** The policy version of the call (staff chose it): it governs the application. */
  policyVersion?: string;
  /** How the institution wants to be reached beyond the inbox (absent: inbox only). */
  contact?: { name?: string; email?: string; mobile?: string };
}

export interface AccountContactPayload {
  userId: string;
  role: import('./recipients').Role;
  email: string | null;
  disabled: boolean;
}

export interface ReportReturnedPayload {
  creditCode: string;
  institutionName: string;
  reportYear: number;
  reason: string;
}

/** Durable consumer names, one per reacting component. */
export const Consumers = {
  orchestratorApplicationStarter: 'orchestrator-application-starter',
  notificationsEvents: 'notifications-events',
} as const;

/** Messages a consumer gave up on after repeated failure, kept for operators (not under `sme.>`). */
export const DeadLetterStream = {
  name: 'SME_DLQ',
  subjects: ['dlq.>'],
  notifications: 'dlq.notifications',
} as const;

/**
 * The NATS key-value bucket of revoked tokens: `account.<user id>` holds the account's token version (tokens below it
 * are void), `session.<session id>` says `ended`. The accounts room writes it; every service watches it. Entries
 * outlive every token they can concern (the 8-hour access token), then expire.
 */
export const SessionsBucket = {
  name: 'sme_sessions',
  history: 5,
  ttlMs: 9 * 60 * 60 * 1000,
} as const;
