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

/** Where the chain first fails: the event's number, its time (null when the event is missing), and why, for a person. */
export interface BrokenLink {
  seq: number;
  occurredAt: string | null;
  /** The reason in English (stable: scripts and tests compare it). */
  reason: string;
  message: { zh: string; en: string };
}

/**
 * A verification as a person reads it: how many events were checked and found sound, when, and either the head's
 * hash or the first broken link.
 */
export type AuditVerification =
  | { intact: true; events: number; checkedAt: string; lastHash: string }
  | { intact: false; events: number; checkedAt: string; firstBroken: BrokenLink };

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

/**
 * Appends an event to `applications.audit_event` inside the caller's transaction (the change and its audit event
 * commit together).
 *
 * The chain has one head, so appends are serialised: the first statement locks the seal's row (`FOR UPDATE`, which
 * also reads the newest head once the lock is granted), the second writes the event and moves the seal, and the lock
 * is held until the caller's transaction ends. Two statements, so a writer holds the chain for two round trips and
 * its commit: call this last in the transaction, after every other write, so that nothing else runs while the chain
 * is held. (It used to take a global advisory lock and then read the head, write the event and the seal in four
 * statements, in the middle of the caller's work: bench/api found every submission queued behind it.)
 */
export async function appendAudit(m: EntityManager, input: AuditEventInput): Promise<AuditEvent> {
  const head = await lockedHead(m);
  const seq = head.seq + 1;
  const prevHash = head.hash;
  const occurredAt = new Date().toISOString();
  const event = { ...input, seq, occurredAt };
  const hash = auditHash(prevHash, event);
  await m.query(
    `WITH event AS (
       INSERT INTO applications.audit_event (seq, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     )
     UPDATE applications.audit_seal SET seq = $1, hash = $9, mac = $10 WHERE id = 1`,
    [seq, occurredAt, input.actor, input.action, input.entityType, input.entityId, JSON.stringify(input.data), prevHash, hash, auditSeal(seq, hash)],
  );
  return { ...event, prevHash, hash };
}

/**
 * The chain's head, from its seal, locked until the transaction ends. An empty trail has no seal yet: its first
 * writer creates the row at the genesis (a writer that meets another's uncommitted first row waits for it), then locks it.
 */
async function lockedHead(m: EntityManager): Promise<{ seq: number; hash: string }> {
  const lock = 'SELECT seq, hash FROM applications.audit_seal WHERE id = 1 FOR UPDATE';
  let rows: Array<{ seq: string; hash: string }> = await m.query(lock);
  if (!rows.length) {
    await m.query(`INSERT INTO applications.audit_seal (id, seq, hash, mac) VALUES (1, 0, $1, '') ON CONFLICT (id) DO NOTHING`, [GENESIS_HASH]);
    rows = await m.query(lock);
  }
  return { seq: Number(rows[0]!.seq), hash: rows[0]!.hash };
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
 * cut short, fails here). `events` counts the events found sound before any break.
 */
export async function verifyAudit(ds: DataSource, batch = 1000): Promise<AuditVerification> {
  const checkedAt = new Date().toISOString();
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let lastAt: string | null = null;
  const broken = (seq: number, occurredAt: string | null, reason: string, zh: string): AuditVerification =>
    ({ intact: false, events: count, checkedAt, firstBroken: { seq, occurredAt, reason, message: { zh, en: reason } } });
  for (;;) {
    const rows: Row[] = await ds.query('SELECT * FROM applications.audit_event WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectedSeq, batch]);
    if (rows.length === 0) return checkSeal(ds, count, prev, lastAt, checkedAt);
    for (const r of rows) {
      const e = toEvent(r);
      if (e.seq !== expectedSeq) return broken(expectedSeq, null, `event ${expectedSeq} is missing`, `第 ${expectedSeq} 条记录缺失（被删除）`);
      if (e.prevHash !== prev) return broken(e.seq, e.occurredAt, 'its link to the previous event does not match', '与上一条记录的哈希链接不符（其前的记录被改动、删除或插入）');
      if (auditHash(prev, e) !== e.hash) return broken(e.seq, e.occurredAt, 'its content does not match its hash', '内容与其哈希不符（该条记录被改动）');
      prev = e.hash;
      lastAt = e.occurredAt;
      expectedSeq++;
      count++;
    }
  }
}

async function checkSeal(ds: DataSource, count: number, lastHash: string, lastAt: string | null, checkedAt: string): Promise<AuditVerification> {
  if (count === 0) return { intact: true, events: 0, checkedAt, lastHash };
  const seals: Array<{ seq: string; hash: string; mac: string }> = await ds.query('SELECT seq, hash, mac FROM applications.audit_seal WHERE id = 1');
  const seal = seals[0];
  const broken = (reason: string, zh: string): AuditVerification =>
    ({ intact: false, events: count, checkedAt, firstBroken: { seq: count, occurredAt: lastAt, reason, message: { zh, en: reason } } });
  if (!seal) return broken('the chain head is not sealed', '链头没有封印');
  if (Number(seal.seq) !== count || seal.hash !== lastHash) {
    return broken(`the seal covers event ${seal.seq}, but the chain ends at event ${count}`, `链头封印覆盖第 ${seal.seq} 条，但审计链止于第 ${count} 条（记录被截断或被追加）`);
  }
  const expected = Buffer.from(auditSeal(count, lastHash), 'hex');
  const actual = Buffer.from(seal.mac, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return broken(
      'the seal of the chain head does not match: the chain was recomputed without the key (or the key changed)',
      '链头封印不符：审计链在没有密钥的情况下被重新计算（或密钥已更换）',
    );
  }
  return { intact: true, events: count, checkedAt, lastHash };
}

/**
 * Which events to read. `actor` is exact, or a prefix when `actorPrefix`; `actionPrefix` matches the start of the
 * action (`platform.` is every platform event); `from` (inclusive) and `before` (exclusive) are instants.
 */
export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  actorPrefix?: boolean;
  actionPrefix?: string;
  from?: string;
  before?: string;
  /** Events up to this number only (an export reads the trail as it stood when it began). */
  maxSeq?: number;
}

