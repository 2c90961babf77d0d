import type { Role } from '@sme/auth';
import { makeCreditCode, shanghaiDate } from '@sme/policy';
import { annualReportBody, rubricFor, servedListXlsx, smallFirms } from '@sme/testing';
import { factsFor } from '@sme/testing/facts';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { ChaosClient, percentile, Tally } from './client';
import { PrivateStack, SERVICES } from '../stack';

export interface ChaosOptions {
  applications: number;
  platforms: number;
  /** SIGKILLs of services, orchestrators and gateways (each comes back by its supervisor). */
  kills: number;
  killEveryMs: number;
  /** Restart PostgreSQL, NATS and Temporal once each during the run. */
  restartInfra: boolean;
  /** Also measure submissions and uploads with the orchestrators stopped while 20 decisions wait. */
  benchmark: boolean;
  concurrency: number;
  /** The users stop driving after this long (a stuck application is then reported, not waited for). */
  maxDriveMs?: number;
  log: (line: string) => void;
}

export interface ChaosReport {
  seconds: number;
  requests: number;
  answered503: number;
  /** Answers 5xx other than 503 (goal 0), with the first few. */
  faults: number;
  faultSamples: string[];
  applications: number;
  platforms: number;
  /** Applications and platforms not in their expected stage (goal 0), named. */
  wrongStage: string[];
  /** Notices the users' inboxes were checked for, and emails the relay was checked for. */
  notificationsChecked: number;
  emailsOwed: number;
  notificationsLost: number;
  notificationsDuplicated: number;
  emailsLost: number;
  emailsDuplicated: number;
  auditIntact: boolean;
  /** Decisions taken whose audit events are missing or doubled (goal: none). */
  auditMismatches: string[];
  auditEvents: number;
  kills: number;
  restarts: number;
  infraRestarts: string[];
  notes: string[];
  benchmark?: { runningP99: Record<string, number>; stoppedP99: Record<string, number>; ratio: Record<string, number>; waitingDecisions: number };
}

/**
 * What the path leaves in an applicant's inbox (once each), and in the inbox of a platform its workflow found late
 * (after March; in January and February the imported platform's report is only due, and no notice is owed yet).
 */
