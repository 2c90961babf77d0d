import { EventSubjects } from '@sme/contracts';
import { auditHash, auditSeal, GENESIS_HASH } from '@sme/persistence';
import { makeCreditCode, materialsPresence, POLICIES, shanghaiDate, titleValidity } from '@sme/policy';
import { factsFor } from '@sme/testing/facts';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

const POLICY = 'xiamen-2021-114';
const DISTRICTS = ['思明', '湖里', '集美', '海沧', '同安', '翔安'];
const FIELDS = ['科技', '创业', '信息', '融资', '培训', '知识产权', '检验检测', '工业设计', '人才', '法律', '数字化', '质量'];
const KINDS = ['服务中心', '服务有限公司', '研究院', '孵化器', '促进会'];
const FUNCTIONS = ['information', 'technology', 'entrepreneurship', 'training', 'financing'];

/** The credit codes the seed and the bench use: one range each, so no two ever meet. */
export const codeOf = (range: 'platform' | 'application' | 'submission', n: number): string =>
  makeCreditCode('91350200', String({ platform: 10_000_000, application: 20_000_000, submission: 30_000_000 }[range] + n));

/** A name as the register holds them, e.g. 厦门湖里知识产权服务中心0042. */
export const nameOf = (n: number): string =>
  `厦门${DISTRICTS[n % DISTRICTS.length]}${FIELDS[Math.floor(n / DISTRICTS.length) % FIELDS.length]}${KINDS[n % KINDS.length]}${String(n).padStart(5, '0')}`;

interface Audited {
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export interface Seeded {
  platforms: number;
  validPlatforms: number;
  applications: number;
  auditEvents: number;
  calls: number[];
  /** The year whose call is open today (the bench submits to it). */
  openYear: number;
  seconds: number;
}

/** Rows through json_populate_recordset: one statement per batch, each row shaped as the table's own type. */
async function insert(db: Client, table: string, rows: object[], batch = 2000): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    await db.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(rows.slice(i, i + batch))]);
  }
}

/**
 * Fills a migrated, empty database as the services would have: `platforms` titles on the register (awarded through
 * the import path in earlier years, some lapsed since), `applications` submitted to the calls of the last three years
 * (the current one open all year, so that the bench can submit today), every row with the audit event its service
 * writes (one hash chain, sealed) and each submission with its relayed `application.submitted` event. Direct inserts
 * in batches: seconds, where the services' own paths would take an hour.
 */
