import { type EligibilityFacts, validateEligibilityFacts } from '@sme/policy';
import { ValidationProblem } from '@sme/runtime';

/**
 * The facts of Arts. 6-8 after their DTO (`EligibilityCheckDto` on the public self-check, `ApplicationFactsDto`,
 * the same class without the date, on submission) through libs/policy's `validateEligibilityFacts`: credit code,
 * counts as JSON numbers, qualified staff no more than serving staff. Both endpoints call this one function, so
 * they refuse the same facts; a refusal is a 422 (the DTO has checked the shape) naming each bad field under `prefix` (`eligibilityFacts.staff.qualified`).
 */
export function checkedFacts(given: unknown, prefix = ''): EligibilityFacts {
  const checked = validateEligibilityFacts(given);
  if (checked.ok) return checked.facts;
  throw new ValidationProblem(
    checked.errors.map((e) => {
      const field = prefix ? `${prefix}.${e.path}` : e.path;
      return { field, reason: { zh: `字段 ${field} 无效：${e.zh}`, en: e.en } };
    }),
    422,
  );
}
