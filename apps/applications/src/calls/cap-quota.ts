import { callQuotaFromCap, type PolicyVersion, type Text } from '@sme/policy';
import type { DataSource, EntityManager } from 'typeorm';

export interface CapQuota {
  year: number;
  policyVersion: string;
  /** 总量控制: the most titles valid at once (policy data). */
  cap: number;
  /** Titles on the register valid at the start of the year. */
  validTitles: number;
  /** Of them, those whose validity ends within the year (their holders may apply again in it, 第十七条). */
  expiringInYear: number;
  stillValid: number;
  quota: number;
  explanation: Text;
}

/**
 * The most titles a year's call may award under the cap (第十九条 总量控制): the cap less the titles on the register
 * that stay valid beyond the year. Counted from the register as it stands.
 */
export async function capQuota(db: DataSource | EntityManager, year: number, policy: PolicyVersion): Promise<CapQuota> {
  const [row] = (await db.query(
    `SELECT count(*)::int AS valid, count(*) FILTER (WHERE valid_through <= $2)::int AS expiring
       FROM applications.platform WHERE status = 'valid' AND valid_through >= $1`,
    [`${year}-01-01`, `${year}-12-31`],
  )) as Array<{ valid: number; expiring: number }>;
  const q = callQuotaFromCap({ cap: policy.evaluation.titleCap, validTitles: row!.valid, expiringInYear: row!.expiring, year });
  return { year, policyVersion: policy.id, cap: policy.evaluation.titleCap, validTitles: row!.valid, expiringInYear: row!.expiring, ...q };
}
