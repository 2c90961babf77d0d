import { DEV_USERS } from '@sme/auth';
import { type PlatformImportStatus, Recipients, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { annualReportDeadline, checkImportRows, makeCreditCode, MAX_IMPORT_ROWS, POLICIES, shanghaiDate, WorkingDayCalendar } from '@sme/policy';
import { Client as TemporalClient, Connection, type WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import ExcelJS from 'exceljs';
import { readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { ChaosClient, Tally } from '../chaos/client';
import { childrenOf, commandOf, machineBusySeconds, pidsWhoseCommandHas, ProcessSampler, type ProcessUse } from '../procfs';
import { PrivateStack } from '../stack';

export interface ScaleOptions {
  /** Earlier platforms to import; every third has a late report. */
  n: number;
  /** The watchdog: nothing moved for this long (outside a digest's gathering) is a stall, reported where it stood. */
  stallS: number;
  /** The run stops after this long and reports where it stood. */
  maxMinutes: number;
  log: (line: string) => void;
}

/** What one imported platform is. */
interface Planned {
  creditCode: string;
  institutionName: string;
  awardedOn: string;
  late: boolean;
}

/**
 * Where an import's time went, from the history of its last run (an import continues as new every 400 rows): its rows
 * are one activity each, 20 side by side. The run's span per row, and means in ms: an activity waiting for a worker and
 * running, a workflow task waiting for the orchestrator and running.
 */
export interface ImportPhases {
  events: number;
  /** Activity tasks of the run: one per chunk of rows (`awardTitles`), one per row before import-chunk-one-task. */
  tasks: number;
  perTaskMs: number;
  activityWaitMs: number;
  activityRunMs: number;
  taskWaitMs: number;
  taskRunMs: number;
}

export interface HistorySample {
  sampled: number;
  min: number;
  mean: number;
  max: number;
}

export interface ScaleReport {
  n: number;
  late: number;
  today: string;
  /** The report year the late platforms owe, and when it was due. */
  reportYear: number;
  reportDue: string;
  files: Array<{ rows: number; bytes: number }>;
  digestWindow: string;
  /** Seconds from the first upload; null when not reached. */
  seconds: { boot: number; uploaded: number | null; imported: number | null; started: number | null; lateFound: number | null; noticesStored: number | null; delivered: number | null; total: number };
  complete: boolean;
  /** Why the run ended before everything was delivered, with where it stood. */
  stopped: string | null;
  progress: Progress;
  notices: { expected: number; lost: number; duplicated: number; unexpected: Record<string, number>; lostSamples: string[] };
  emails: { expected: number; received: number; lost: number; duplicated: number; unexpected: number };
  staff: { addresses: string[]; inboxUnread: number | null; notices: Record<string, { own: number; gathered: number }>; digests: Record<string, number>; emails: number };
  processes: ProcessUse[];
  history: { late: HistorySample; onTime: HistorySample; imports: ImportPhases[] };
  /** Staff's progress screen of each import at the end (`GET /api/platform-imports/<id>`, asked once): its answer and how long it took. */
  importStatus: Array<{ status: number; ms: number; stage: string | null }>;
  database: { bytes: number; schemas: Record<string, number>; temporalBytes: number };
  /** The machine while it ran: its cores, CPU seconds busy in all, of this run's processes, of other work beside it, and the highest 1-minute load average seen. */
  machine: { cores: number; busyCpuSeconds: number; runCpuSeconds: number; otherCpuSeconds: number; loadMax: number };
  faults: string[];
  restarts: number;
}

/** The counts the run follows, read every two seconds. */
export interface Progress {
  /** Import workflows completed, and those the server flags for workflow tasks that keep failing or timing out. */
  importsFinished: number;
  workflowProblems: number;
  running: number;
  lateFound: number;
  platformNotices: number;
  staffNotices: number;
  emailsOwed: number;
  emailsPending: number;
  emailsDead: number;
  sinkFiles: number;
  /** A digest still gathering escalations: its email is not due before this. */
  gatheringUntil: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FUNCTIONS = ['信息服务', '技术服务', '创业服务', '培训服务、融资服务', '信息服务、技术服务'];

/**
 * The platforms to import, as staff would have them: every third listed two years ago, so its report on last year
 * was due by the end of February (moved off a rest day) and is not filed: late, as `platformWorkflow` finds it
 * (`mustReport`: the first report is on the first full year after the list). The others were listed last year and owe
 * nothing yet. Checked with the import's own rules before anything starts.
 */
export function plan(n: number, now: Date): { rows: Planned[]; today: string; reportYear: number; reportDue: string } {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const policy = POLICIES.forCallYear(year);
  const reportYear = year - 1;
  const due = annualReportDeadline(reportYear, WorkingDayCalendar.bundled(), policy);
  if (now.getTime() < Date.parse(due.endsAt)) {
    throw new Error(`the ${reportYear} report is due ${due.due}: before ${due.endsAt} no imported platform is late yet, so a third cannot be; run it after that`);
  }
  const rows = Array.from({ length: n }, (_, i): Planned => {
    const late = i % 3 === 0;
    const month = String(2 + (i % 11)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    return { creditCode: makeCreditCode('91350200', String(i).padStart(8, '0')), institutionName: `厦门市规模测试示范平台${i + 1}号`, awardedOn: `${late ? year - 2 : year - 1}-${month}-${day}`, late };
  });
  for (let from = 0; from < n; from += MAX_IMPORT_ROWS) {
    const file = rows.slice(from, from + MAX_IMPORT_ROWS).map((r, k) => ({ row: k + 2, ...r, functions: FUNCTIONS[(from + k) % FUNCTIONS.length] }));
    const { errors } = checkImportRows(file, today, policy);
    if (errors.length) throw new Error(`the planned rows break the import's rules: ${JSON.stringify(errors.slice(0, 3))}`);
  }
  return { rows, today, reportYear, reportDue: due.due };
}

/** The rows in workbooks of at most MAX_IMPORT_ROWS rows each, the most one import takes. */
async function workbooks(rows: Planned[]): Promise<Buffer[]> {
  const files: Buffer[] = [];
  for (let from = 0; from < rows.length; from += MAX_IMPORT_ROWS) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('往年示范平台');
    ws.addRow(['统一社会信用代码', '机构名称', '认定日期', '服务功能']);
    rows.slice(from, from + MAX_IMPORT_ROWS).forEach((r, k) => ws.addRow([r.creditCode, r.institutionName, r.awardedOn, FUNCTIONS[(from + k) % FUNCTIONS.length]]));
    files.push(Buffer.from(await wb.xlsx.writeBuffer()));
  }
  return files;
}

/**
 * bench/scale: the whole system on a private stack (PostgreSQL, NATS, Temporal dev server, one instance of each
 * service, the orchestrator, the gateway and the mail sink), `n` earlier platforms imported by staff through the
 * gateway's .xlsx upload, a third of them late; then what it took and what arrived.
 */
export async function runScale(o: ScaleOptions): Promise<ScaleReport> {
  const planned = plan(o.n, new Date());
  const files = await workbooks(planned.rows);
  o.log(`${o.n} platforms (${planned.rows.filter((r) => r.late).length} with the ${planned.reportYear} report late since ${planned.reportDue}) in ${files.length} workbook(s) of at most ${MAX_IMPORT_ROWS} rows: ${files.map((f) => `${(f.length / 1024).toFixed(0)} KiB`).join(', ')}`);
  o.log('starting PostgreSQL, NATS, Temporal of this run and one instance of every service, the orchestrator, the gateway and the mail sink');
  const t0 = Date.now();
  const stack = await PrivateStack.start({ name: 'scale', replicas: 1 });
  try {
    return await measure(stack, o, planned, files, (Date.now() - t0) / 1000);
  } finally {
    await stack.stop({ removeData: true });
  }
}

async function measure(stack: PrivateStack, o: ScaleOptions, planned: ReturnType<typeof plan>, files: Buffer[], bootSeconds: number): Promise<ScaleReport> {
  const { rows, reportYear } = planned;
  const late = rows.filter((r) => r.late);
  const tally = new Tally();
  const c = new ChaosClient(stack.gateways, tally);
  const pg = new PgClient({ connectionString: stack.databaseUrl });
  await pg.connect();
  const connection = await Connection.connect({ address: stack.temporal.address });
  const temporal = new TemporalClient({ connection, namespace: stack.temporal.namespace });
  const sampler = new ProcessSampler(targets(stack));
  const ours = () => sampler.now().reduce((sum, u) => sum + u.cpuSeconds, 0);
  const [busy0, ours0] = [machineBusySeconds(), ours()];
  let loadMax = os.loadavg()[0]!;
  try {
    const hasDigest = ((await pg.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'notifications' AND table_name = 'notification' AND column_name = 'digest_id'`)).rowCount ?? 0) > 0;
    // Staff's address reaches the notifications service as an event of the seeded account: wait for it, so that the
    // first escalation already owes its email.
    const staffAddresses = await until('staff\'s email address to reach the notifications service', 120_000, async () => {
      const r = await pg.query(`SELECT email FROM notifications.contact WHERE role = 'staff' AND NOT disabled AND email IS NOT NULL ORDER BY email`);
      return r.rows.length ? (r.rows as Array<{ email: string }>).map((x) => x.email) : null;
    });
    const staff = DEV_USERS.find((u) => u.role === 'staff')!;
    const signedIn = await c.call<{ accessToken: string }>('POST', 'applications', '/api/auth/sign-in', undefined, { username: staff.username, password: staff.password });
    if (signedIn.status !== 200 && signedIn.status !== 201) throw new Error(`staff cannot sign in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
    const STAFF = signedIn.body.accessToken;

    // ---------------------------------------------------------------- staff upload the workbooks, one after the other
    const t0 = Date.now();
    const at = () => Math.round((Date.now() - t0) / 100) / 10;
    const importIds: string[] = [];
    for (const [i, bytes] of files.entries()) {
      const form = new FormData();
      form.set('file', new Blob([bytes]), `往年示范平台-${i + 1}.xlsx`);
      const res = await c.call<{ importId: string }>('POST', 'applications', '/api/platform-imports', STAFF, form);
      if (res.status !== 202) throw new Error(`workbook ${i + 1} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 2000)}`);
      importIds.push(res.body.importId);
    }
    const seconds: ScaleReport['seconds'] = { boot: Math.round(bootSeconds), uploaded: at(), imported: null, started: null, lateFound: null, noticesStored: null, delivered: null, total: 0 };
    o.log(`${files.length} workbook(s) accepted in ${seconds.uploaded} s: imports ${importIds.join(', ')}`);

    // ---------------------------------------------------------------- follow it until every notice and email is there
    // Progress from Temporal's visibility, never by querying the imports: a query of a workflow out of the
    // orchestrator's cache replays its whole history (30,000 events for a full workbook).
    const count = async (query: string) => (await temporal.workflow.count(query)).count;
    const read = async (): Promise<Progress> => {
      const n = (await pg.query(
        `SELECT count(*) FILTER (WHERE idempotency_key LIKE $1)::int AS platform, count(*) FILTER (WHERE idempotency_key LIKE $2)::int AS staff
           FROM notifications.notification`,
        [`platform-%:report-${reportYear}:overdue:platform`, `platform-%:report-${reportYear}:overdue:staff`],
      )).rows[0] as { platform: number; staff: number };
      const d = (await pg.query(`SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM notifications.delivery WHERE channel = 'email'`)).rows[0] as { pending: number; dead: number };
      // Each notice owes an email to every address its recipient is reached at (a role: each enabled account of it),
      // unless it was gathered into a digest, which owes them instead.
      const owed = (await pg.query(
        `SELECT count(*)::int AS n FROM notifications.notification n
           JOIN notifications.contact c ON c.email IS NOT NULL AND (c.recipient = n.recipient OR (n.recipient = 'role:' || c.role AND NOT c.disabled))
          ${hasDigest ? 'WHERE n.digest_id IS NULL' : ''}`,
      )).rows[0] as { n: number };
      const gathering = hasDigest ? ((await pg.query(`SELECT max(gathers_until) AS until FROM notifications.notification WHERE gathers_until > now()`)).rows[0] as { until: Date | null }).until : null;
      return {
        importsFinished: await count(`WorkflowType = "${WorkflowTypes.platformImport}" AND ExecutionStatus = "Completed"`),
        workflowProblems: await count(`ExecutionStatus = "Running" AND TemporalReportedProblems IS NOT NULL`),
        running: await count(`WorkflowType = "${WorkflowTypes.platform}" AND ExecutionStatus = "Running"`),
        lateFound: await count(`WorkflowType = "${WorkflowTypes.platform}" AND Stage = "platform_report_late"`),
        platformNotices: n.platform,
        staffNotices: n.staff,
        emailsOwed: owed.n,
        emailsPending: d.pending,
        emailsDead: d.dead,
        sinkFiles: readdirSync(stack.mailDir).filter((f) => f.endsWith('.eml')).length,
        gatheringUntil: gathering ? gathering.toISOString() : null,
      };
    };
    const line = (p: Progress) =>
      `imports done ${p.importsFinished}/${files.length}, platforms running ${p.running}/${o.n}${p.workflowProblems ? ` (${p.workflowProblems} workflows with failing tasks)` : ''}, late ${p.lateFound}/${late.length}, notices ${p.platformNotices}+${p.staffNotices}/${2 * late.length}, emails ${p.sinkFiles}/${p.emailsOwed} (${p.emailsPending} pending, ${p.emailsDead} dead)${p.gatheringUntil ? `, a digest gathers until ${p.gatheringUntil}` : ''}`;

    let p = await read();
    let stopped: string | null = null;
    let verified: Verified | null = null;
    let lastVerify = 0;
    let [lastSeen, lastChange, lastLog] = ['', Date.now(), t0];
    const cpuBefore = new Map(sampler.now().map((u) => [u.name, u.cpuSeconds]));
    for (;;) {
      if (seconds.imported === null && p.importsFinished === files.length) seconds.imported = at();
      if (seconds.started === null && seconds.imported !== null && p.running >= o.n) seconds.started = at();
      if (seconds.lateFound === null && p.lateFound >= late.length) seconds.lateFound = at();
      if (seconds.noticesStored === null && p.platformNotices >= late.length && p.staffNotices >= late.length) seconds.noticesStored = at();
      const settled = seconds.started !== null && seconds.noticesStored !== null && p.emailsPending === 0 && p.sinkFiles >= p.emailsOwed && !p.gatheringUntil;
      if (settled && Date.now() - lastVerify > 30_000) {
        lastVerify = Date.now();
        verified = await verify(pg, stack, rows, reportYear, hasDigest);
        if (verified.notices.lost === 0 && verified.emails.lost === 0) {
          seconds.delivered = at();
          break;
        }
      }
      const now = line(p);
      if (now !== lastSeen || p.gatheringUntil) [lastSeen, lastChange] = [now, Date.now()];
      if (Date.now() - lastLog >= 15_000) {
        // Memory now and the share of one core each process used since the last line: where the time goes.
        const use = sampler.now();
        const busy = use.map((u) => `${u.name.replace(/-1$|server| \(.*/g, '').trim()} ${(u.bytes / 2 ** 20).toFixed(0)}/${Math.round((100 * (u.cpuSeconds - (cpuBefore.get(u.name) ?? 0))) / ((Date.now() - lastLog) / 1000))}%`);
        for (const u of use) cpuBefore.set(u.name, u.cpuSeconds);
        lastLog = Date.now();
        loadMax = Math.max(loadMax, os.loadavg()[0]!);
        o.log(`[${at().toFixed(0)} s] ${now}; MiB/CPU: ${busy.join(', ')}; load ${os.loadavg()[0]!.toFixed(1)}`);
      }
      if (Date.now() - lastChange > o.stallS * 1000) {
        stopped = `stalled: nothing moved for ${o.stallS} s at ${at().toFixed(0)} s: ${now}`;
        break;
      }
      if (Date.now() - t0 > o.maxMinutes * 60_000) {
        stopped = `out of time after ${o.maxMinutes} min: ${now}`;
        break;
      }
      await sleep(2000);
      try {
        p = await read();
      } catch (err) {
        // A read that fails (a service or Temporal too busy to answer) is no progress: the watchdog judges.
        o.log(`[${at().toFixed(0)} s] could not read the progress: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    seconds.total = at();
    if (stopped) o.log(stopped);
    else o.log(`everything delivered at ${seconds.delivered} s`);
    if (stopped || !verified) verified = await verify(pg, stack, rows, reportYear, hasDigest);

    // ---------------------------------------------------------------- what staff see, history, sizes
    const unread = await c.call<{ count: number }>('GET', 'notifications', '/api/notifications/unread', STAFF);
    // Staff's progress screen of each import, asked once: a finished import's workflow has left the orchestrator's
    // cache, so its query replays the whole history.
    const importStatus: ScaleReport['importStatus'] = [];
    for (const id of importIds) {
      const asked = Date.now();
      const res = await fetch(`${stack.gateways[0]}/svc/applications/api/platform-imports/${id}`, { headers: { authorization: `Bearer ${STAFF}` }, signal: AbortSignal.timeout(120_000) }).catch(() => null);
      const body = (await res?.json().catch(() => null)) as Partial<PlatformImportStatus> | null;
      importStatus.push({ status: res?.status ?? 0, ms: Date.now() - asked, stage: body?.stage ?? null });
    }
    const staffRows = (await pg.query(
      `SELECT kind, ${hasDigest ? 'digest_id IS NOT NULL' : 'false'} AS gathered, ${hasDigest ? 'gathers_from IS NOT NULL' : 'false'} AS digest, count(*)::int AS n
         FROM notifications.notification WHERE recipient = $1 GROUP BY 1, 2, 3 ORDER BY 1`,
      [Recipients.centerStaff],
    )).rows as Array<{ kind: string; gathered: boolean; digest: boolean; n: number }>;
    const staffNotices: ScaleReport['staff']['notices'] = {};
    const digests: Record<string, number> = {};
    for (const r of staffRows) {
      if (r.digest || /digest/.test(r.kind)) digests[r.kind] = (digests[r.kind] ?? 0) + r.n;
      else {
        const k = (staffNotices[r.kind] ??= { own: 0, gathered: 0 });
        if (r.gathered) k.gathered += r.n;
        else k.own += r.n;
      }
    }
    const history = await histories(temporal, rows, importIds);
    const schemas = Object.fromEntries(((await pg.query(
      `SELECT n.nspname AS schema, sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') GROUP BY 1 ORDER BY 2 DESC`,
    )).rows as Array<{ schema: string; bytes: string }>).map((r) => [r.schema, Number(r.bytes)]));
    const bytes = Number(((await pg.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0] as { b: string }).b);
    const [busy, run] = [machineBusySeconds() - busy0, ours() - ours0];
    return {
      n: o.n,
      late: late.length,
      today: planned.today,
      reportYear,
      reportDue: planned.reportDue,
      files: files.map((f, i) => ({ rows: Math.min(MAX_IMPORT_ROWS, o.n - i * MAX_IMPORT_ROWS), bytes: f.length })),
      digestWindow: process.env['DIGEST_WINDOW_SECONDS'] ? `${process.env['DIGEST_WINDOW_SECONDS']} s (DIGEST_WINDOW_SECONDS)` : hasDigest ? 'the service default' : 'no digest in this build',
      seconds,
      complete: stopped === null,
      stopped,
      progress: p,
      notices: verified.notices,
      emails: verified.emails,
      staff: { addresses: staffAddresses, inboxUnread: unread.status === 200 ? unread.body.count : null, notices: staffNotices, digests, emails: verified.staffEmails },
      processes: sampler.stop(),
      history,
      importStatus,
      database: { bytes, schemas, temporalBytes: temporalBytes(stack) },
      machine: { cores: os.cpus().length, busyCpuSeconds: Math.round(busy), runCpuSeconds: Math.round(run), otherCpuSeconds: Math.round(busy - run), loadMax: Math.round(loadMax * 10) / 10 },
      faults: tally.faults.slice(0, 10),
      restarts: stack.restarts(),
    };
  } finally {
    sampler.stop();
    await connection.close().catch(() => undefined);
    await pg.end().catch(() => undefined);
  }
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${ms / 1000} s`);
    await sleep(500);
  }
}

/** The system's processes (each instance) and the infrastructure's (the Temporal server, NATS, PostgreSQL's cluster). */
function targets(stack: PrivateStack): () => Array<{ name: string; pids: number[]; group?: boolean }> {
  const mine = pidsWhoseCommandHas(stack.root);
  const find = (re: RegExp) => mine.filter((pid) => re.test(commandOf(pid)));
  const [temporal, nats, postmaster] = [find(/ start-dev /), find(/nats-server/), find(/\/postgres -D /)];
  return () => [
    ...[...stack.pids()].map(([name, pid]) => ({ name, pids: [pid] })),
    { name: 'bench (this process)', pids: [process.pid] },
    { name: 'temporal server', pids: temporal },
    { name: 'nats-server', pids: nats },
    { name: 'postgresql (cluster, PSS)', pids: [...postmaster, ...postmaster.flatMap(childrenOf)], group: true },
  ];
}

/** The Temporal dev server's SQLite files. */
function temporalBytes(stack: PrivateStack): number {
  let total = 0;
  for (const d of readdirSync(stack.root).filter((x) => x.startsWith('sme-temporal-'))) {
    for (const f of readdirSync(path.join(stack.root, d))) total += statSync(path.join(stack.root, d, f)).size;
  }
  return total;
}

interface Verified {
  notices: ScaleReport['notices'];
  emails: ScaleReport['emails'];
  staffEmails: number;
}

/**
 * Every notice owed, from what was imported: each late platform's overdue notice to its institution and its
 * escalation to staff, once each by idempotency key, and none to a platform that is not late. Every email owed, from
 * the notices stored and the addresses their recipients are reached at (a digest's instead of the notices it
 * gathered), against the mail sink's messages by Message-ID and address.
 */
async function verify(pg: PgClient, stack: PrivateStack, rows: Planned[], reportYear: number, hasDigest: boolean): Promise<Verified> {
  const stored = (await pg.query(`SELECT id, idempotency_key AS key, recipient, kind${hasDigest ? ', digest_id' : ''} FROM notifications.notification`)).rows as Array<{ id: string; key: string; recipient: string; kind: string; digest_id?: string | null }>;
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const expected = rows.filter((r) => r.late).flatMap((r) => [
    { key: `${WorkflowIds.platform(r.creditCode)}:report-${reportYear}:overdue:platform`, recipient: Recipients.institution(r.creditCode), kind: 'report.overdue' },
    { key: `${WorkflowIds.platform(r.creditCode)}:report-${reportYear}:overdue:staff`, recipient: Recipients.centerStaff, kind: 'report.overdue' },
  ]);
  const lostOnes = expected.filter((e) => byKey.get(e.key)?.recipient !== e.recipient || byKey.get(e.key)?.kind !== e.kind).map((e) => e.key);
  // The same thing told twice under other keys: per platform, recipient and kind, more than one notice.
  const lateCodes = new Set(rows.filter((r) => r.late).map((r) => r.creditCode));
  const told = new Map<string, number>();
  const unexpected: Record<string, number> = {};
  for (const s of stored) {
    const code = /^platform-([0-9A-Z]{18}):/.exec(s.key)?.[1];
    if (!code) continue; // not a platform's (a digest, an account's)
    const owed = lateCodes.has(code) && s.kind === 'report.overdue';
    if (!owed) unexpected[s.kind] = (unexpected[s.kind] ?? 0) + 1;
    const k = `${code}|${s.recipient}|${s.kind}`;
    told.set(k, (told.get(k) ?? 0) + 1);
  }
  const duplicated = [...told.values()].reduce((d, n) => d + Math.max(0, n - 1), 0);

  const contacts = (await pg.query(`SELECT recipient, role, email, disabled FROM notifications.contact WHERE email IS NOT NULL`)).rows as Array<{ recipient: string; role: string | null; email: string; disabled: boolean }>;
  const addressesOf = (recipient: string) => contacts.filter((k) => k.recipient === recipient || (k.role !== null && recipient === `role:${k.role}` && !k.disabled)).map((k) => k.email.toLowerCase());
  const owedEmails = new Set(stored.filter((s) => !s.digest_id).flatMap((s) => addressesOf(s.recipient).map((a) => `<${s.id}@sme-platforms>|${a}`)));
  const sunk = (await (await fetch(`${stack.mailUrl}/messages?limit=1000000`)).json()) as Array<{ messageId: string | null; to: string[] }>;
  const received = new Map<string, number>();
  for (const m of sunk) for (const to of m.to) received.set(`${m.messageId}|${to.toLowerCase()}`, (received.get(`${m.messageId}|${to.toLowerCase()}`) ?? 0) + 1);
  const staff = new Set(addressesOf(Recipients.centerStaff));
  return {
    notices: { expected: expected.length, lost: lostOnes.length, duplicated, unexpected, lostSamples: lostOnes.slice(0, 5) },
    emails: {
      expected: owedEmails.size,
      received: sunk.length,
      lost: [...owedEmails].filter((k) => !received.has(k)).length,
      duplicated: [...received.values()].reduce((d, n) => d + Math.max(0, n - 1), 0),
      unexpected: [...received.keys()].filter((k) => !owedEmails.has(k)).length,
    },
    staffEmails: sunk.filter((m) => m.to.some((a) => staff.has(a.toLowerCase()))).length,
  };
}

/** History events of a few platform workflows of each kind (this year's run: it continues as new each year) and of each import. */
async function histories(temporal: TemporalClient, rows: Planned[], importIds: string[]): Promise<ScaleReport['history']> {
  const sample = async (of: Planned[]): Promise<HistorySample> => {
    const picked = Array.from({ length: Math.min(5, of.length) }, (_, k) => of[Math.floor((k * of.length) / Math.min(5, of.length))]!);
    const lengths = await Promise.all(picked.map(async (r) => (await temporal.workflow.getHandle(WorkflowIds.platform(r.creditCode)).fetchHistory()).events?.length ?? 0));
    return { sampled: lengths.length, min: Math.min(...lengths), mean: Math.round(lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length)), max: Math.max(...lengths) };
  };
  return {
    late: await sample(rows.filter((r) => r.late)),
    onTime: await sample(rows.filter((r) => !r.late)),
    imports: await Promise.all(importIds.map(async (id) => phases((await temporal.workflow.getHandle(WorkflowIds.platformImport(id)).fetchHistory()).events ?? []))),
  };
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** The mean waits and runs of an import's activities and workflow tasks, from the times its history recorded. */
export function phases(events: HistoryEvent[]): ImportPhases {
  const time = new Map(events.map((e) => [Number(e.eventId), e.eventTime ? tsToMs(e.eventTime) : 0]));
  const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  const gap = (from: unknown, to: unknown) => time.get(Number(to))! - time.get(Number(from))!;
  const waits = { activity: [] as number[], activityRun: [] as number[], task: [] as number[], taskRun: [] as number[] };
  const scheduled: number[] = [];
  for (const e of events) {
    const id = Number(e.eventId);
    if (e.activityTaskScheduledEventAttributes) scheduled.push(time.get(id)!);
    if (e.activityTaskStartedEventAttributes) waits.activity.push(gap(e.activityTaskStartedEventAttributes.scheduledEventId, id));
    if (e.activityTaskCompletedEventAttributes) waits.activityRun.push(gap(e.activityTaskCompletedEventAttributes.startedEventId, id));
    if (e.workflowTaskStartedEventAttributes) waits.task.push(gap(e.workflowTaskStartedEventAttributes.scheduledEventId, id));
    if (e.workflowTaskCompletedEventAttributes) waits.taskRun.push(gap(e.workflowTaskCompletedEventAttributes.startedEventId, id));
  }
  const span = events.length ? time.get(Number(events.at(-1)!.eventId))! - time.get(Number(events[0]!.eventId))! : 0;
  return {
    events: events.length,
    tasks: scheduled.length,
    perTaskMs: scheduled.length ? Math.round(span / scheduled.length) : 0,
    activityWaitMs: mean(waits.activity),
    activityRunMs: mean(waits.activityRun),
    taskWaitMs: mean(waits.task),
    taskRunMs: mean(waits.taskRun),
  };
}
