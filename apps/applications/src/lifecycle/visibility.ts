import { HttpStatus, Logger } from '@nestjs/common';
import { SearchAttributeKeys } from '@sme/contracts';
import { DomainProblem } from '@sme/runtime';
import type { Client } from '@temporalio/client';

const VISIBILITY_TIMEOUT_MS = 3000;
/** A filter lists more than a page of stages: it may take a few pages of visibility. */
const FILTER_TIMEOUT_MS = 10_000;
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

/**
 * The ids of the workflows that `query` lists (e.g. the applications whose published `Stage` is one stage), for a
 * filter: at most `limit`. Visibility is eventually consistent: a workflow that has just moved on is listed under
 * its previous stage for a moment (about a second on the dev server), so a filtered list can briefly show it at the
 * stage it left or miss it at the new one. Unlike `publishedStages`, a visibility that does not answer, or a filter
 * that matches more than `limit`, is a refusal here: a filter that silently matched nothing (or a part) would mislead.
 */
export async function listedWorkflowIds(client: Client, query: string, limit: number): Promise<string[]> {
  return [...(await listedWorkflowStages(client, query, limit)).keys()];
}

/**
 * As `listedWorkflowIds`, with the stage each listed workflow published: one call answers a query over several
 * stages (`Stage IN (...)`). Temporal allows a namespace about ten visibility calls a second
 * (`frontend.namespaceRPS.visibility`); beyond them calls queue and retry.
 */
export async function listedWorkflowStages(client: Client, query: string, limit: number): Promise<Map<string, string | null>> {
  const stages = new Map<string, string | null>();
  let listed = 0;
  try {
    await client.withDeadline(Date.now() + FILTER_TIMEOUT_MS, async () => {
      for await (const wf of client.workflow.list({ query, pageSize: 1000 })) {
        if (!stages.has(wf.workflowId)) stages.set(wf.workflowId, wf.typedSearchAttributes.get(SearchAttributeKeys.Stage) ?? null);
        if (++listed > limit) break;
      }
    });
  } catch (err) {
    log.warn(`workflows not listed from visibility: ${String(err)}`);
    throw new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, 'visibility-unavailable', {
      zh: '流程阶段暂时无法查询，请稍后重试，或不按阶段筛选',
      en: 'the workflows\' stages cannot be read now: retry shortly, or do not filter by stage',
    }, undefined, { retryAfter: 5 });
  }
  if (listed > limit) {
    throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'stage-filter-too-wide', {
      zh: `该阶段的申报超过 ${limit} 份，请同时选择年度`,
      en: `more than ${limit} applications are at this stage: choose a year as well`,
    });
  }
  return stages;
}