export const APPLICANT_NOTICES = ['application.submitted', 'application.materials_requested', 'application.accepted'];
export const PLATFORM_NOTICES = ['report.overdue'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface View {
  id: string;
  callYear?: number;
  status: null | { stage: string; eligibility?: { pending?: Array<{ id: string }> } | null };
}

/**
 * The chaos run (issue 11): applications driven from the draft to their scores and platforms through a late report,
 * by users behind two gateways, while services, orchestrators and gateways are killed and the infrastructure
 * restarts; then what the users would find is counted.
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  o.log('starting PostgreSQL, NATS, Temporal of this run and two instances of every service, orchestrator and gateway');
  const stack = await PrivateStack.start({
    name: 'chaos',
    replicas: 2,
    // Quick polling, so that a killed instance's work is taken up within the run.
    // Staff's digest of escalations goes out after 5 quiet seconds (ten minutes in production), inside the run.
    env: { DELIVERY_POLL_MS: '200', DELIVERY_BACKOFF_MS: '500', OUTBOX_POLL_MS: '200', DECISION_DEADLINE_MS: '10000', DIGEST_WINDOW_SECONDS: '5' },
  });
  try {
    return await drive(stack, o, started);
  } finally {
    await stack.stop();
  }
}

async function drive(stack: PrivateStack, o: ChaosOptions, started: number): Promise<ChaosReport> {
  const tally = new Tally();
  const c = new ChaosClient(stack.gateways, tally);
  const token = (role: Role, who: { institution?: string; expertId?: string } = {}) =>
    stack.tokens.issue({
      sub: `chaos-${role}-${who.institution ?? who.expertId ?? 'user'}`,
      username: role === 'staff' ? 'staff' : `chaos-${role}`,
      role,
      displayName: `混沌${role}`,
      institution: role === 'applicant' ? (who.institution ?? null) : null,
      expertId: role === 'expert' ? (who.expertId ?? null) : null,
    });
  const STAFF = token('staff');
  const AUDITOR = token('auditor');
  const base = Math.floor(Math.random() * 5e6);
  const code = (n: number) => makeCreditCode('91350200', String(base + n).padStart(8, '0').slice(-8));
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  const YEAR = thisYear + 1;
  const notes: string[] = [];
  const driveUntil = Date.now() + (o.maxDriveMs ?? 600_000);
  const late = (what: string) => {
    if (Date.now() < driveUntil) return false;
    notes.push(`stopped driving ${what}: out of time`);
    return true;
  };

  // ------------------------------------------------------------------ set-up: the call, the expert pool
  const call = await c.call('PUT', 'applications', `/api/calls/${YEAR}`, STAFF, { quota: 50, opensOn: `${thisYear}-01-01`, closesOn: `${YEAR}-12-31`, policyVersion: 'xiamen-2021-114' });
  if (call.status !== 200) throw new Error(`the call was refused: ${call.status} ${JSON.stringify(call.body)}`);
  await c.call('POST', 'applications', `/api/calls/${YEAR}/start`, STAFF, undefined, { key: `call-start-${YEAR}` });
  const experts: string[] = [];
  for (let i = 0; i < 20; i++) {
    const e = await c.call<{ id: string }>('POST', 'scoring', '/api/experts', STAFF, { name: `混沌专家${i + 1}`, employerCreditCode: code(900_000 + i), fields: ['技术服务'] });
    if (e.status !== 201) throw new Error(`expert refused: ${e.status} ${JSON.stringify(e.body)}`);
    experts.push(e.body.id);
  }
  const panelOf = (i: number) => [0, 1, 2, 3, 4].map((k) => experts[(i * 3 + k) % experts.length]!);

  // ------------------------------------------------------------------ the chaos: kills, and each dependency restarted once
  const infraRestarts: string[] = [];
  let kills = 0;
  let driving = true;
  const monkey = (async () => {
    const victims = SERVICES.flatMap((s) => stack.names(s));
    const infra: Array<[number, string, () => Promise<void>]> = o.restartInfra
      ? [
          [Math.floor(o.kills / 4), 'PostgreSQL', () => stack.restartPostgres(3000)],
          [Math.floor(o.kills / 2), 'NATS', () => stack.restartNats(3000)],
          [Math.floor((3 * o.kills) / 4), 'Temporal', () => stack.restartTemporal(3000)],
        ]
      : [];
    while (kills < o.kills) {
      await sleep(o.killEveryMs * (0.5 + Math.random()));
      // Every instance in turn, in a new random order each round: each is killed, at moments nobody chose.
      if (kills % victims.length === 0) victims.sort(() => Math.random() - 0.5);
      const victim = victims[kills % victims.length]!;
      await stack.kill(victim);
      kills++;
      o.log(`kill -9 ${victim} (${kills}/${o.kills})${driving ? '' : ' after the users finished'}`);
      for (const [at, name, restart] of infra) {
        if (at === kills) {
          o.log(`restarting ${name}`);
          await restart();
          infraRestarts.push(name);
        }
      }
    }
  })();

  // ------------------------------------------------------------------ the users
  const applicationIds: string[] = new Array(o.applications);
  const upload = async (tok: string, owner: string, kind: string, label?: string) => {
    const form = new FormData();
    form.set('kind', kind);
    form.set('file', new Blob([Buffer.from(`%PDF-1.4\n% ${owner} ${kind}\n%%EOF\n`)]), `${kind}.pdf`);
    return c.call('POST', 'applications', `/api/${owner}/evidence`, tok, form, { label });
  };

  /** The applicant's application, found or made from a draft (a lost answer never makes a second one). */
  async function ensureApplication(creditCode: string, tok: string, kinds: string[], label = false): Promise<string> {
    for (;;) {
      const mine = await c.call<View[]>('GET', 'applications', '/api/applications', tok);
      const found = Array.isArray(mine.body) ? mine.body.find((a) => a.callYear === YEAR) : undefined;
      if (found) return found.id;
      const drafts = await c.call<Array<{ id: string; callYear: number; submittedApplicationId: string | null }>>('GET', 'applications', '/api/drafts', tok);
      let draft = drafts.body.find((d) => d.callYear === YEAR && !d.submittedApplicationId)?.id;
      if (!draft) {
        const made = await c.call<{ id: string }>('POST', 'applications', '/api/drafts', tok, {
          callYear: YEAR,
          content: { institutionName: `混沌测试服务中心${creditCode.slice(8, 16)}`, eligibilityFacts: factsFor(creditCode), contact: { name: '联系人', email: `a-${creditCode.toLowerCase()}@chaos.local` } },
        });
        if (made.status !== 201) throw new Error(`draft refused: ${made.status} ${JSON.stringify(made.body)}`);
        draft = made.body.id;
      }
      const files = await c.call<Array<{ kind: string }>>('GET', 'applications', `/api/drafts/${draft}/evidence`, tok);
      for (const kind of kinds.filter((k) => !files.body.some((f) => f.kind === k))) {
        const up = await upload(tok, `drafts/${draft}`, kind, label ? 'upload' : undefined);
        if (up.status !== 201) throw new Error(`draft upload refused: ${up.status} ${JSON.stringify(up.body)}`);
      }
      const submitted = await c.call<View>('POST', 'applications', `/api/drafts/${draft}/submit`, tok, undefined, { label: label ? 'submit' : undefined });
      if (submitted.status === 201) return submitted.body.id;
      if (submitted.status !== 409) throw new Error(`submission refused: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    }
  }

  async function driveApplication(i: number): Promise<void> {
    const creditCode = code(i);
    const tok = token('applicant', { institution: creditCode });
    const id = await ensureApplication(creditCode, tok, ['applicationForm', 'platformIntroduction']);
    applicationIds[i] = id;
    const panel = panelOf(i);
    let supplied = false;
    for (;;) {
      const v = await c.call<View>('GET', 'applications', `/api/applications/${id}`, tok);
      const stage = v.status === 200 ? v.body.status?.stage : undefined;
      if (stage === 'scored' || late(`application ${id} in ${stage}`)) return;
      if (stage === 'awaiting_materials') {
        if (!supplied) {
          const up = await upload(tok, `applications/${id}`, 'supportingEvidence');
          if (up.status === 201) supplied = true;
        }
        await c.call('POST', 'applications', `/api/applications/${id}/materials`, tok, {}, { key: `materials-${id}` });
      } else if (stage === 'awaiting_site_visit') {
        const pending = v.body.status?.eligibility?.pending ?? [];
        await c.call('POST', 'applications', `/api/applications/${id}/site-visit`, STAFF, {
          checklist: { 'legal-person': true, premises: true, survey: true },
          findings: Object.fromEntries(pending.map((p) => [p.id, true])),
          surveySatisfaction: 0.9,
          opinion: '现场核查情况属实。',
          expertIds: [panel[0]],
        }, { key: `site-visit-${id}` });
      } else if (stage === 'awaiting_experts') {
        await c.call('POST', 'scoring', `/api/applications/${id}/panel`, STAFF, { expertIds: panel, partnerCreditCodes: [], dueInDays: 5 }, { key: `panel-${id}` });
      } else if (stage === 'scoring') {
        for (const [k, expertId] of panel.entries()) {
          const et = token('expert', { expertId });
          const mine = await c.call<Array<{ id: string; applicationId: string; state: string }>>('GET', 'scoring', '/api/assignments', et);
          const a = Array.isArray(mine.body) ? mine.body.find((x) => x.applicationId === id) : undefined;
          if (!a) continue;
          if (a.state === 'invited') await c.call('POST', 'scoring', `/api/assignments/${a.id}/declaration`, et, { noConflict: true }, { key: `declaration-${a.id}` });
          if (a.state === 'invited' || a.state === 'declared') await c.call('POST', 'scoring', `/api/assignments/${a.id}/score`, et, { scores: rubricFor(70 + ((i + k) % 25)) }, { key: `score-${a.id}` });
        }
        await sleep(300);
      } else if (stage && /ineligible|closed/.test(stage)) {
        notes.push(`application ${id} ended in ${stage}`);
        return;
      } else {
        await sleep(400);
      }
    }
  }

  const platformCodes = Array.from({ length: o.platforms }, (_, i) => code(500_000 + i));
  async function importPlatforms(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('往年示范平台');
    ws.addRow(['统一社会信用代码', '机构名称', '认定日期', '服务功能']);
    platformCodes.forEach((p, i) => ws.addRow([p, `混沌往年示范平台${i + 1}`, `${thisYear - 2}-06-${String(10 + (i % 15)).padStart(2, '0')}`, '信息服务']));
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const form = () => {
      const f = new FormData();
      f.set('file', new Blob([bytes]), 'platforms.xlsx');
      return f;
    };
    const imported = await c.call<{ importId: string }>('POST', 'applications', '/api/platform-imports', STAFF, form());
    if (imported.status !== 202 && imported.status !== 200) throw new Error(`import refused: ${imported.status} ${JSON.stringify(imported.body)}`);
    return imported.body.importId;
  }

  async function importDone(importId: string): Promise<void> {
    for (;;) {
      const s = await c.call<{ stage: string; done: number; total: number }>('GET', 'applications', `/api/platform-imports/${importId}`, STAFF);
      if (s.body?.stage === 'done' || late(`import ${importId} in ${s.body?.stage}`)) return;
      await sleep(1000);
    }
  }

  /** The stage each platform showed its users before they filed: a platform found late owes its overdue notice. */
  const seenBeforeFiling = new Map<string, string>();
  async function fileReport(creditCode: string): Promise<void> {
    const tok = token('applicant', { institution: creditCode });
    // The platform's users file once its record shows what it owes (as they would, after the import's notice).
    for (;;) {
      const s = await c.call<{ stage: string }>('GET', 'applications', `/api/platforms/${creditCode}`, tok);
      if (s.status === 200 && (s.body.stage === 'report_late' || s.body.stage === 'report_due')) {
        seenBeforeFiling.set(creditCode, s.body.stage);
        break;
      }
      if (late(`platform ${creditCode} in ${s.body?.stage ?? s.status}`)) return;
      await sleep(1000);
    }
    // The served-enterprise list first (第十五条), then the form on the year the system fixes.
    const list = await servedListXlsx(smallFirms(90, platformCodes.indexOf(creditCode)));
    for (;;) {
      const f = new FormData();
      f.set('file', new Blob([list]), '服务企业名单.xlsx');
      const up = await c.call<{ id: string }>('POST', 'applications', `/api/platforms/${creditCode}/reports/served-list`, tok, f);
      if (up.status === 409) return; // filed already (a retry after an outage)
      if (up.status === 404) {
        if (late(`platform ${creditCode}`)) return;
        await sleep(1000); // its workflow is not there yet
        continue;
      }
      if (up.status !== 200) throw new Error(`served list refused: ${up.status} ${JSON.stringify(up.body)}`);
      const r = await c.call('POST', 'applications', `/api/platforms/${creditCode}/reports`, tok, annualReportBody(up.body.id));
      if (r.status === 201 || r.status === 409) return;
      throw new Error(`report refused: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  const pool = async (n: number, work: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(o.concurrency, n) }, async () => {
      for (let i = next++; i < n; i = next++) await work(i);
    }));
  };
  o.log(`driving ${o.applications} applications and ${o.platforms} platforms`);
  const progress = setInterval(() => o.log(`… ${tally.requests} requests, ${tally.unavailable} answered 503, ${tally.faults.length} faults, ${kills} kills`), 15_000);
  try {
    await Promise.all([
      pool(o.applications, driveApplication),
      (async () => {
        // Each platform files its report as soon as the import has made it (a 404 before: it waits).
        const importId = await importPlatforms();
        await Promise.all([importDone(importId), pool(o.platforms, (i) => fileReport(platformCodes[i]!))]);
      })(),
    ]);
    driving = false;
    o.log('the users are done; waiting for the last kills');
    await monkey;
  } finally {
    clearInterval(progress);
  }

  // ------------------------------------------------------------------ what the users find, once the system settled
  o.log('all kills done: waiting for every instance, then counting');
  await stack.ready();
  const pg = new PgClient({ connectionString: stack.databaseUrl });
  await pg.connect();
  try {
    const wrongStage: string[] = [];
    for (const id of applicationIds) {
      const v = await c.call<View & { statusSource?: string }>('GET', 'applications', `/api/applications/${id}`, STAFF);
      if (v.body.status?.stage !== 'scored') wrongStage.push(`application ${id}: ${v.body.status?.stage ?? `no status (HTTP ${v.status}, ${v.body.statusSource ?? 'no source'}: its workflow did not answer)`}`);
    }
    const settledPlatforms = await settle(async () => {
      const wrong: string[] = [];
      for (const p of platformCodes) {
        const s = await c.call<{ stage: string }>('GET', 'applications', `/api/platforms/${p}`, STAFF);
        if (s.body.stage !== 'active') wrong.push(`platform ${p}: ${s.body.stage ?? s.status}`);
      }
      return wrong;
    }, 60_000);
    wrongStage.push(...settledPlatforms);
    const reports = await pg.query(`SELECT credit_code, count(*)::int AS n FROM applications.annual_report GROUP BY credit_code`);
    for (const r of reports.rows as Array<{ credit_code: string; n: number }>) if (r.n !== 1) wrongStage.push(`platform ${r.credit_code}: ${r.n} reports`);

    // Notifications: each user's inbox holds what the path owes them, once.
    await settle(async () => {
      const open = await pg.query(`SELECT count(*)::int AS n FROM notifications.delivery WHERE status NOT IN ('sent', 'dead')`);
      return open.rows[0].n > 0 ? [`${open.rows[0].n} deliveries open`] : [];
    }, 120_000);
    let lost = 0;
    let duplicated = 0;
    const unexpected = new Map<string, number>();
    const missing: string[] = [];
    const countInbox = async (tok: string, expected: string[], who: string) => {
      const inbox = await c.call<Array<{ kind: string }>>('GET', 'notifications', '/api/notifications', tok);
      const kinds = new Map<string, number>();
      for (const n of inbox.body) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
      for (const k of expected) {
        const n = kinds.get(k) ?? 0;
        if (n === 0) lost++;
        if (n > 1) duplicated += n - 1;
        if (n !== 1) missing.push(`${who}: ${k}×${n}`);
      }
      for (const [k, n] of kinds) {
        if (expected.includes(k)) continue;
        unexpected.set(k, (unexpected.get(k) ?? 0) + n);
        // A notice not owed here may still come (a platform found late just before it filed), but never twice.
        if (n > 1) {
          duplicated += n - 1;
          missing.push(`${who}: ${k}×${n}`);
        }
      }
    };
    for (let i = 0; i < o.applications; i++) await countInbox(token('applicant', { institution: code(i) }), APPLICANT_NOTICES, `application ${applicationIds[i]}`);
    for (const p of platformCodes) await countInbox(token('applicant', { institution: p }), seenBeforeFiling.get(p) === 'report_late' ? PLATFORM_NOTICES : [], `platform ${p}`);
    if (missing.length) notes.push(`inboxes not as owed: ${missing.slice(0, 10).join('; ')}${missing.length > 10 ? ` … (${missing.length})` : ''}`);
    const kinds = await pg.query(`SELECT split_part(recipient, ':', 1) AS who, kind, count(*)::int AS n FROM notifications.notification GROUP BY 1, 2 ORDER BY 1, 2`);
    // Every decision the workflows took is in the audit trail once: none taken behind a 503, none recorded twice.
    const actions = new Map(((await pg.query(`SELECT action, count(*)::int AS n FROM applications.audit_event GROUP BY 1`)).rows as Array<{ action: string; n: number }>).map((r) => [r.action, r.n]));
    const decisions: Array<[string, number]> = [
      ['application.submitted', o.applications],
      ['application.materials_supplied', o.applications],
      ['application.site_visit_recorded', o.applications],
      ['panel.assigned', o.applications],
      ['panel.no_conflict_declared', 5 * o.applications],
      ['panel.scored', 5 * o.applications],
      ['platform.title_awarded', o.platforms],
      ['platform.report_submitted', o.platforms],
    ];
    const auditMismatches = decisions.filter(([a, n]) => (actions.get(a) ?? 0) !== n).map(([a, n]) => `${a}: ${actions.get(a) ?? 0} in the audit trail, ${n} taken`);
    notes.push(`notifications stored: ${(kinds.rows as Array<{ who: string; kind: string; n: number }>).map((r) => `${r.who}/${r.kind}×${r.n}`).join(', ')}`);
    if (unexpected.size) notes.push(`inbox kinds also found (once each at most): ${[...unexpected].map(([k, n]) => `${k}×${n}`).join(', ')}`);
    // Every email the notifications service owes reached the relay exactly once (its Message-ID is the notification's).
    const owed = (await pg.query(`SELECT n.id, d.status FROM notifications.delivery d JOIN notifications.notification n ON n.id = d.notification_id WHERE d.channel = 'email'`)).rows as Array<{ id: string; status: string }>;
    const sunk = (await (await fetch(`${stack.mailUrl}/messages?limit=1000000`)).json()) as Array<{ messageId: string | null }>;
    const seen = new Map<string, number>();
    for (const m of sunk) if (m.messageId) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
    let emailsLost = 0;
    let emailsDuplicated = 0;
    for (const d of owed) {
      const n = seen.get(`<${d.id}@sme-platforms>`) ?? 0;
      if (n === 0) emailsLost++;
      if (n > 1) emailsDuplicated += n - 1;
    }
    const audit = await c.call<{ intact: boolean; events: number }>('GET', 'applications', '/api/audit/verify', AUDITOR);

    const report: ChaosReport = {
      seconds: Math.round((Date.now() - started) / 1000),
      requests: tally.requests,
      answered503: tally.unavailable,
      faults: tally.faults.length,
      faultSamples: tally.faults.slice(0, 10),
      applications: o.applications,
      platforms: o.platforms,
      wrongStage,
      notificationsChecked: o.applications * APPLICANT_NOTICES.length + [...seenBeforeFiling.values()].filter((st) => st === 'report_late').length * PLATFORM_NOTICES.length,
      emailsOwed: owed.length,
      notificationsLost: lost,
      notificationsDuplicated: duplicated,
      emailsLost,
      emailsDuplicated,
      auditIntact: audit.body.intact === true,
      auditMismatches,
      auditEvents: audit.body.events,
      kills,
      restarts: stack.restarts(),
      infraRestarts,
      notes,
    };
    if (o.benchmark) report.benchmark = await benchmark(stack, tally, applicationIds, (n) => ensureApplication(code(700_000 + n), token('applicant', { institution: code(700_000 + n) }), ['applicationForm', 'platformIntroduction'], true), STAFF, o);
    return report;
  } finally {
    await pg.end();
  }
}

