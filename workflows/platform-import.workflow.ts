import { type PlatformImportInput, type PlatformImportRow, type PlatformImportStatus, platformImportStatusQuery, type TitleAward } from '@sme/contracts';
import { continueAsNew, patched, setHandler } from '@temporalio/workflow';
import { lifecycle } from './lib/activities';

/**
 * Rows awarded side by side, and rows per run before the import continues as new. An import of 5,000 rows one row at a
 * time made one history of 30,000 events: once evicted from a busy worker's cache (10,000 platform workflows starting
 * beside it), every activity's answer and every progress query replayed all of it, and the import stalled (bench/scale,
 * issue 16). In chunks, a run holds at most RUN_ROWS rows, about 1,100 events, and the rows left travel to the next run.
 */
export const IMPORT_CHUNK = 20;
export const IMPORT_RUN_ROWS = 400;
export const IMPORT_CHUNKS_PATCH = 'import-in-chunks';
/** Runs with this patch award a chunk in one activity task (`awardTitles`) instead of one task per row. */
export const IMPORT_BATCH_PATCH = 'import-chunk-one-task';

/**
 * `import-<digest>`: brings the platforms recognised before the system into it. Each row records the title in the
 * registry and starts (or finds) `platform-<creditCode>`, whose lifecycle begins where the title's validity stands
 * today. Durable: a restart resumes at the next chunk; every step is idempotent, so the same rows imported again change
 * nothing, and a chunk retried awards nothing twice. Progress is the `status` query, counted across runs.
 */
export async function platformImportWorkflow(input: PlatformImportInput): Promise<PlatformImportStatus> {
  const before = input.progress ?? { total: input.rows.length, done: 0, created: 0, existing: 0 };
  const s: PlatformImportStatus = { importId: input.importId, stage: 'importing', ...before, current: null };
  setHandler(platformImportStatusQuery, () => s);
  const titleOf = (r: PlatformImportRow): TitleAward => {
    const listYear = Number(r.awardedOn.slice(0, 4));
    return { callYear: listYear, creditCode: r.creditCode, institutionName: r.institutionName, awardedOn: r.awardedOn, listYear, policyVersion: input.policyVersion, functions: r.functions };
  };
  const count = ({ renewed }: { renewed: boolean }): void => {
    if (renewed) s.existing++;
    else s.created++;
    s.done++;
  };
  const award = async (r: PlatformImportRow) => count(await lifecycle.awardTitle(titleOf(r)));
  // Asked first: a run recorded with it awards in one task per chunk; one recorded before asks as it did.
  const batched = patched(IMPORT_BATCH_PATCH);
  if (!batched && !patched(IMPORT_CHUNKS_PATCH)) {
    for (const r of input.rows) {
      s.current = { row: r.row, creditCode: r.creditCode };
      await award(r);
    }
  } else {
    const run = input.rows.slice(0, IMPORT_RUN_ROWS);
    for (let i = 0; i < run.length; i += IMPORT_CHUNK) {
      const chunk = run.slice(i, i + IMPORT_CHUNK);
      s.current = { row: chunk[0]!.row, creditCode: chunk[0]!.creditCode };
      if (batched) (await lifecycle.awardTitles({ awards: chunk.map(titleOf) })).forEach(count);
      else await Promise.all(chunk.map(award));
    }
    const rest = input.rows.slice(IMPORT_RUN_ROWS);
    if (rest.length) {
      const { stage: _stage, current: _current, importId: _id, ...progress } = s;
      return continueAsNew<typeof platformImportWorkflow>({ ...input, rows: rest, progress });
    }
  }
  s.current = null;
  s.stage = 'done';
  return s;
}
