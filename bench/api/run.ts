/**
 * bench/api: the applications service under load at a realistic size, on infrastructure of its own (a PostgreSQL
 * cluster, a NATS server and a Temporal dev server started for the run, on loopback; the shared ones and their test
 * databases are never touched). The run seeds the register with 10,000 platforms and the database with 5,000
 * applications (bench/api/seed.ts), starts the built service, and loads with autocannon: the health endpoint
 * (baseline), the public platform list, the global search and the workbench (as the development staff and applicant,
 * signed in), and application submission (each request a new institution, so every one is a real submission). It
 * prints p50/p99 latency and throughput with each one's ratio to health measured in the same run, then verifies
 * the audit chain.
 *   npm run bench:api -- [seconds=5] [platforms=10000] [applications=5000]
 * BENCH_CPU_PROF=<dir>: the service runs with --cpu-prof and writes its profile there when the run ends;
 * BENCH_ONLY=<regexp>: only the endpoints whose name matches (and health, the baseline), e.g. BENCH_ONLY=POST.
 */
import { type Principal, TokenService } from '@sme/auth';
import { runMigrations } from '@sme/persistence';
import { freePorts, ManagedProcess, PrivateNatsServer, PrivatePostgres, PrivateTemporal, waitReady, WORKSPACE_ROOT } from '@sme/testing';
import { factsFor } from '@sme/testing/facts';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { codeOf, nameOf, seed } from './seed';

const seconds = Number(process.argv[2] ?? 5);
const platforms = Number(process.argv[3] ?? 10_000);
const applications = Number(process.argv[4] ?? 5_000);
const cpuProfDir = process.env['BENCH_CPU_PROF'];
const only = process.env['BENCH_ONLY'] ? new RegExp(process.env['BENCH_ONLY']) : null;

interface Figures {
  name: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  /** The service process's CPU time (user and system) per answered request, in ms. */
  cpuMs: number;
  /** Workbench answers with an item marked unavailable (a source that did not answer in time): work not shown. */
  unavailable: number;
}

/** CPU seconds a process has used (/proc/<pid>/stat, user and system, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const LOOPBACK = /^(postgres|nats|http|smtp):\/\/([^@/]*@)?(127\.0\.0\.1|localhost|\[::1\]):\d+(\/\w*)?$|^127\.0\.0\.1:\d+$/;

async function load(base: string, pid: number, name: string, opts: Partial<autocannon.Options>): Promise<Figures> {
  const cpu = cpuSeconds(pid);
  let unavailable = 0;
  // Only the workbench's answers are read (reading every body costs the load's client CPU beside the service).
  const counted = !name.includes('workbench') ? opts.requests : (opts.requests ?? [{}]).map((req) => ({
    ...req,
    onResponse: (status: number, body: string) => {
      if (status === 200 && body.includes('"unavailable":true')) unavailable++;
    },
  }));
  const r = await autocannon({ url: base, connections: 10, duration: seconds, ...opts, ...(counted ? { requests: counted } : {}) });
  const cpuMs = ((cpuSeconds(pid) - cpu) * 1000) / Math.max(1, r.requests.total);
  return { name, p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx, cpuMs, unavailable };
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-dev` }) });
  if (!res.ok) throw new Error(`sign-in as the development ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * The share of the database's sessions in each state (pg_stat_activity, every 20 ms) while `during` runs: waiting on
 * a lock (Lock:advisory, Lock:tuple, Lock:transactionid: the audit chain's), flushing a commit (IO:WALSync), running
 * (CPU), or `idle in transaction`, waiting on the service between two statements of a transaction.
 */
async function sampleWaits<T>(databaseUrl: string, during: Promise<T>): Promise<{ result: T; waits: Map<string, number>; samples: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const waits = new Map<string, number>();
  let samples = 0;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      const rows: Array<{ w: string; n: string }> = (await db.query(
        `SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'CPU') ELSE state END AS w, count(*) AS n
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' GROUP BY 1`,
      )).rows;
      samples++;
      for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + Number(r.n));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await during, waits, samples };
  } finally {
    done = true;
    await sampler;
    await db.end();
  }
}

