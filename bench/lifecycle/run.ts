/**
 * bench/lifecycle: drives N platform workflows through a February report cycle (two reminders, then the report)
 * on the time-skipping test server, and a baseline with the same timers and no-op activities, one phase after the
 * other, each on test servers of its own, at most BENCH_SHARD workflows (default 1000) on each (see `Shards`), with
 * its workers in a process of their own (`WorkersProcess`). Prints workflows/second for each and their ratio, the CPU
 * a workflow cost the servers, the workers and the client, the peak RSS of the workers' process and of the client,
 * the wall time and the platform workflow's history length, for each N given, each in a process of its own:
 *   node dist/bench/lifecycle/run.js [N...]            (default 1000; e.g. 1000 3000 10000)
 * A run whose counts stop moving for STALL_S seconds is reported as stalled, with where it stood, and the next N runs.
 * BENCH_ROUNDS=<n> runs the pair of phases n times and prints the median ratio (default 5 up to N=1000, 3 up to 3000,
 * else 1).
 * BENCH_CACHE=<n> sets each workflow worker's maxCachedWorkflows (default: the SDK's, from the heap limit, above the
 * 1,000 workflows of its server); BENCH_CPU_PROF=<dir> writes CPU profiles of each phase's workers' process and
 * threads there; BENCH_LOG=1 shows the SDK's warnings.
 */
import { reportSubmittedSignal, SearchAttributeKeys, TaskQueues } from '@sme/contracts';
import { createTimeSkippingEnv, quietTemporalRuntime, shanghai, SILENT_LOGGER } from '@sme/testing';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { childrenOf, commandOf, ProcessSampler } from '../procfs';
import { baselineReport } from './baseline.workflow';

const HOUR = 3_600_000;
const BATCH = 50;
const STALL_S = Number(process.env['STALL_S'] ?? 120);
const MiB = 2 ** 20;

/**
 * What a phase cost: CPU milliseconds a workflow of its test servers, of its workers' process and of this one (the
 * client), and the peak RSS of the servers (together) and of the workers' process. Constant per workflow as N grows is
 * linear; the wall time alone cannot say which side grew.
 */
interface PhaseCost {
  serverCpuMs: number;
  workersCpuMs: number;
  clientCpuMs: number;
  serverPeakMiB: number;
  workersPeakMiB: number;
}

/** What one N measured: each round's throughputs and costs, baseline then platform. */
interface Measured {
  n: number;
  rounds: Array<{ baseline: number; platform: number; cost: { baseline: PhaseCost; platform: PhaseCost } }>;
  reminders: number;
  seconds: number;
  /** This process's (the client's): the workers' is in each phase's cost. */
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
      if (++tick % 10 === 0) process.stderr.write(`  [${this.label} ${this.elapsed().toFixed(0)} s] ${now}, client rss ${(rss / MiB).toFixed(0)} MiB\n`);
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
  await servers.flush();
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
 * The test servers of a phase, each with its clock; workflow i runs on server i mod K. Their workers run in a process
 * of their own (`WorkersProcess`).
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
  /** The workers' process, once started (`onServers`): `flush` waits for every message it sent before. */
  workers?: WorkersProcess;

  private constructor(
    readonly shards: Array<{ env: TestWorkflowEnvironment; clock: Clock }>,
    /** The servers' process ids, for their CPU and memory. */
    readonly pids: number[],
  ) {}

  /** Every count the workers' activities sent so far has arrived. */
  async flush(): Promise<void> {
    await this.workers?.flush();
  }

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

/** What the workers' process tells: its activities' counts, that it is ready, a flush answered, and at its end what it used. */
type FromWorkers =
  | { notified: string[] }
  | { noop: 'first' | 'second' }
  | { calendar: true }
  | { ready: true }
  | { flushed: number }
  | { peakRssBytes: number; cpuSeconds: number };
type ToWorkers = { flush: number } | { stop: true };

interface Counters {
  notified: Set<string>;
  noops: { first: number; second: number };
  sent: { started: number; reported: number; calendars: number };
}

/**
 * The workers of a phase in a process of their own (`--workers <addresses>`), so that their memory and CPU are measured
 * apart from the client's: for each server a worker of the lifecycle queue (the workflows), one of the notifications
 * queue and one of the applications queue (the activities, which count what they did here over IPC).
 */
class WorkersProcess {
  private flushes = new Map<number, () => void>();
  private nextFlush = 0;
  private used?: { peakRssBytes: number; cpuSeconds: number };
  readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  static start(addresses: string[], bundleFile: string, { notified, noops, sent }: Counters): Promise<WorkersProcess> {
    // BENCH_CPU_PROF=<dir>: a CPU profile of the workers' process and of each of its threads (the workflows run in worker threads).
    const prof = process.env['BENCH_CPU_PROF'];
    const execArgv = [...process.execArgv, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])];
    const child = fork(__filename, ['--workers', JSON.stringify(addresses), bundleFile], { stdio: 'inherit', execArgv });
    const w = new WorkersProcess(child);
    return new Promise((ready, failed) => {
      child.once('exit', (code) => failed(new Error(`the workers' process exited (${code}) before it was ready`)));
      child.on('message', (m: FromWorkers) => {
        if ('notified' in m) for (const k of m.notified) notified.add(k);
        else if ('noop' in m) noops[m.noop]++;
        else if ('calendar' in m) sent.calendars++;
        else if ('flushed' in m) w.flushes.get(m.flushed)?.();
        else if ('peakRssBytes' in m) w.used = m;
        else if ('ready' in m) ready(w);
      });
    });
  }

  /** IPC keeps order: the answer to a flush comes after every message sent before it. */
  flush(): Promise<void> {
    const id = this.nextFlush++;
    return new Promise((done) => {
      this.flushes.set(id, done);
      this.child.send({ flush: id } satisfies ToWorkers);
    });
  }

  /** Shuts the workers down; their peak RSS and CPU seconds, or undefined when the process did not say (killed after 30 s). */
  async stop(): Promise<{ peakRssBytes: number; cpuSeconds: number } | undefined> {
    if (this.child.connected) this.child.send({ stop: true } satisfies ToWorkers);
    const killed = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(killed);
    return this.used;
  }
}

