/**
 * bench/lifecycle: drives N platform workflows through a February report cycle (two reminders, then the report)
 * on the time-skipping test server, and a baseline with the same timers and no-op activities, in the same process,
 * each phase on test servers of its own, at most BENCH_SHARD workflows (default 1000) on each (see `Shards`). Prints
 * workflows/second for each and their ratio, the CPU a workflow cost the servers and this process, the wall time,
 * the process's peak RSS and the platform workflow's history length, for each N given, each in a process of its own:
 *   node dist/bench/lifecycle/run.js [N...]            (default 1000; e.g. 1000 3000 10000)
 * A run whose counts stop moving for STALL_S seconds is reported as stalled, with where it stood, and the next N runs.
 * BENCH_ROUNDS=<n> runs the pair of phases n times and prints the median ratio (default 3 up to N=1000, else 1).
 * BENCH_CACHE=<n> sets the worker's maxCachedWorkflows (default: the SDK's, from the heap limit); BENCH_LOG=1 shows
 * the SDK's warnings.
 */
import { reportSubmittedSignal, SearchAttributeKeys, TaskQueues } from '@sme/contracts';
import { createTimeSkippingEnv, shanghai } from '@sme/testing';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { childrenOf, commandOf, ProcessSampler } from '../procfs';
import { baselineReport } from './baseline.workflow';

const HOUR = 3_600_000;
const BATCH = 50;
const STALL_S = Number(process.env['STALL_S'] ?? 120);
const MiB = 2 ** 20;

/**
 * What a phase cost, per workflow: CPU milliseconds of its test server and of this process (the client and the
 * workers), and the server's peak RSS. Constant per workflow as N grows is linear; the wall time alone cannot say
 * which side grew.
 */
interface PhaseCost {
  serverCpuMs: number;
  benchCpuMs: number;
  serverPeakMiB: number;
}

/** What one N measured: each round's throughputs and costs, baseline then platform. */
interface Measured {
  n: number;
  rounds: Array<{ baseline: number; platform: number; cost: { baseline: PhaseCost; platform: PhaseCost } }>;
  reminders: number;
  seconds: number;
  peakRssMiB: number;
  historyEvents: number;
}

/** The process's peak RSS and a progress line every 10 s; `stalled` rejects when `progress()` stops changing. */
class Watch {
  peakRss = 0;
  private last = '';
  private lastChange = Date.now();
  private readonly t0 = Date.now();
  private readonly timer: NodeJS.Timeout;
  private fail: (err: Error) => void = () => undefined;
  readonly stalled = new Promise<never>((_, reject) => (this.fail = reject));

  constructor(private readonly label: string, private readonly progress: () => string) {
    this.stalled.catch(() => undefined);
    let tick = 0;
    this.timer = setInterval(() => {
      const rss = process.memoryUsage.rss();
      this.peakRss = Math.max(this.peakRss, rss);
      const now = this.progress();
      if (now !== this.last) [this.last, this.lastChange] = [now, Date.now()];
      if (++tick % 10 === 0) process.stderr.write(`  [${this.label} ${this.elapsed().toFixed(0)} s] ${now}, rss ${(rss / MiB).toFixed(0)} MiB\n`);
      if (Date.now() - this.lastChange > STALL_S * 1000) this.fail(new Error(`stalled: nothing moved for ${STALL_S} s at ${now} (${this.elapsed().toFixed(0)} s in, peak RSS ${(this.peakRss / MiB).toFixed(0)} MiB)`));
    }, 1000);
  }

