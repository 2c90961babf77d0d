import { Logger } from '@nestjs/common';
import { SearchAttributeKeys } from '@sme/contracts';
import type { Client } from '@temporalio/client';

const VISIBILITY_TIMEOUT_MS = 3000;
const log = new Logger('Visibility');

/**
 * The stage each workflow last published (its `Stage` search attribute), from one visibility list call, keyed by
 * `keyOf`. The first seen wins: visibility lists running executions first, then the most recently closed, so a
 * continued-as-new workflow answers with its current run (the dev server's SQL visibility has no ORDER BY).
 * Visibility is eventually consistent and may be down: then the map is partial or empty and callers show
 * "unknown", never fail.
 */
export async function publishedStages(client: Client, query: string, keyOf: (workflowId: string, creditCode: string | undefined) => string, limit: number): Promise<Map<string, string>> {
  const stages = new Map<string, string>();
  try {
    await client.withDeadline(Date.now() + VISIBILITY_TIMEOUT_MS, async () => {
      let seen = 0;
      for await (const wf of client.workflow.list({ query, pageSize: Math.min(limit, 1000) })) {
        const stage = wf.typedSearchAttributes.get(SearchAttributeKeys.Stage);
        const key = keyOf(wf.workflowId, wf.typedSearchAttributes.get(SearchAttributeKeys.CreditCode));
        if (stage && !stages.has(key)) stages.set(key, stage);
        if (++seen >= limit) break;
      }
    });
  } catch (err) {
    log.warn(`stages not read from visibility: ${String(err)}`);
  }
  return stages;
}