/** The filter as SQL conditions on the table, with their parameters numbered from $1. */
function where(f: AuditFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (f.entityType !== undefined) add((p) => `entity_type = ${p}`, f.entityType);
  if (f.entityId !== undefined) add((p) => `entity_id = ${p}`, f.entityId);
  if (f.actor !== undefined) add((p) => (f.actorPrefix ? `starts_with(actor, ${p})` : `actor = ${p}`), f.actor);
  if (f.actionPrefix !== undefined) add((p) => `starts_with(action, ${p})`, f.actionPrefix);
  if (f.from !== undefined) add((p) => `occurred_at >= ${p}::timestamptz`, f.from);
  if (f.before !== undefined) add((p) => `occurred_at < ${p}::timestamptz`, f.before);
  if (f.maxSeq !== undefined) add((p) => `seq <= ${p}`, f.maxSeq);
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** The events the filter selects, newest first: `limit` of them after skipping `offset`. */
export async function auditEvents(ds: DataSource, filter: AuditFilter & { limit: number; offset?: number }): Promise<AuditEvent[]> {
  const w = where(filter);
  const rows: Row[] = await ds.query(
    `SELECT * FROM applications.audit_event ${w.sql} ORDER BY seq DESC LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
    [...w.params, filter.limit, filter.offset ?? 0],
  );
  return rows.map(toEvent);
}

/** The number of the newest event (0 when the trail is empty). */
export async function lastAuditSeq(ds: DataSource): Promise<number> {
  const rows: Array<{ seq: string | null }> = await ds.query('SELECT max(seq) AS seq FROM applications.audit_event');
  return Number(rows[0]?.seq ?? 0);
}

/** How many events the filter selects. */
export async function countAuditEvents(ds: DataSource, filter: AuditFilter): Promise<number> {
  const w = where(filter);
  const rows: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM applications.audit_event ${w.sql}`, w.params);
  return Number(rows[0]!.n);
}

/** Every event the filter selects, newest first, read in batches (an export never holds the whole table twice). */
export async function* auditEventBatches(ds: DataSource, filter: AuditFilter, batch = 1000): AsyncGenerator<AuditEvent[]> {
  let below: number | null = null;
  for (;;) {
    const w = where(filter);
    const seqCondition = below === null ? '' : `${w.sql ? ' AND' : 'WHERE'} seq < $${w.params.length + 1}`;
    const params = below === null ? w.params : [...w.params, below];
    const rows: Row[] = await ds.query(`SELECT * FROM applications.audit_event ${w.sql}${seqCondition} ORDER BY seq DESC LIMIT ${batch}`, params);
    if (rows.length === 0) return;
    const events = rows.map(toEvent);
    yield events;
    if (rows.length < batch) return;
    below = events[events.length - 1]!.seq;
  }
}

/** One event by its number, or null. */
export async function auditEvent(ds: DataSource, seq: number): Promise<AuditEvent | null> {
  const rows: Row[] = await ds.query('SELECT * FROM applications.audit_event WHERE seq = $1', [seq]);
  return rows[0] ? toEvent(rows[0]) : null;
}

/** The event recorded on the same entity just before `e`, or null when `e` is the entity's first. */
export async function previousAuditEvent(ds: DataSource, e: Pick<AuditEvent, 'seq' | 'entityType' | 'entityId'>): Promise<AuditEvent | null> {
  const rows: Row[] = await ds.query(
    'SELECT * FROM applications.audit_event WHERE entity_type = $1 AND entity_id = $2 AND seq < $3 ORDER BY seq DESC LIMIT 1',
    [e.entityType, e.entityId, e.seq],
  );
  return rows[0] ? toEvent(rows[0]) : null;
}

/** The entity types and actions the trail holds, and its actors (the `actorLimit` most recently active). */
export async function auditFacets(ds: DataSource, actorLimit = 500): Promise<{ entityTypes: string[]; actions: string[]; actors: string[] }> {
  const [types, actions, actors] = await Promise.all([
    ds.query('SELECT DISTINCT entity_type AS v FROM applications.audit_event ORDER BY 1') as Promise<Array<{ v: string }>>,
    ds.query('SELECT DISTINCT action AS v FROM applications.audit_event ORDER BY 1') as Promise<Array<{ v: string }>>,
    ds.query('SELECT actor AS v FROM applications.audit_event GROUP BY actor ORDER BY max(seq) DESC LIMIT $1', [actorLimit]) as Promise<Array<{ v: string }>>,
  ]);
  return { entityTypes: types.map((r) => r.v), actions: actions.map((r) => r.v), actors: actors.map((r) => r.v) };
}
