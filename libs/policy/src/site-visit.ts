import type { EligibilityResult } from './eligibility';
import type { PolicyVersion, ServiceFunction, Text } from './policy-version';

/**
 * The site visit settles what only evidence can (第十一条): every `needs_evidence` clause of the eligibility check
 * that still matters is confirmed or failed under the Annex 2 item that verifies it, before scoring (第十二条).
 * A failed clause of Arts. 6-7 ends the application with its article; one of Art. 8 fails its function, and the
 * application ends when fewer functions than the policy requires are left (第八条).
 */
export interface PendingClause {
  id: string;
  article: string;
  function?: ServiceFunction;
  /** The Annex 2 item under which the visit settles it. */
  item: string;
  reason: Text;
}

const covers = (prefix: string, id: string) => (prefix.endsWith('.') ? id.startsWith(prefix) : id === prefix);

/** The Annex 2 item of the policy version that verifies a clause, or null when none does. */
export function checklistItemFor(clauseId: string, policy: PolicyVersion): string | null {
  return policy.siteChecklist.items.find((i) => i.verifies.some((p) => covers(p, clauseId)))?.id ?? null;
}

/**
 * The clauses the visit must settle: those still `needs_evidence` of Arts. 6 and 7, and of the functions that
 * qualify (a function already failed on its numbers is out whatever the visit finds).
 */
export function pendingClauses(result: EligibilityResult, policy: PolicyVersion): PendingClause[] {
  return result.clauses
    .filter((c) => c.status === 'needs_evidence' && (c.function === undefined || result.qualifyingFunctions.includes(c.function)))
    .map((c) => ({
      id: c.id,
      article: c.article,
      ...(c.function ? { function: c.function } : {}),
      // A clause no item names is settled under the checklist's last item rather than never (policy specs forbid it).
      item: checklistItemFor(c.id, policy) ?? policy.siteChecklist.items[policy.siteChecklist.items.length - 1]!.id,
      reason: c.reason,
    }));
}

export interface SiteFindingsVerdict {
  /** Pending clauses the report does not settle, and findings for clauses that are not pending. */
  unsettled: string[];
  unknown: string[];
  eligible: boolean;
  /** Clauses the visit failed, and the articles the application fails by them. */
  failed: string[];
  failedArticles: string[];
  qualifyingFunctions: string[];
}

/**
 * Applies the visit's findings (clause id -> confirmed) to the pending clauses. `qualifying` are the functions that
 * qualified on the facts; `functionsRequiredMin` is the policy's 第八条 minimum.
 */
export function settleFindings(pending: ReadonlyArray<Pick<PendingClause, 'id' | 'article'> & { function?: string }>, findings: Readonly<Record<string, boolean>>, qualifying: readonly string[], functionsRequiredMin: number): SiteFindingsVerdict {
  const ids = new Set(pending.map((p) => p.id));
  const unsettled = pending.filter((p) => typeof findings[p.id] !== 'boolean').map((p) => p.id);
  const unknown = Object.keys(findings).filter((k) => !ids.has(k));
  const failedClauses = pending.filter((p) => findings[p.id] === false);
  const lostFunctions = new Set<string>(failedClauses.flatMap((p) => (p.function ? [p.function] : [])));
  const left = qualifying.filter((f) => !lostFunctions.has(f));
  const basic = failedClauses.filter((p) => !p.function);
  const tooFew = left.length < functionsRequiredMin;
  const failedArticles = [...new Set([...basic.map((p) => p.article), ...(tooFew ? failedClauses.filter((p) => p.function).map((p) => p.article).concat('第八条') : [])])];
  return {
    unsettled,
    unknown,
    eligible: unsettled.length === 0 && unknown.length === 0 && basic.length === 0 && !tooFew,
    failed: failedClauses.map((p) => p.id),
    failedArticles,
    qualifyingFunctions: left,
  };
}
