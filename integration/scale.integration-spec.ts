import { annualReportDeadline, POLICIES, shanghaiDate, WorkingDayCalendar } from '@sme/policy';
import { WORKSPACE_ROOT } from '@sme/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the spec reads of bench/scale's report (`--report=<file>`). */
interface Report {
  stopped: string | null;
  progress: Record<string, unknown>;
  notices: { expected: number; lost: number; duplicated: number; unexpected: Record<string, number> };
  emails: { expected: number; lost: number; duplicated: number; unexpected: number };
  staff: { addresses: string[]; notices: Record<string, { own: number; gathered: number }>; digests: Record<string, number>; emails: number };
  importStatus: Array<{ status: number; stage: string | null }>;
  faults: string[];
  restarts: number;
}

const N = 75;
const year = Number(shanghaiDate(new Date()).slice(0, 4));
/** Before last year's report is due (January, February) no imported platform is late, and the run has no subject. */
const lateSeason = Date.now() >= Date.parse(annualReportDeadline(year - 1, WorkingDayCalendar.bundled(), POLICIES.forCallYear(year)).endsAt);

/**
 * bench/scale, small, as a correctness check (not timed): the `npm run bench:scale` command with 75 platforms on a
 * stack of its own. Staff import them through the gateway's upload, every one starts, each late platform's overdue
 * notice and staff's escalation are stored once, every email owed reaches the mail sink once, and staff's
 * escalations arrive as a digest. The digest's quiet time is 3 s here (ten minutes in production).
 */
(lateSeason ? describe : describe.skip)('bench/scale, small: an import of earlier platforms loses and doubles nothing', () => {
  it('starts every platform and delivers every notice and email once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sme-scale-report-')), 'report.json');
    const out = await new Promise<string>((resolve) => {
      execFile(process.execPath, ['dist/bench/scale/run.js', String(N), `--report=${file}`, '--max-minutes=4'], {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, DIGEST_WINDOW_SECONDS: '3', STALL_S: '60' },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 360_000,
      }, (_err, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
    });
    process.stdout.write(out);
    const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
    rmSync(dirname(file), { recursive: true, force: true });
    expect(r.stopped).toBeNull();
    expect(r.progress).toMatchObject({ importsFinished: 1, workflowProblems: 0, running: N, lateFound: 25, platformNotices: 25, staffNotices: 25, emailsPending: 0, emailsDead: 0 });
    expect([r.notices.expected, r.notices.lost, r.notices.duplicated, r.notices.unexpected]).toEqual([50, 0, 0, {}]);
    expect([r.emails.lost, r.emails.duplicated, r.emails.unexpected]).toEqual([0, 0, 0]);
    // Staff are told of the 25 late reports in digests, each emailed once: not in 25 escalations.
    expect(r.staff.notices['report.overdue']).toEqual({ own: 0, gathered: 25 });
    const digests = Object.values(r.staff.digests).reduce((a, b) => a + b, 0);
    expect(digests).toBeGreaterThanOrEqual(1);
    expect(r.staff.emails).toBe(digests * r.staff.addresses.length);
    expect(r.emails.expected).toBe(r.staff.emails);
    expect(r.importStatus).toMatchObject([{ status: 200, stage: 'done' }]);
    expect(r.restarts).toBe(0);
    expect(r.faults).toEqual([]);
  }, 400_000);
});
