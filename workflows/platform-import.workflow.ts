import { type PlatformImportInput, type PlatformImportStatus, platformImportStatusQuery } from '@sme/contracts';
import { setHandler } from '@temporalio/workflow';
import { lifecycle } from './lib/activities';

/**
 * `import-<digest>`: brings the platforms recognised before the system into it, row by row. Each row records the
 * title in the registry and starts (or finds) `platform-<creditCode>`, whose lifecycle begins where the title's
 * validity stands today. Durable: a restart resumes at the next row; every step is idempotent, so the same rows
 * imported again change nothing. Progress is the `status` query.
 */
export async function platformImportWorkflow(input: PlatformImportInput): Promise<PlatformImportStatus> {
  const s: PlatformImportStatus = { importId: input.importId, stage: 'importing', total: input.rows.length, done: 0, created: 0, existing: 0, current: null };
  setHandler(platformImportStatusQuery, () => s);
  for (const r of input.rows) {
    s.current = { row: r.row, creditCode: r.creditCode };
    const listYear = Number(r.awardedOn.slice(0, 4));
    const { renewed } = await lifecycle.awardTitle({
      callYear: listYear,
      creditCode: r.creditCode,
      institutionName: r.institutionName,
      awardedOn: r.awardedOn,
      listYear,
      policyVersion: input.policyVersion,
      functions: r.functions,
    });
    if (renewed) s.existing++;
    else s.created++;
    s.done++;
  }
  s.current = null;
  s.stage = 'done';
  return s;
}
