/**
 * `npm run bench:scale -- [N=10000]`: the whole system on a private stack of its own (issue 16, part 1). Staff import
 * N earlier platforms through the gateway's .xlsx upload in workbooks of the most rows an import takes, a third of
 * them with last year's report late; then it prints how long it took to import and start them all and to deliver
 * every notice and email, what was lost or doubled, what staff's inbox and mailbox got, each process's peak memory
 * and CPU time, the history per workflow and the database's size, with each goal PASS or FAIL.
 *   node dist/bench/scale/run.js [N=10000] [--report=<file.json>] [--max-minutes=60]
 * STALL_S (default 300): nothing moving for that long (outside a digest's gathering) stops the run, which says where
 * it stood. Exits 1 when anything was lost or doubled or it did not finish; the goals do not change the exit code.
 */
import { writeFileSync } from 'node:fs';
import type { ProcessUse } from '../procfs';
import { runScale, type ScaleReport } from './scenario';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
export const GOALS = { startedS: 600, deliveredS: 900, rssBytes: GiB };

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const secs = (s: number | null) => (s === null ? 'not reached' : `${s.toFixed(0)} s`);
const mib = (b: number) => `${(b / MiB).toFixed(0)} MiB`;
/** The system's own processes (the goal is theirs); the rest is the infrastructure it runs on. */
const isSystem = (p: ProcessUse) => /^(applications|scoring|notifications|orchestrator|gateway)-\d+$|^mail-sink$/.test(p.name);

export function correct(r: ScaleReport): boolean {
  return r.complete && r.notices.lost === 0 && r.notices.duplicated === 0 && r.emails.lost === 0 && r.emails.duplicated === 0;
}

