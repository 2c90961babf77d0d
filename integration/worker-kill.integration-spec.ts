import { platformStatusQuery, TaskQueues, WorkflowIds } from '@sme/contracts';
import { createTimeSkippingEnv, eventually, ManagedProcess, shanghai, skipTo } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Platform workflows wait on their report timers while their worker process is killed (SIGKILL) and the clock
 * runs past two reminders; a new worker process resumes them: every reminder is sent, none twice.
 */
describe('a killed worker resumes workflows waiting on timers', () => {
  let env: TestWorkflowEnvironment;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sme-kill-')), 'notifications.jsonl');
  const started: ManagedProcess[] = [];
  const worker = (n: number) => {
    const p = new ManagedProcess(`lifecycle-worker-${n}`, process.execPath, [path.join(__dirname, 'fixtures/lifecycle-worker.js')], {
      TEMPORAL_ADDRESS: env.address,
      NOTIFY_FILE: file,
    });
    started.push(p);
    return p;
  };
  const stored = (): Array<{ idempotencyKey: string; pid: number }> => {
    try {
      return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    // Also when the test failed half-way: a worker left polling kept jest from exiting (CI waited on it).
    await Promise.all(started.map((p) => p.stop().catch(() => undefined)));
    await env?.teardown();
  });

  it('loses no reminder and sends none twice', async () => {
    const codes = ['91350200MA8DEM018T', '91350200MA8DEM026M', '91350200MA2Y0AB171'];
    const w1 = worker(1).start();
    await w1.waitForOutput(/worker ready/);
    await skipTo(env, shanghai('2026-12-15', 10));
    const handles = [];
    for (const code of codes) {
      handles.push(
        await env.client.workflow.start('platformWorkflow', {
          taskQueue: TaskQueues.lifecycle,
          workflowId: WorkflowIds.platform(code),
          args: [{ creditCode: code, institutionName: code, awardedOn: '2026-12-15', listYear: 2026, policyVersion: 'xiamen-2021-114' }],
        }),
      );
    }
    await skipTo(env, shanghai('2028-01-29', 12)); // waiting on the 30-day reminder timer (2028-01-30 09:00)
    for (const h of handles) {
      const s = await eventually(() => h.query(platformStatusQuery), (x) => x.year === 2028, 'in 2028');
      expect(s.nextWakeAt).toBe('2028-01-30T01:00:00.000Z');
    }
    expect(stored()).toEqual([]);

    await w1.stop('SIGKILL');
    // The clock runs on to the 30-day reminder with no worker alive: the timer fires, its task waits.
    const skipping = skipTo(env, shanghai('2028-02-16', 12));
    // Each workflow's reminder timer fires on the server while no worker is alive, and no reminder is sent.
    for (const h of handles) {
      await eventually(async () => (await h.fetchHistory()).events!.filter((e) => e.timerFiredEventAttributes).length, (n) => n > 0, 'the timer fired with no worker', 200);
    }
    expect(stored()).toEqual([]);

    const w2 = worker(2).start();
    await w2.waitForOutput(/worker ready/);
    await skipping;
    await skipTo(env, shanghai('2028-03-02', 12));
    await eventually(async () => stored(), (s) => s.length >= 3 * 6, 'every reminder and escalation', 400);

    const keys = stored().map((s) => s.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length); // none twice
    for (const code of codes) {
      const mine = keys.filter((k) => k.startsWith(`platform-${code}:`)).map((k) => k.split(':').slice(1).join(':'));
      // The reminders in their order; the overdue pair goes out side by side, in either order.
      expect([...mine.slice(0, 4), ...mine.slice(4).sort()]).toEqual([
        'report-2027:reminder-30d',
        'report-2027:reminder-14d',
        'report-2027:reminder-7d',
        'report-2027:reminder-1d',
        'report-2027:overdue:platform',
        'report-2027:overdue:staff',
      ]);
    }
    expect(new Set(stored().map((s) => s.pid))).toEqual(new Set([w2.pid])); // all sent after the restart
    for (const h of handles) await h.terminate('end of test');
    await w2.stop();
  });
});