export async function seed(db: Client, o: { platforms: number; applications: number }, now = new Date()): Promise<Seeded> {
  const started = Date.now();
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const policy = POLICIES.get(POLICY);
  const events: Audited[] = [];

  const calls = [year - 2, year - 1, year].map((y) => ({
    year: y,
    quota: 30,
    opens_on: y === year ? `${y}-01-01` : `${y}-03-01`,
    closes_on: y === year ? `${y}-12-31` : `${y}-03-31`,
    policy_version: POLICY,
    created_at: `${y}-01-05T02:00:00.000Z`,
  }));
  for (const c of calls) {
    const { year: _y, created_at, ...dto } = c;
    events.push({ at: new Date(created_at), actor: 'user:staff', action: 'call.set', entityType: 'call', entityId: String(c.year), data: { quota: dto.quota, opensOn: dto.opens_on, closesOn: dto.closes_on, policyVersion: POLICY } });
  }

  const platforms = Array.from({ length: o.platforms }, (_, n) => {
    const listYear = year - 1 - (n % 5);
    const awardedOn = `${listYear}-11-${String(10 + (n % 18)).padStart(2, '0')}`;
    const validThrough = titleValidity(awardedOn, policy).through;
    const lapsed = validThrough < today;
    return {
      credit_code: codeOf('platform', n),
      institution_name: nameOf(n),
      list_year: listYear,
      awarded_on: awardedOn,
      valid_through: validThrough,
      policy_version: POLICY,
      functions: FUNCTIONS.filter((_f, k) => (n >> k) & 1 || k === n % FUNCTIONS.length),
      status: lapsed ? 'lapsed' : 'valid',
      ended_on: lapsed ? validThrough : null,
      end_article: lapsed ? '第十七条' : null,
      end_reason: null,
      updated_at: `${awardedOn}T08:00:00.000Z`,
    };
  });
  for (const p of platforms) {
    events.push({
      at: new Date(p.updated_at),
      actor: 'system:platform-import',
      action: 'platform.title_awarded',
      entityType: 'platform',
      entityId: p.credit_code,
      data: { callYear: p.list_year, awardedOn: p.awarded_on, validThrough: p.valid_through, listYear: p.list_year, article: '第十四条' },
    });
  }

  // Two fifths in each earlier call, one fifth so far this year; submitted during each call's weeks.
  const applications = Array.from({ length: o.applications }, (_, n) => {
    const callYear = n % 5 < 2 ? year - 2 : n % 5 < 4 ? year - 1 : year;
    const code = codeOf('application', n);
    const createdAt = callYear === year
      ? new Date(Date.parse(`${year}-01-01T00:00:00Z`) + ((now.getTime() - Date.parse(`${year}-01-01T00:00:00Z`)) * n) / o.applications)
      : new Date(Date.parse(`${callYear}-03-01T01:00:00Z`) + (30 * 86_400_000 * n) / o.applications);
    return {
      id: randomUUID(),
      credit_code: code,
      institution_name: nameOf(100_000 + n),
      call_year: callYear,
      eligibility_facts: factsFor(code, createdAt.toISOString().slice(0, 10)),
      contact: { email: `contact-${code.toLowerCase()}@bench.local`, mobile: `138${String(n).padStart(8, '0')}` },
      created_at: createdAt.toISOString(),
      updated_at: createdAt.toISOString(),
    };
  });
  const outbox = applications.map((a) => {
    const eventId = randomUUID();
    const payload = { applicationId: a.id, creditCode: a.credit_code, institutionName: a.institution_name, callYear: a.call_year, policyVersion: POLICY, contact: a.contact };
    return { event_id: eventId, subject: EventSubjects.applicationSubmitted, payload: { eventId, subject: EventSubjects.applicationSubmitted, occurredAt: a.created_at, payload }, created_at: a.created_at, published_at: a.created_at };
  });
  for (const a of applications) {
    events.push({ at: new Date(a.created_at), actor: `user:applicant-${a.credit_code}`, action: 'application.submitted', entityType: 'application', entityId: a.id, data: { callYear: a.call_year, materials: materialsPresence([]), fromDraft: null } });
  }

  // One chain, in the order the events happened, continuing from whatever the database holds already.
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const head: Array<{ seq: string; hash: string }> = (await db.query('SELECT seq, hash FROM applications.audit_event ORDER BY seq DESC LIMIT 1')).rows;
  let seq = head.length ? Number(head[0]!.seq) : 0;
  let prev = head.length ? head[0]!.hash : GENESIS_HASH;
  const audit = events.map((e) => {
    seq++;
    const event = { seq, occurredAt: e.at.toISOString(), actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, data: e.data };
    const hash = auditHash(prev, event);
    const row = { seq, occurred_at: event.occurredAt, actor: e.actor, action: e.action, entity_type: e.entityType, entity_id: e.entityId, data: e.data, prev_hash: prev, hash };
    prev = hash;
    return row;
  });

  await db.query('BEGIN');
  await insert(db, 'applications.call', calls);
  await insert(db, 'applications.platform', platforms);
  await insert(db, 'applications.platform_award', platforms.map((p) => ({ credit_code: p.credit_code, call_year: p.list_year, awarded_on: p.awarded_on, created_at: p.updated_at })));
  await insert(db, 'applications.application', applications);
  await db.query(
    `INSERT INTO applications.outbox (event_id, subject, payload, created_at, published_at)
     SELECT event_id, subject, payload, created_at, published_at FROM json_populate_recordset(null::applications.outbox, $1::json)`,
    [JSON.stringify(outbox)],
  );
  await insert(db, 'applications.audit_event', audit);
  await db.query(
    `INSERT INTO applications.audit_seal (id, seq, hash, mac) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, mac = EXCLUDED.mac`,
    [seq, prev, auditSeal(seq, prev)],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
  return {
    platforms: platforms.length,
    validPlatforms: platforms.filter((p) => p.status === 'valid').length,
    applications: applications.length,
    auditEvents: audit.length,
    calls: calls.map((c) => c.year),
    openYear: year,
    seconds: (Date.now() - started) / 1000,
  };
}
