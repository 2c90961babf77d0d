import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { WORKSPACE_ROOT } from './paths';

/** Stored workflow histories that every later version of the code must replay (see workflows/replay.spec.ts). */
export const HISTORIES_DIR = path.join(WORKSPACE_ROOT, 'workflows/histories');

/**
 * With RECORD_HISTORIES=1, stores the history of a workflow under `name` (protobuf binary, as the server keeps
 * it). Recorded once, committed, never rewritten: a history records what running code once did.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env['RECORD_HISTORIES']) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const history = await handle.fetchHistory();
  writeFileSync(path.join(HISTORIES_DIR, `${name}.binpb`), temporal.api.history.v1.History.encode(history).finish());
}

export function storedHistories(): Array<{ name: string; history: temporal.api.history.v1.History }> {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.binpb'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.binpb$/, ''),
      history: temporal.api.history.v1.History.decode(readFileSync(path.join(HISTORIES_DIR, f))),
    }));
}
