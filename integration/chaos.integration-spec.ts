import { WORKSPACE_ROOT } from '@sme/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Report {
  kills: number;
  infraRestarts: string[];
  faultSamples: string[];
  wrongStage: string[];
  notificationsChecked: number;
  notificationsLost: number;
  notificationsDuplicated: number;
  emailsOwed: number;
  emailsLost: number;
  emailsDuplicated: number;
  auditIntact: boolean;
  auditEvents: number;
  auditMismatches: string[];
}

/**
 * The short chaos run inside `npm test` (issue 11): the `npm run chaos` command, smaller. Applications from the draft
 * to their scores and platforms through a late report, behind two gateways with two instances of every service and
 * orchestrator, while some are killed -9 and PostgreSQL, NATS and Temporal each restart once. The users see no 5xx
 * other than 503, every application and platform ends where it should, no notice or email is lost or doubled, every
 * decision taken is audited once, and the audit chain verifies.
 */
describe('chaos, short: kills and restarts lose nothing and decide nothing twice', () => {
  it('ends with all zeros and a verified chain', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sme-chaos-')), 'report.json');
    const args = ['dist/bench/chaos/run.js', '12', '30', '8', '--kill-every-ms=4000', '--no-benchmark', '--concurrency=12', '--max-drive-ms=420000', `--report=${file}`];
    const out = await new Promise<string>((resolve) => {
      execFile(process.execPath, args, { cwd: WORKSPACE_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 840_000 }, (_err, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
    });
    process.stdout.write(out);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(report.infraRestarts).toEqual(['PostgreSQL', 'NATS', 'Temporal']);
    expect(report.kills).toBe(8);
    expect(report.faultSamples).toEqual([]);
    expect(report.wrongStage).toEqual([]);
    expect([report.notificationsLost, report.notificationsDuplicated, report.emailsLost, report.emailsDuplicated]).toEqual([0, 0, 0, 0]);
    // The applicants' three each, and the overdue notice of every platform its users found late before filing.
    expect(report.notificationsChecked).toBeGreaterThanOrEqual(12 * 3);
    expect(report.emailsOwed).toBeGreaterThanOrEqual(12 * 3);
    expect(report.auditMismatches).toEqual([]);
    expect([report.auditIntact, report.auditEvents > 0]).toEqual([true, true]);
  }, 900_000);
});