/** The SDK's warnings shown (`BENCH_LOG=1`), in the client's process and in the workers'; else its errors only. */
function installLogging(): void {
  if (process.env['BENCH_LOG']) Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } } });
  else quietTemporalRuntime();
}

/** `--workers <addresses> <bundle file>`: the workers' process (see `WorkersProcess`). */
async function workersProcess(addresses: string[], bundleFile: string): Promise<void> {
  installLogging();
  const workflowBundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as WorkflowBundleWithSourceMap;
  const send = (m: FromWorkers) => process.send!(m);
  const cache = process.env['BENCH_CACHE'] ? { maxCachedWorkflows: Number(process.env['BENCH_CACHE']) } : {};
  const workers = await Promise.all(
    (await Promise.all(addresses.map((address) => NativeConnection.connect({ address })))).flatMap((connection) => [
      Worker.create({ connection, taskQueue: TaskQueues.lifecycle, workflowBundle, ...cache }),
      Worker.create({
        connection,
        taskQueue: TaskQueues.notifications,
        activities: {
          storeInAppNotification: async (i: { idempotencyKey: string }) => (send({ notified: [i.idempotencyKey] }), { notificationId: i.idempotencyKey, created: true }),
          storeInAppNotifications: async ({ notices }: { notices: Array<{ idempotencyKey: string }> }) => (
            send({ notified: notices.map((i) => i.idempotencyKey) }), notices.map((i) => ({ notificationId: i.idempotencyKey, created: true }))
          ),
          noop: async (key: string) => void send({ noop: key === 'reminder-14d' ? 'second' : 'first' }),
        },
      }),
      // The applications service's side: the published working-day calendar each platform reads when its year begins.
      Worker.create({
        connection,
        taskQueue: TaskQueues.applications,
        activities: { publishedCalendar: async () => (send({ calendar: true }), { years: [], days: [] }), noop: async () => void send({ calendar: true }) },
      }),
    ]),
  );
  const stopped = new Promise<void>((done) =>
    process.on('message', (m: ToWorkers) => ('flush' in m ? send({ flushed: m.flush }) : done())),
  );
  // The CPU of the phase, from here: not the workers' start.
  const cpu0 = process.cpuUsage();
  send({ ready: true });
  await Promise.all(workers.map((w) => w.runUntil(stopped)));
  const cpu = process.cpuUsage(cpu0);
  // maxRSS is the kernel's high-water mark of this process, in KiB.
  process.send!({ peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6 } satisfies FromWorkers, () => process.exit(0));
}

/** A phase of n workflows on servers of its own, with its workers' process; what it returns and what it cost. */
async function onServers<T>(n: number, bundleFile: string, fn: (shards: Shards) => Promise<T>, counters: Counters): Promise<{ value: T; cost: PhaseCost }> {
  const shards = await Shards.start(Math.ceil(n / SHARD));
  const sampler = new ProcessSampler(() => [{ name: 'server', pids: shards.pids }]);
  const cpu0 = process.cpuUsage();
  try {
    shards.workers = await WorkersProcess.start(shards.shards.map((s) => s.env.address), bundleFile, counters);
    const lost = shards.workers.exited.then((): never => {
      throw new Error("the workers' process exited before the phase ended");
    });
    lost.catch(() => undefined);
    const value = await Promise.race([fn(shards), lost]);
    const workers = await shards.workers.stop();
    const cpu = process.cpuUsage(cpu0);
    const use = sampler.stop().find((u) => u.name === 'server');
    // What was not found or not told is NaN (printed as such), not zero.
    const found = shards.pids.length > 0 && use !== undefined;
    return {
      value,
      cost: {
        serverCpuMs: found ? (use.cpuSeconds * 1000) / n : NaN,
        workersCpuMs: workers ? (workers.cpuSeconds * 1000) / n : NaN,
        clientCpuMs: (cpu.user + cpu.system) / 1000 / n,
        serverPeakMiB: found ? Math.round(use.peakBytes / MiB) : NaN,
        workersPeakMiB: workers ? Math.round(workers.peakRssBytes / MiB) : NaN,
      },
    };
  } finally {
    sampler.stop();
    await shards.workers?.stop();
    await shards.close();
  }
}