  elapsed(): number {
    return (Date.now() - this.t0) / 1000;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function drive(n: number, servers: Shards, year: number, sent: { started: number; reported: number; calendars: number }, startAll: (i: number) => Promise<unknown>, report: (i: number) => Promise<unknown>, done: () => Promise<number>, stalled: Promise<never>): Promise<number> {
  const inBatches = async (fn: (i: number) => Promise<unknown>, count: () => void) => {
    for (let i = 0; i < n; i += BATCH) await Promise.race([stalled, Promise.all(Array.from({ length: Math.min(BATCH, n - i) }, (_, k) => fn(i + k).then(count)))]);
  };
  const t0 = performance.now();
  await inBatches(startAll, () => void sent.started++);
  await Promise.race([stalled, servers.skipTo(shanghai(`${year}-02-20`, 12))]);
  await inBatches(report, () => void sent.reported++);
  await Promise.race([stalled, servers.skipTo(shanghai(`${year}-03-05`, 12))]);
  // The test server advances its clock only when every task due before the target has been processed, so all
  // reminders, reports and activities of the cycle are done here. Checked, not assumed:
  const seconds = (performance.now() - t0) / 1000;
  const finished = await done();
  if (finished !== n) throw new Error(`${finished} of ${n} workflows finished their cycle`);
  return n / seconds;
}

/**
 * The test server's clock, moved over a connection of its own that pings once in 10 minutes. The SDK's connections
 * ping every 30 s; the test server (grpc-java) allows one in 5 minutes and answers more with GOAWAY ("excess pings"),
 * which on a run of several minutes took down the long unlock-and-sleep call, and the clock with it: nothing moved
 * again (N=3000 stalled this way, its activities all done).
 */
class Clock {
  private constructor(
    private readonly connection: Connection,
    private readonly testService: NonNullable<Connection['testService']>,
  ) {}

  static async of(env: TestWorkflowEnvironment): Promise<Clock> {
    const options = {
      address: env.address,
      channelArgs: { 'grpc.keepalive_time_ms': 600_000, 'grpc.keepalive_permit_without_calls': 0 },
      // The SDK's own switch for the test service, which its test environment sets the same way.
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    };
    const connection = await Connection.connect(options as ConnectionOptions);
    if (!connection.testService) throw new Error('the time-skipping server has no test service');
    return new Clock(connection, connection.testService);
  }

  async now(): Promise<number> {
    const { time } = await this.testService.getCurrentTime({});
    return tsToMs(time);
  }

  async skipTo(epochMs: number): Promise<void> {
    const ms = epochMs - (await this.now());
    if (ms < 0) throw new Error(`cannot go back in time to ${new Date(epochMs).toISOString()}`);
    await this.testService.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

/**
 * The test servers of a phase, each with its clock and its three workers; workflow i runs on server i mod K.
 *
 * Why more than one: the time-skipping server keeps a list of every time-skipping lock and unlock it has seen
 * (`SelfAdvancingTimerImpl.lockEvents`, a `LinkedList` "for debugging purposes"), never shortens it for the locks each
 * request's context takes and releases, and finds the lock of each command update in it with `LinkedList.remove`, a
 * walk from its start. So every workflow task, activity result and signal costs time in proportion to everything the
 * server has done before: the cost of a phase grows with N squared (at N=10,000 on one server: 720 s for the
 * baseline against 21 s at 1,000), and more for the platform, which makes more updates per workflow. A phase on
 * K = N / BENCH_SHARD servers grows linearly. Each phase has servers of its own as well: the platform phase ran second on a
 * server that still held the baseline's histories, and the same code measured 0.50 to 0.81 from one run to the next.
 */
class Shards {
  private constructor(
    readonly shards: Array<{ env: TestWorkflowEnvironment; clock: Clock }>,
    /** The servers' process ids, for their CPU and memory. */
    readonly pids: number[],
  ) {}

  static async start(k: number): Promise<Shards> {
    const envs = await Promise.all(Array.from({ length: k }, () => createTimeSkippingEnv()));
    const ports = new Set(envs.map((e) => e.address.split(':').pop()));
    const pids = childrenOf(process.pid).filter((pid) => {
      const m = /temporal-test-server\S* (\d+)/.exec(commandOf(pid));
      return m !== null && ports.has(m[1]);
    });
    return new Shards(await Promise.all(envs.map(async (env) => ({ env, clock: await Clock.of(env) }))), pids);
  }

  /** The server workflow i runs on. */
  of(i: number): TestWorkflowEnvironment {
    return this.shards[i % this.shards.length]!.env;
  }

  async skipTo(epochMs: number): Promise<void> {
    await Promise.all(this.shards.map((s) => s.clock.skipTo(epochMs)));
  }

  now(): Promise<number> {
    return this.shards[0]!.clock.now();
  }

  async close(): Promise<void> {
    await Promise.all(
      this.shards.map(async ({ env, clock }) => {
        await clock.close();
        // A stalled server may not answer a clean shutdown: its process is killed after 10 s.
        await Promise.race([env.teardown(), new Promise((done) => setTimeout(done, 10_000).unref())]);
      }),
    );
  }
}

/** Workflows per test server (`BENCH_SHARD`): within the SDK's default cache, so that no workflow is evicted. */
const SHARD = Number(process.env['BENCH_SHARD'] ?? 1000);

/** A phase of n workflows on servers of its own, with its workers; what it returns and what it cost. */
async function onServers<T>(n: number, fn: (shards: Shards) => Promise<T>, counters: {
  notified: Set<string>;
  noops: { first: number; second: number };
  sent: { started: number; reported: number; calendars: number };
}): Promise<{ value: T; cost: PhaseCost }> {
  const shards = await Shards.start(Math.ceil(n / SHARD));
  const sampler = new ProcessSampler(() => [{ name: 'server', pids: shards.pids }]);
  const cpu0 = process.cpuUsage();
  const { notified, noops, sent } = counters;
  const cache = process.env['BENCH_CACHE'] ? { maxCachedWorkflows: Number(process.env['BENCH_CACHE']) } : {};
  try {
    const workers = (
      await Promise.all(
        shards.shards.map(({ env }) => [
          Worker.create({ connection: env.nativeConnection, taskQueue: TaskQueues.lifecycle, workflowsPath: path.join(__dirname, 'workflows.js'), ...cache }),
          Worker.create({
            connection: env.nativeConnection,
            taskQueue: TaskQueues.notifications,
            activities: {
              storeInAppNotification: async (i: { idempotencyKey: string }) => (notified.add(i.idempotencyKey), { notificationId: i.idempotencyKey, created: true }),
              storeInAppNotifications: async ({ notices }: { notices: Array<{ idempotencyKey: string }> }) =>
                notices.map((i) => (notified.add(i.idempotencyKey), { notificationId: i.idempotencyKey, created: true })),
              noop: async (key: string) => void (key === 'reminder-14d' ? noops.second++ : noops.first++),
            },
          }),
          // The applications service's side: the published working-day calendar each platform reads when its year begins.
          Worker.create({
            connection: env.nativeConnection,
            taskQueue: TaskQueues.applications,
            activities: { publishedCalendar: async () => (sent.calendars++, { years: [], days: [] }), noop: async () => void sent.calendars++ },
          }),
        ]).flat(),
      )
    );
    const work = fn(shards);
    const [value] = await Promise.all(workers.map((w) => w.runUntil(work)));
    const cpu = process.cpuUsage(cpu0);
    const use = sampler.stop().find((u) => u.name === 'server');
    // No server found among this process's children: its figures are NaN (printed as such), not zero.
    const found = shards.pids.length > 0 && use !== undefined;
    return {
      value: value as T,
      cost: {
        serverCpuMs: found ? (use.cpuSeconds * 1000) / n : NaN,
        benchCpuMs: (cpu.user + cpu.system) / 1000 / n,
        serverPeakMiB: found ? Math.round(use.peakBytes / MiB) : NaN,
      },
    };
  } finally {
    sampler.stop();
    await shards.close();
  }
}

/**
 * Rounds of the two phases, one after the other (baseline, platform, baseline, platform, ...): on this shared 2-core
 * machine one pair measured anything from 0.73 to 0.94 for the same code, so the ratio printed is the median of the
 * rounds' ratios. `BENCH_ROUNDS` (default 3 up to N=1000, else 1).
 */
async function measure(n: number): Promise<Measured> {
  const counters = { notified: new Set<string>(), noops: { first: 0, second: 0 }, sent: { started: 0, reported: 0, calendars: 0 } };
  const { notified, noops, sent } = counters;
  let phase = 'starting';
  const watch = new Watch(`N=${n}`, () => `${phase}: ${sent.started} started, ${sent.calendars} calendars read, ${noops.first}+${noops.second} baseline activities, ${notified.size} notices, ${sent.reported} reports`);
  const code = (i: number) => `9135020000000${String(i).padStart(5, '0')}`;
  const roundsAsked = Number(process.env['BENCH_ROUNDS'] ?? (n <= 1000 ? 3 : 1));
  const rounds: Measured['rounds'] = [];
  let historyEvents = 0;
  let reminders = 0;
  const reset = () => {
    notified.clear();
    Object.assign(noops, { first: 0, second: 0 });
    Object.assign(sent, { started: 0, reported: 0, calendars: 0 });
  };
  try {
    for (let round = 1; round <= roundsAsked; round++) {
      reset();
      // The baseline: the same timers (to 2027-01-30 and 2027-02-15 09:00), two no-op activities, a wait for the report.
      const baseline = await onServers(n, async (shards) => {
        await shards.skipTo(shanghai('2027-01-01', 1));
        const now = await shards.now();
        const first = shanghai('2027-01-30', 9) - now;
        const second = shanghai('2027-02-15', 9) - shanghai('2027-01-30', 9);
        phase = `baseline ${round}/${roundsAsked}`;
        return drive(
          n,
          shards,
          2027,
          sent,
          (i) => shards.of(i).client.workflow.start('baselineWorkflow', { taskQueue: TaskQueues.lifecycle, workflowId: `bench-baseline-${i}`, args: [first, second, 60 * 24 * HOUR] }),
          (i) => shards.of(i).client.workflow.getHandle(`bench-baseline-${i}`).signal(baselineReport),
          async () => noops.second,
          watch.stalled,
        );
      }, counters);
      reset();
      // The platform: awarded 2026, the report on 2027 due 2028-02-29; reminders 30 and 14 days before, then the report.
      // Its 2028 run begins as in production: with the search attributes its award (or the 2027 run, carried by
      // continue-as-new) left, so it writes only its new stage.
      const platform = await onServers(n, async (shards) => {
        await shards.skipTo(shanghai('2028-01-01', 1));
        phase = `platform ${round}/${roundsAsked}`;
        const rate = await drive(
          n,
          shards,
          2028,
          sent,
          (i) => shards.of(i).client.workflow.start('platformWorkflow', { taskQueue: TaskQueues.lifecycle, workflowId: `bench-platform-${i}`, args: [{ creditCode: code(i), institutionName: `P${i}`, awardedOn: '2026-12-15', listYear: 2026, policyVersion: 'xiamen-2021-114' }],
            typedSearchAttributes: [{ key: SearchAttributeKeys.CreditCode, value: code(i) }, { key: SearchAttributeKeys.Stage, value: 'platform_active' }] }),
          (i) => shards.of(i).client.workflow.getHandle(`bench-platform-${i}`).signal(reportSubmittedSignal, { reportYear: 2027, submittedOn: '2028-02-20' }),
          async () => new Set([...notified].filter((k) => k.includes('reminder-14d')).map((k) => k.split(':')[0])).size,
          watch.stalled,
        );
        historyEvents = (await shards.of(0).client.workflow.getHandle('bench-platform-0').fetchHistory()).events?.length ?? 0;
        return rate;
      }, counters);
      reminders = [...notified].filter((k) => k.includes('reminder')).length;
      rounds.push({ baseline: baseline.value, platform: platform.value, cost: { baseline: baseline.cost, platform: platform.cost } });
      process.stderr.write(
        `  round ${round}: platform ${platform.value.toFixed(1)}, baseline ${baseline.value.toFixed(1)} workflows/s, ratio ${(platform.value / baseline.value).toFixed(2)}; ` +
          `CPU ms a workflow, platform/baseline: test server ${platform.cost.serverCpuMs.toFixed(1)}/${baseline.cost.serverCpuMs.toFixed(1)}, ` +
          `bench process ${platform.cost.benchCpuMs.toFixed(1)}/${baseline.cost.benchCpuMs.toFixed(1)}\n`,
      );
    }
    return { n, rounds, reminders, seconds: watch.elapsed(), peakRssMiB: Math.round(watch.peakRss / MiB), historyEvents };
  } finally {
    watch.stop();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One N in this process: prints its figures, exits 1 if it failed or stalled. */
async function one(n: number): Promise<void> {
  if (process.env['BENCH_LOG']) Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } } });
  const k = Math.ceil(n / SHARD);
  process.stdout.write(`bench/lifecycle N=${n} (each phase on ${k} test server${k > 1 ? 's' : ''} of at most ${SHARD} workflows)\n`);
  try {
    const r = await measure(n);
    const ratios = r.rounds.map((x) => x.platform / x.baseline);
    const cost = (phase: 'platform' | 'baseline', field: keyof PhaseCost, digits = 1) => median(r.rounds.map((x) => x.cost[phase][field])).toFixed(digits);
    process.stdout.write(
      `  platform (February report cycle): ${median(r.rounds.map((x) => x.platform)).toFixed(1)} workflows/s (${r.reminders} reminders sent in the last round)\n` +
        `  baseline (same timers, no-op activities): ${median(r.rounds.map((x) => x.baseline)).toFixed(1)} workflows/s\n` +
        `  ratio platform/baseline: ${median(ratios).toFixed(2)} (median of ${ratios.length} round${ratios.length > 1 ? 's' : ''}: ${ratios.map((x) => x.toFixed(2)).join(', ')})\n` +
        `  CPU a workflow (median of the rounds), platform/baseline: test server ${cost('platform', 'serverCpuMs')}/${cost('baseline', 'serverCpuMs')} ms, ` +
        `bench process (client and workers) ${cost('platform', 'benchCpuMs')}/${cost('baseline', 'benchCpuMs')} ms; ` +
        `test server peak RSS ${cost('platform', 'serverPeakMiB', 0)}/${cost('baseline', 'serverPeakMiB', 0)} MiB\n` +
        `  wall time ${r.seconds.toFixed(0)} s, peak RSS (workers and client) ${r.peakRssMiB} MiB, ${r.historyEvents} history events per platform this year\n`,
    );
    process.exit(0);
  } catch (err) {
    process.stdout.write(`  failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

/** Each N in a process of its own, one after the other: a stalled one cannot hold up or skew the next. */
async function main(): Promise<void> {
  if (process.argv[2] === '--one') return one(Number(process.argv[3]));
  const ns = process.argv.slice(2).map(Number);
  let failed = false;
  for (const n of ns.length ? ns : [1000]) {
    const code = await new Promise<number | null>((done) => fork(__filename, ['--one', String(n)], { stdio: 'inherit' }).on('exit', done));
    failed ||= code !== 0;
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
