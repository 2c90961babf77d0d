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
 * NOT MEASURED YET. These are conservative guesses (a NestJS service with its Temporal activity worker, the
 * orchestrator's workflow worker with its cache of workflows, the Express gateway). They must be replaced by the peak
 * RSS that bench/scale measures (issue 16: 10,000 platforms on the real stack, "the peak RSS of the orchestrator and
 * of each service"), with the run's date and command in bench/RESULTS.md.
 */
export const PROCESS_SIZES = {
  applications: { peakRssMiB: 640, cpuMillis: 500 },
  scoring: { peakRssMiB: 384, cpuMillis: 250 },
  notifications: { peakRssMiB: 384, cpuMillis: 250 },
  orchestrator: { peakRssMiB: 1024, cpuMillis: 500 },
  gateway: { peakRssMiB: 192, cpuMillis: 250 },
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