/** Polls `check` until it finds nothing wrong or the time is up; answers what is still wrong. */
async function settle(check: () => Promise<string[]>, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const wrong = await check();
    if (wrong.length === 0 || Date.now() > deadline) return wrong;
    await sleep(1000);
  }
}

/**
 * Submissions and uploads, measured with the orchestrators running, then with them stopped while 20 decisions wait
 * for a workflow that cannot answer: the p99 of each and the ratio (goal: within 2x).
 */
async function benchmark(stack: PrivateStack, tally: Tally, decided: string[], apply: (n: number) => Promise<string>, staff: string, o: ChaosOptions): Promise<NonNullable<ChaosReport['benchmark']>> {
  const per = 100;
  const measure = async (from: number): Promise<Record<string, number>> => {
    tally.latencies.clear();
    let next = from;
    await Promise.all(Array.from({ length: 5 }, async () => {
      for (let n = next++; n < from + per; n = next++) await apply(n);
    }));
    return { submit: percentile(tally.latencies.get('submit') ?? [], 99), upload: percentile(tally.latencies.get('upload') ?? [], 99) };
  };
  o.log('benchmark: submissions and uploads with the orchestrators running');
  const runningP99 = await measure(0);
  o.log('benchmark: the same with the orchestrators stopped while 20 decisions wait');
  await stack.stopAll('orchestrator');
  let waiting = true;
  let inFlight = 0;
  let peak = 0;
  const deciders = Array.from({ length: 20 }, async (_, k) => {
    const id = decided[k % decided.length]!;
    while (waiting) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Straight to a service instance through a gateway, without the client's retry: a decision that waits.
      await fetch(`${stack.gateways[k % 2]}/svc/applications/api/applications/${id}/closure`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ reason: '基准测试：等待中的决定' }),
      }).catch(() => undefined);
      inFlight--;
    }
  });
  await sleep(1000);
  const stoppedP99 = await measure(per);
  waiting = false;
  await Promise.all(deciders);
  stack.startAll('orchestrator');
  await stack.ready();
  const ratio = Object.fromEntries(Object.keys(runningP99).map((k) => [k, Math.round((stoppedP99[k]! / runningP99[k]!) * 100) / 100]));
  return { runningP99, stoppedP99, ratio, waitingDecisions: peak };
}
