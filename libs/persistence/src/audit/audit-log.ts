import { DEV_AUDIT_HMAC_KEY } from '@sme/runtime';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** The hash every chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventInput {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export interface AuditEvent extends AuditEventInput {
  seq: number;
  occurredAt: string;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { intact: true; events: number; lastHash: string }
  | { intact: false; events: number; firstBroken: { seq: number; reason: string } };

/** JSON with object keys sorted at every level: the same data always hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(prevHash: string, e: Omit<AuditEvent, 'prevHash' | 'hash'>): string {
  const body = [prevHash, e.seq, e.occurredAt, e.actor, e.action, e.entityType, e.entityId, canonicalJson(e.data)].join('|');
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * The key that seals the chain head (AUDIT_HMAC_KEY): whoever can write the table but does not hold the key can
 * recompute every hash, but not the seal, and `verifyAudit` notices. Each process sets it once at start
 * (`useAuditSealKey`); the development default is refused beyond loopback by the configuration.
 */
let sealKey = DEV_AUDIT_HMAC_KEY;
export function useAuditSealKey(key: string): void {
  sealKey = key;
}

/** HMAC-SHA256 of the head's sequence number and hash. */
export function auditSeal(seq: number, hash: string, key = sealKey): string {
  return createHmac('sha256', key).update(`${seq}|${hash}`, 'utf8').digest('hex');
}

/** An arbitrary constant: the advisory lock that serialises appends, so the chain has no forks. */
const APPEND_LOCK = 0x5e_a0_d1_7;

/**
 * Appends an event to `applications.audit_event` inside the caller's transaction (the change and its audit event
 * commit together).
 */
export async function appendAudit(m: EntityManager, input: AuditEventInput): Promise<AuditEvent> {
  await m.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
  const last: Array<{ seq: string; hash: string }> = await m.query('SELECT seq, hash FROM applications.audit_event ORDER BY seq DESC LIMIT 1');
  const seq = last.length ? Number(last[0]!.seq) + 1 : 1;
  const prevHash = last.length ? last[0]!.hash : GENESIS_HASH;
  const occurredAt = new Date().toISOString();
  const event = { ...input, seq, occurredAt };
  const hash = auditHash(prevHash, event);
  await m.query(
    `INSERT INTO applications.audit_event (seq, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [seq, occurredAt, input.actor, input.action, input.entityType, input.entityId, JSON.stringify(input.data), prevHash, hash],
  );
  await m.query(
    `INSERT INTO applications.audit_seal (id, seq, hash, mac) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, mac = EXCLUDED.mac`,
    [seq, hash, auditSeal(seq, hash)],
  );
  return { ...event, prevHash, hash };
}

interface Row {
  seq: string;
  occurred_at: Date;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function toEvent(r: Row): AuditEvent {
  return {
    seq: Number(r.seq),
    occurredAt: r.occurred_at.toISOString(),
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Recomputes the chain from the start; names the first event whose link or content does not hold. Then checks the
 * seal: it must cover the last event and be made with the key (a chain rewritten and recomputed without the key, or
 * cut short, fails here).
 */
export async function verifyAudit(ds: DataSource, batch = 1000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows: Row[] = await ds.query('SELECT * FROM applications.audit_event WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectedSeq, batch]);
    if (rows.length === 0) return checkSeal(ds, count, prev);
    for (const r of rows) {
      const e = toEvent(r);
      if (e.seq !== expectedSeq) return { intact: false, events: count, firstBroken: { seq: expectedSeq, reason: `event ${expectedSeq} is missing` } };
      if (e.prevHash !== prev) return { intact: false, events: count, firstBroken: { seq: e.seq, reason: 'its link to the previous event does not match' } };
      if (auditHash(prev, e) !== e.hash) return { intact: false, events: count, firstBroken: { seq: e.seq, reason: 'its content does not match its hash' } };
      prev = e.hash;
      expectedSeq++;
      count++;
    }
  }
}

async function checkSeal(ds: DataSource, count: number, lastHash: string): Promise<AuditVerification> {
  if (count === 0) return { intact: true, events: 0, lastHash };
  const seals: Array<{ seq: string; hash: string; mac: string }> = await ds.query('SELECT seq, hash, mac FROM applications.audit_seal WHERE id = 1');
  const seal = seals[0];
  const broken = (reason: string): AuditVerification => ({ intact: false, events: count, firstBroken: { seq: count, reason } });
  if (!seal) return broken('the chain head is not sealed');
  if (Number(seal.seq) !== count || seal.hash !== lastHash) return broken(`the seal covers event ${seal.seq}, but the chain ends at event ${count}`);
  const expected = Buffer.from(auditSeal(count, lastHash), 'hex');
  const actual = Buffer.from(seal.mac, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return broken('the seal of the chain head does not match: the chain was recomputed without the key (or the key changed)');
  }
  return { intact: true, events: count, lastHash };
}

export async function auditEvents(ds: DataSource, filter: { entityType?: string; entityId?: string; limit: number }): Promise<AuditEvent[]> {
  const rows: Row[] = await ds.query(
    `SELECT * FROM applications.audit_event
      WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
      ORDER BY seq DESC LIMIT $3`,
    [filter.entityType ?? null, filter.entityId ?? null, filter.limit],
  );
  return rows.map(toEvent);
}
