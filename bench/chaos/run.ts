/**
 * `npm run chaos`: the chaos run of issue 11 on the real stack (a PostgreSQL, NATS and Temporal of its own, two
 * instances of every service, orchestrator and gateway), printing what the users would find. Exits non-zero when
 * anything is not zero or the audit chain does not verify.
 *   node dist/bench/chaos/run.js [applications=200] [platforms=500] [kills=24] [--kill-every-ms=12000]
 *     [--no-benchmark] [--no-infra-restarts] [--concurrency=24] [--max-drive-ms=600000] [--report=<file.json>]
 */
import { writeFileSync } from 'node:fs';
import { type ChaosReport, runChaos } from './scenario';

export function summary(r: ChaosReport): string[] {
  const lines = [
    `chaos run: ${r.applications} applications, ${r.platforms} platforms, ${r.kills} kills (-9), ${r.restarts} restarts by the supervisors, restarted: ${r.infraRestarts.join(', ') || 'none'}; ${r.seconds} s, ${r.requests} requests, ${r.answered503} answered 503`,
    `  answers 5xx other than 503 ........ ${r.faults}`,
    `  not in their expected stage ....... ${r.wrongStage.length}`,
    `  notifications lost / duplicated ... ${r.notificationsLost} / ${r.notificationsDuplicated} (of ${r.notificationsChecked} owed)`,
    `  emails lost / duplicated .......... ${r.emailsLost} / ${r.emailsDuplicated} (of ${r.emailsOwed} owed)`,
    `  audit chain ....................... ${r.auditIntact ? `verifies (${r.auditEvents} events)` : 'BROKEN'}`,
    `  decisions not audited once ........ ${r.auditMismatches.length}`,
  ];
  for (const m of r.auditMismatches) lines.push(`    audit: ${m}`);
  for (const f of r.faultSamples) lines.push(`    fault: ${f}`);
  for (const w of r.wrongStage.slice(0, 10)) lines.push(`    stage: ${w}`);
  for (const n of r.notes) lines.push(`    note: ${n}`);
  if (r.benchmark) {
    const b = r.benchmark;
    for (const k of Object.keys(b.runningP99)) {
      lines.push(`  p99 ${k.padEnd(7)} orchestrators running ${b.runningP99[k]} ms, stopped with ${b.waitingDecisions} decisions waiting ${b.stoppedP99[k]} ms: ratio ${b.ratio[k]} (goal <= 2)`);
    }
  }
  return lines;
}

export function clean(r: ChaosReport): boolean {
  return r.faults === 0 && r.wrongStage.length === 0 && r.notificationsLost === 0 && r.notificationsDuplicated === 0 && r.emailsLost === 0 && r.emailsDuplicated === 0 && r.auditIntact && r.auditMismatches.length === 0;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const [applications = 200, platforms = 500, kills = 24] = args.filter((a) => !a.startsWith('--')).map(Number);
  const reportFile = flag('report');
  const t0 = Date.now();
  runChaos({
    applications,
    platforms,
    kills,
    killEveryMs: Number(flag('kill-every-ms') ?? 12_000),
    restartInfra: !args.includes('--no-infra-restarts'),
    benchmark: !args.includes('--no-benchmark'),
    concurrency: Number(flag('concurrency') ?? 24),
    maxDriveMs: Number(flag('max-drive-ms') ?? 600_000),
    log: (l) => process.stdout.write(`[${Math.round((Date.now() - t0) / 1000)}s] ${l}\n`),
  })
    .then((r) => {
      process.stdout.write(summary(r).join('\n') + '\n');
      if (reportFile) writeFileSync(reportFile, JSON.stringify(r, null, 2));
      process.exit(clean(r) ? 0 : 1);
    })
    .catch((err: unknown) => {
      process.stderr.write(`chaos run failed / 混沌测试失败: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    });
}
