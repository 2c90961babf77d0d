import { Size } from 'cdk8s';
import { Cpu, type ContainerResources } from 'cdk8s-plus-34';

export interface ProcessSize {
  /** Peak resident set size, MiB. */
  peakRssMiB: number;
  /** What the process uses at its busiest, millicores. */
  cpuMillis: number;
}

/**
 * How big each process gets: the one source of every container's requests and limits.
 *
 * Measured by bench/scale (bench/RESULTS.md, 2026-12-03, `npm run bench:scale -- 10000`): 10,000 platforms imported
 * through the gateway on one instance of each process, a third of them late. Memory is each process's peak RSS
 * there, rounded up to 32 MiB; CPU is the busiest 15 s of that run (the share of a core), with 100 m as the floor.
 * On that 2-core machine the Temporal dev server set the pace, so a faster Temporal cluster makes the workers busier:
 * the limits leave room for it. The migration job was not measured (one process, minutes, once per image).
 */
export const PROCESS_SIZES = {
  // 439 MiB, 13% of a core while the imports ran (awardTitle: the register, the audit chain, signal-with-start).
  applications: { peakRssMiB: 448, cpuMillis: 150 },
  // 172 MiB; idle in that run (no panels).
  scoring: { peakRssMiB: 192, cpuMillis: 100 },
  // 211 MiB, 6%: 6,668 notices stored and one digest.
  notifications: { peakRssMiB: 224, cpuMillis: 100 },
  // 682 MiB with WORKFLOW_CACHE_SIZE=250 (996-1,114 with 500), 40% of a core while 10,000 started (RESULTS.md).
  orchestrator: { peakRssMiB: 704, cpuMillis: 400 },
  // 149 MiB, 2%.
  gateway: { peakRssMiB: 160, cpuMillis: 100 },
  migrate: { peakRssMiB: 256, cpuMillis: 250 },
} as const satisfies Record<string, ProcessSize>;

export type SizedProcess = keyof typeof PROCESS_SIZES;

/**
 * Requests are the measured peak (the scheduler places a pod where its peak fits); the memory limit leaves half as
 * much again before the kernel kills it, and the CPU limit lets start-up (Nest's module graph, the workflow bundle)
 * burst to four times the busy figure.
 */
export function resourcesOf(process: SizedProcess): ContainerResources {
  const { peakRssMiB, cpuMillis } = PROCESS_SIZES[process];
  return {
    memory: { request: Size.mebibytes(peakRssMiB), limit: Size.mebibytes(Math.ceil(peakRssMiB * 1.5)) },
    cpu: { request: Cpu.millis(cpuMillis), limit: Cpu.millis(cpuMillis * 4) },
  };
}
