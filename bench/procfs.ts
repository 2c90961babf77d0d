import { readdirSync, readFileSync } from 'node:fs';

const KiB = 1024;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in hundredths of a second. */
const TICKS = 100;

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // the process is gone
  }
};

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM), or null when the process is gone. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * KiB : null;
}

/** The fields after the command name of /proc/<pid>/stat (the name may hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  const s = read(`/proc/${pid}/stat`);
  return s ? s.slice(s.lastIndexOf(')') + 2).split(' ') : null;
}

/** User and system CPU seconds the process has used. */
function cpuSeconds(pid: number): number | null {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / TICKS : null;
}

/** Proportional set size: shared pages divided among their sharers, so a group's sum is what it really holds. */
function pssBytes(pid: number): number | null {
  const m = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? '');
  return m ? Number(m[1]) * KiB : null;
}

/** A process's command line, its arguments joined by spaces ('' when it is gone). */
export function commandOf(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ').trim();
}

/** Every process whose command line contains `text`. */
export function pidsWhoseCommandHas(text: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => commandOf(pid).includes(text));
}

/** The direct children of a process. */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => statFields(p)?.[1] === String(pid));
}

/** What a process (or a group: a server and its backends) used at its peak and in CPU time. */
export interface ProcessUse {
  name: string;
  /** Peak resident memory: the kernel's high-water mark of one process, or the largest sum of PSS sampled for a group. */
  peakBytes: number;
  cpuSeconds: number;
  /** Processes sampled under the name (more than one: a group, or a process that was restarted). */
  pids: number;
}

/**
 * Samples named processes every `everyMs`: a single process by its VmHWM (the kernel keeps the peak between samples),
 * a group (`group: true`, e.g. PostgreSQL's postmaster and backends) by the sum of its members' PSS. CPU seconds are
 * the last reading of each pid seen, summed per name.
 */
export class ProcessSampler {
  private readonly peaks = new Map<string, number>();
  private readonly current = new Map<string, number>();
  private readonly cpu = new Map<string, Map<number, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly targets: () => Array<{ name: string; pids: number[]; group?: boolean }>,
    everyMs = 2000,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    for (const t of this.targets()) {
      const rss = t.group ? t.pids.reduce((sum, pid) => sum + (pssBytes(pid) ?? 0), 0) : t.pids.reduce((sum, pid) => sum + (statusBytes(pid, 'VmRSS') ?? 0), 0);
      const peak = t.group ? rss : Math.max(rss, ...t.pids.map((pid) => statusBytes(pid, 'VmHWM') ?? 0));
      this.current.set(t.name, rss);
      this.peaks.set(t.name, Math.max(this.peaks.get(t.name) ?? 0, peak));
      const seen = this.cpu.get(t.name) ?? new Map<number, number>();
      for (const pid of t.pids) {
        const s = cpuSeconds(pid);
        if (s !== null) seen.set(pid, s);
      }
      this.cpu.set(t.name, seen);
    }
  }

  private cpuOf(name: string): number {
    return [...(this.cpu.get(name)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }

  /** Each target's memory now (of a group: PSS) and the CPU seconds it has used (exited members included), for a progress line. */
  now(): Array<{ name: string; bytes: number; cpuSeconds: number }> {
    this.sample();
    return [...this.current].map(([name, bytes]) => ({ name, bytes, cpuSeconds: this.cpuOf(name) }));
  }

  stop(): ProcessUse[] {
    clearInterval(this.timer);
    this.sample();
    return [...this.peaks].map(([name, peakBytes]) => ({ name, peakBytes, cpuSeconds: Math.round(this.cpuOf(name)), pids: this.cpu.get(name)?.size ?? 0 }));
  }
}

/** CPU seconds the whole machine has been busy (all cores), from /proc/stat: what ran beside a bench shows against its own. */
export function machineBusySeconds(): number {
  const f = (read('/proc/stat') ?? '').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) / TICKS;
}
