import { stopLeftoverProcesses } from '@sme/testing';

/**
 * After each test file: a process it started and did not stop (a failed beforeAll that stopped nothing, a missing
 * afterAll) is killed here and fails the file by name. Left running, it would keep jest from exiting at the end of
 * the run and, polling the shared Temporal namespace, would take the workflow tasks of the files after it.
 */
afterAll(async () => {
  const left = await stopLeftoverProcesses();
  if (left.length > 0) throw new Error(`this test file left running (now killed): ${left.join(', ')}`);
});