/** The median time of a one-row commit on this database (its WAL flush): the floor of any serialised write. */
async function commitMs(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('CREATE TABLE bench_commit (n int)');
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = process.hrtime.bigint();
      await db.query('INSERT INTO bench_commit VALUES ($1)', [i]);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    await db.query('DROP TABLE bench_commit');
    return times.sort((a, b) => a - b)[25]!;
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  // The service inherits this environment: no address of the shared infrastructure (.local/env) may reach it.
  for (const k of Object.keys(process.env)) if (/_URL$|_ADDRESS$|^TEMPORAL_NAMESPACE$/.test(k)) delete process.env[k];
  const root = mkdtempSync(path.join(os.tmpdir(), 'sme-bench-api-'));
  chmodSync(root, 0o755);
  const tmp = process.env['TMPDIR'];
  process.env['TMPDIR'] = root; // the clusters make their folders here, readable by the postgres user
  const stops: Array<() => Promise<void>> = [];
  try {
    const [pg, nats, temporal] = await Promise.all([PrivatePostgres.start(), PrivateNatsServer.start(), PrivateTemporal.start('bench-api')]);
    if (tmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = tmp;
    stops.push(() => pg.stop('fast'), () => nats.stop(), () => temporal.stop());
    // The private cluster starts with fsync off (for the chaos run's speed); a commit here costs what it costs in use.
    const admin = new Client({ connectionString: pg.url() });
    await admin.connect();
    await admin.query('ALTER SYSTEM SET fsync = on');
    await admin.query('SELECT pg_reload_conf()');
    await admin.end();
    const databaseUrl = await pg.createDatabase('bench_api');
    await runMigrations(databaseUrl);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const seeded = await seed(db, { platforms, applications });
    await db.end();
    const commit = await commitMs(databaseUrl);

    const [port, smtp] = (await freePorts(2)) as [number, number];
    const base = `http://127.0.0.1:${port}`;
    const secret = randomBytes(24).toString('hex');
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      MIGRATION_DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      APPLICATIONS_PORT: String(port),
      AUTH_JWT_SECRET: secret,
      EVIDENCE_DIR: path.join(root, 'evidence'),
      SMTP_URL: `smtp://127.0.0.1:${smtp}`,
      THROTTLE_AUTH_LIMIT: '100000',
    };
    const beyond = Object.entries(env).filter(([k, v]) => /_URL$|_ADDRESS$/.test(k) && !LOOPBACK.test(v));
    if (beyond.length) throw new Error(`bench/api only targets this machine (loopback): ${beyond.map(([k]) => k).join(', ')}`);
    const node = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
    const service = new ManagedProcess('bench-api-applications', process.execPath, [...node, path.join(WORKSPACE_ROOT, 'dist/apps/applications/src/main.js')], env).start();
    stops.unshift(() => service.stop('SIGTERM', 30_000));
    await waitReady(base, service, 120_000);

    const [staff, applicant, auditor] = [await signIn(base, 'staff'), await signIn(base, 'applicant'), await signIn(base, 'auditor')];
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    // Each submission a new institution (one application per institution and call, 第十条): a token of its own.
    const tokens = new TokenService(secret);
    let n = 0;
    const submission = () => {
      const code = codeOf('submission', n++);
      const p: Principal = { sub: `bench-${code}`, username: `bench-${code}`, role: 'applicant', displayName: '压测机构', institution: code, expertId: null };
      return {
        headers: { 'content-type': 'application/json', ...bearer(tokens.issue(p)) },
        body: JSON.stringify({ creditCode: code, institutionName: `压测机构${code.slice(8, 16)}`, callYear: seeded.openYear, eligibilityFacts: factsFor(code), contact: { email: `bench-${code.toLowerCase()}@bench.local` } }),
      };
    };
    // What staff type into the search box: a part of a name, a credit-code prefix, a whole name.
    const queries = ['湖里知识产权', '91350200100012', nameOf(4321), '检验检测', codeOf('application', 77)].map(encodeURIComponent);
    let k = 0;
    const endpoints: Array<[string, Partial<autocannon.Options>]> = [
      ['GET /api/health', { url: `${base}/api/health` }],
      ['GET /api/public/platforms', { url: `${base}/api/public/platforms` }],
      ['GET /api/search (staff)', { url: `${base}/api/search`, headers: bearer(staff), requests: [{ setupRequest: (req) => ({ ...req, path: `/api/search?q=${queries[k++ % queries.length]}` }) }] }],
      ['GET /api/workbench (staff)', { url: `${base}/api/workbench`, headers: bearer(staff) }],
      ['GET /api/workbench (applicant)', { url: `${base}/api/workbench`, headers: bearer(applicant) }],
      ['POST /api/applications', { url: `${base}/api/applications`, method: 'POST', requests: [{ setupRequest: (req) => ({ ...req, ...submission() }) }] }],
    ];
    const all: Figures[] = [];
    let waits = new Map<string, number>();
    let samples = 0;
    for (const [name, opts] of endpoints) {
      if (only && all.length > 0 && !only.test(name)) continue; // health, the baseline, always runs
      if (opts.method !== 'POST') {
        all.push(await load(base, service.pid!, name, opts));
        continue;
      }
      const sampled = await sampleWaits(databaseUrl, load(base, service.pid!, name, opts));
      all.push(sampled.result);
      ({ waits, samples } = sampled);
    }
    const health = all[0]!;

    const verify = await fetch(`${base}/api/audit/verify`, { headers: bearer(auditor) });
    const chain = (await verify.json()) as { intact: boolean; events: number };
    const line = (f: Figures): string =>
      `  ${f.name.padEnd(32)} p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  ${f.rps.toFixed(0).padStart(6)} req/s  CPU ${f.cpuMs.toFixed(1).padStart(5)} ms/req` +
      (f === health ? '  (baseline)' : `  ratio to health: p99 x${(f.p99 / Math.max(1, health.p99)).toFixed(2)}, throughput x${(f.rps / health.rps).toFixed(2)}`) +
      (f.errors ? `  ${f.errors} errors` : '') +
      (f.unavailable ? `  ${f.unavailable} answers with an item unavailable` : '');
    const busy = [...waits].sort((a, b) => b[1] - a[1]).map(([w, c]) => `${w} ${((100 * c) / [...waits.values()].reduce((s, x) => s + x, 0)).toFixed(0)}%`);
    process.stdout.write(
      `bench/api on a private stack (${base}), ${seconds} s each, 10 connections; the applications service alone (no orchestrator: ` +
        `the submitted applications' events wait in NATS)\n` +
        `seeded in ${seeded.seconds.toFixed(1)} s: ${seeded.platforms} platforms on the register (${seeded.validPlatforms} titles in force), ` +
        `${seeded.applications} applications in the calls ${seeded.calls.join(', ')} (${seeded.openYear} open today), ${seeded.auditEvents} audit events; ` +
        `a one-row commit takes ${commit.toFixed(1)} ms (median of 50)\n` +
        `${all.map(line).join('\n')}\n` +
        `  submissions: ${n} sent; database sessions over ${samples} samples: ${busy.join(', ') || 'none'}\n` +
        `audit chain after the run: ${chain.intact ? 'intact' : 'BROKEN'}, ${chain.events} events\n`,
    );
    if (!chain.intact) process.exitCode = 1;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
