import { isGrpcDeadlineError } from '@temporalio/client';

/**
 * A bound on each read `eventually` makes. The time-skipping server can lose a query that reaches it while the
 * workflow's task is being worked on; the client would then wait out its own 60 s deadline. Under this bound the lost
 * query fails after READ_DEADLINE_MS (DEADLINE_EXCEEDED, which the client never retries) and is asked again, and no
 * call outlives the test that made it.
 */
export const READ_DEADLINE_MS = 5000;

interface Deadlines {
  withDeadline<R>(deadline: number, fn: () => Promise<R>): Promise<R>;
}

let bound: Deadlines | undefined;
let boundMs = READ_DEADLINE_MS;

/** Reads through this connection are bounded from now on (workflowTestEnv sets its environment's; undefined clears). */
export function boundReadsBy(connection: Deadlines | undefined, ms = READ_DEADLINE_MS): void {
  bound = connection;
  boundMs = ms;
}

/** Runs one read under the bound; `undefined` when it got no answer in time. */
export async function boundedRead<T>(read: () => Promise<T>): Promise<{ answer: T } | undefined> {
  if (!bound) return { answer: await read() };
  try {
    return { answer: await bound.withDeadline(Date.now() + boundMs, read) };
  } catch (err) {
    if (isGrpcDeadlineError(err)) return undefined;
    throw err;
  }
}