/**
 * Rounds of the two phases, one after the other (baseline, platform, baseline, platform, ...): on this shared 2-core
 * machine one pair measured anything from 0.73 to 0.94 for the same code, so the ratio printed is the median of the
 * rounds' ratios. `BENCH_ROUNDS` (default 5 up to N=1000, 3 up to 3000, else 1: with the workers in a process of
 * their own, three rounds of the same code at N=1000 measured 0.71, 1.07 and 0.79).
 */
async function measure(n: number, bundleFile: string): Promise<Measured> {
  const counters = { notified: new Set<string>(), noops: { first: 0, second: 0 }, sent: { started: 0, reported: 0, calendars: 0 } };
  const { notified, noops, sent } = counters;
  let phase = 'starting';
  const watch = new Watch(`N=${n}`, () => `${phase}: ${sent.started} started, ${sent.calendars} calendars read, ${noops.first}+${noops.second} baseline activities, ${notified.size} notices, ${sent.reported} reports`);
  const code = (i: number) => `9135020000000${String(i).padStart(5, '0')}`;
  const roundsAsked = Number(process.env['BENCH_ROUNDS'] ?? (n <= 1000 ? 5 : n <= 3000 ? 3 : 1));
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
      const baseline = await onServers(n, bundleFile, async (shards) => {
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
      const platform = await onServers(n, bundleFile, async (shards) => {
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
          `workers ${platform.cost.workersCpuMs.toFixed(1)}/${baseline.cost.workersCpuMs.toFixed(1)}, client ${platform.cost.clientCpuMs.toFixed(1)}/${baseline.cost.clientCpuMs.toFixed(1)}\n`,
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
  installLogging();
  const k = Math.ceil(n / SHARD);
  process.stdout.write(`bench/lifecycle N=${n} (each phase on ${k} test server${k > 1 ? 's' : ''} of at most ${SHARD} workflows)\n`);
  try {
    // The workflow code bundled once for every phase's workers' process (webpack takes a few seconds of CPU).
    const bundleFile = path.join(tmpdir(), `sme-bench-lifecycle-${process.pid}.json`);
    writeFileSync(bundleFile, JSON.stringify(await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'workflows.js'), logger: SILENT_LOGGER })));
    const r = await measure(n, bundleFile).finally(() => rmSync(bundleFile, { force: true }));
    const ratios = r.rounds.map((x) => x.platform / x.baseline);
    const cost = (phase: 'platform' | 'baseline', field: keyof PhaseCost, digits = 1) => median(r.rounds.map((x) => x.cost[phase][field])).toFixed(digits);
    // The same comparison by the CPU a workflow took (workers and servers), which the other processes on the machine
    // disturb less than the wall time: the baseline's over the platform's.
    const cpu = (c: PhaseCost) => c.workersCpuMs + c.serverCpuMs;
    const cpuRatios = r.rounds.map((x) => cpu(x.cost.baseline) / cpu(x.cost.platform));
    process.stdout.write(
      `  platform (February report cycle): ${median(r.rounds.map((x) => x.platform)).toFixed(1)} workflows/s (${r.reminders} reminders sent in the last round)\n` +
        `  baseline (same timers, no-op activities): ${median(r.rounds.map((x) => x.baseline)).toFixed(1)} workflows/s\n` +
        `  ratio platform/baseline: ${median(ratios).toFixed(2)} (median of ${ratios.length} round${ratios.length > 1 ? 's' : ''}: ${ratios.map((x) => x.toFixed(2)).join(', ')})\n` +
        `  CPU a workflow (median of the rounds), platform/baseline: test server ${cost('platform', 'serverCpuMs')}/${cost('baseline', 'serverCpuMs')} ms, ` +
        `workers ${cost('platform', 'workersCpuMs')}/${cost('baseline', 'workersCpuMs')} ms, client ${cost('platform', 'clientCpuMs')}/${cost('baseline', 'clientCpuMs')} ms; ` +
        `test server peak RSS ${cost('platform', 'serverPeakMiB', 0)}/${cost('baseline', 'serverPeakMiB', 0)} MiB\n` +
        `  CPU ratio (baseline's CPU a workflow over the platform's, workers and servers): ${median(cpuRatios).toFixed(2)} (${cpuRatios.map((x) => x.toFixed(2)).join(', ')})\n` +
        `  peak RSS of the workers' process ${cost('platform', 'workersPeakMiB', 0)}/${cost('baseline', 'workersPeakMiB', 0)} MiB, of the client ${r.peakRssMiB} MiB\n` +
        `  wall time ${r.seconds.toFixed(0)} s, ${r.historyEvents} history events per platform this year\n`,
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
  if (process.argv[2] === '--workers') return workersProcess(JSON.parse(process.argv[3]!) as string[], process.argv[4]!);
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
