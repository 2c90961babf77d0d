import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventSubject } from '@sme/contracts';
import type { EntityManager } from 'typeorm';

/** A table holding a service's outbox, e.g. `applications.outbox`. */
export type OutboxTable = `${string}.outbox`;

/**
 * Appends an event to the outbox. Call it with the transaction's entity manager, so that the change and
 * its event commit together or not at all.
 */
export async function appendToOutbox<T>(
  manager: EntityManager,
  table: OutboxTable,
  subject: EventSubject,
  payload: T,
): Promise<EventEnvelope<T>> {
  const envelope: EventEnvelope<T> = { eventId: randomUUID(), subject, occurredAt: new Date().toISOString(), payload };
  await manager.query(`INSERT INTO ${table} (event_id, subject, payload) VALUES ($1, $2, $3)`, [
    envelope.eventId,
    subject,
    JSON.stringify(envelope),
  ]);
  return envelope;
}