export function summary(r: ScaleReport): string[] {
  const s = r.seconds;
  const lines = [
    `bench/scale N=${r.n}: ${r.late} late (the ${r.reportYear} report, due ${r.reportDue}; today ${r.today} in Asia/Shanghai), ${r.files.length} workbook(s) of ${r.files.map((f) => `${f.rows} rows/${(f.bytes / 1024).toFixed(0)} KiB`).join(', ')}; digest window ${r.digestWindow}`,
    `  stack up in ${s.boot} s; from the first upload: accepted ${secs(s.uploaded)}, imports done ${secs(s.imported)}, late found ${secs(s.lateFound)}, notices stored ${secs(s.noticesStored)}`,
    `  imported and started (every platform workflow running) ... ${secs(s.started).padEnd(12)} goal <= ${GOALS.startedS} s: ${mark(s.started !== null && s.started <= GOALS.startedS)}`,
    `  every notice stored and email accepted by the sink ....... ${secs(s.delivered).padEnd(12)} goal <= ${GOALS.deliveredS} s: ${mark(s.delivered !== null && s.delivered <= GOALS.deliveredS)}`,
    `  notices lost / duplicated ................................ ${r.notices.lost} / ${r.notices.duplicated} of ${r.notices.expected} owed: ${mark(r.notices.lost === 0 && r.notices.duplicated === 0)}${Object.keys(r.notices.unexpected).length ? `; not owed: ${JSON.stringify(r.notices.unexpected)}` : ''}`,
    `  emails lost / duplicated ................................. ${r.emails.lost} / ${r.emails.duplicated} of ${r.emails.expected} owed (${r.emails.received} received, ${r.emails.unexpected} not owed): ${mark(r.emails.lost === 0 && r.emails.duplicated === 0)}`,
    `  staff (${r.staff.addresses.join(', ')}): inbox ${r.staff.inboxUnread ?? '?'} unread; notices ${Object.entries(r.staff.notices).map(([k, v]) => `${k} ${v.own} on their own + ${v.gathered} gathered`).join(', ') || 'none'}; digests ${Object.entries(r.staff.digests).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; ${r.staff.emails} emails to staff`,
    `    -> ${digestVerdict(r)}`,
  ];
  for (const p of [...r.processes].sort((a, b) => Number(isSystem(b)) - Number(isSystem(a)) || b.peakBytes - a.peakBytes)) {
    lines.push(`  peak RSS ${p.name.padEnd(27)} ${mib(p.peakBytes).padStart(9)}, CPU ${String(p.cpuSeconds).padStart(5)} s${isSystem(p) ? `   goal <= 1 GiB: ${mark(p.peakBytes <= GOALS.rssBytes)}` : p.name.startsWith('bench') ? '' : ' (infrastructure)'}${p.pids > 1 && !p.name.includes('cluster') ? ` (${p.pids} processes: restarted)` : ''}`);
  }
  const h = r.history;
  lines.push(
    `  history events per platform workflow (this year's run): late ${h.late.mean} (${h.late.min}-${h.late.max}, ${h.late.sampled} sampled), not late ${h.onTime.mean} (${h.onTime.min}-${h.onTime.max}); per import workflow: ${h.imports.map((i) => i.events).join(', ')}`,
    `  database ${mib(r.database.bytes)} (${Object.entries(r.database.schemas).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}); Temporal's SQLite ${mib(r.database.temporalBytes)}`,
    `  wall time ${r.seconds.total.toFixed(0)} s after the uploads; ${r.restarts} process restarts; ${r.faults.length} answers 5xx other than 503`,
    `  machine: ${r.machine.cores} cores busy ${r.machine.busyCpuSeconds} CPU-s once the stack was up, ${r.machine.runCpuSeconds} of them this run's processes, ${r.machine.otherCpuSeconds} other work beside it; load average up to ${r.machine.loadMax}`,
  );
  for (const i of h.imports) {
    lines.push(`    an import's last run, ${i.tasks} award tasks (a chunk of rows each): ${i.perTaskMs} ms per task of the run's span = activity waits ${i.activityWaitMs} + runs ${i.activityRunMs} (awardTitles), workflow task waits ${i.taskWaitMs} + runs ${i.taskRunMs} (means, ms)`);
  }
  lines.push(`    staff's progress screen of each import at the end (GET /api/platform-imports/<id>): ${r.importStatus.map((i) => `${i.status} ${i.stage ?? ''} in ${i.ms} ms`).join(', ')}`);
  for (const f of r.faults) lines.push(`    fault: ${f}`);
  if (r.notices.lostSamples.length) lines.push(`    lost, e.g.: ${r.notices.lostSamples.join(', ')}`);
  if (r.stopped) lines.push(`  STOPPED: ${r.stopped}`);
  return lines;
}

/** Whether staff got one digest of the late reports or an escalation each. */
function digestVerdict(r: ScaleReport): string {
  const own = r.staff.notices['report.overdue']?.own ?? 0;
  const digests = Object.values(r.staff.digests).reduce((a, b) => a + b, 0);
  if (own === 0 && digests > 0) return `one digest: ${digests} digest notice(s) and ${r.staff.emails} email(s) to staff for ${r.late} late reports`;
  return `no digest: ${own} separate escalations in staff's inbox and ${r.staff.emails} emails to staff for ${r.late} late reports`;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const n = Number(args.find((a) => !a.startsWith('--')) ?? 10_000);
  if (!Number.isInteger(n) || n < 3) {
    process.stderr.write('usage: node dist/bench/scale/run.js [N=10000] [--report=<file.json>] [--max-minutes=60]\n');
    process.exit(2);
  }
  const t0 = Date.now();
  runScale({
    n,
    stallS: Number(process.env['STALL_S'] ?? 300),
    maxMinutes: Number(flag('max-minutes') ?? 60),
    log: (l) => process.stdout.write(`[${Math.round((Date.now() - t0) / 1000)}s] ${l}\n`),
  })
    .then((r) => {
      process.stdout.write(summary(r).join('\n') + '\n');
      const file = flag('report');
      if (file) writeFileSync(file, JSON.stringify(r, null, 2));
      process.exit(correct(r) ? 0 : 1);
    })
    .catch((err: unknown) => {
      process.stderr.write(`bench/scale failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    });
}
