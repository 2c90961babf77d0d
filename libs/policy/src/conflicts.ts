/**
 * Conflicts of interest on an expert panel (第十二条 has experts score; the measure is silent on recusal, so the
 * rule is a recorded decision, DIGEST "decisions"): an expert may not score an applicant when
 *   1. the expert's employer is the applicant;
 *   2. the expert's employer is one of the applicant's partner institutions (第八条（二）'s 合作机构);
 *   3. the expert has declared a relationship with the applicant or one of its partners.
 * Checked before invitation; the expert's own declaration (before seeing the application) comes on top.
 */
export interface ExpertForConflicts {
  expertId: string;
  employerCreditCode: string | null;
  /** Institutions the expert declared a relationship with (former employer, adviser, shareholder...). */
  declaredRelationships: Array<{ creditCode: string; nature: string }>;
}

export interface ApplicantForConflicts {
  creditCode: string;
  partnerCreditCodes: string[];
}

export type ConflictKind = 'employer_is_applicant' | 'employer_is_partner' | 'declared_relationship';

export interface Conflict {
  expertId: string;
  kind: ConflictKind;
  creditCode: string;
  reason: { zh: string; en: string };
  article: string;
}

export const CONFLICT_ARTICLE = '第十二条';

export function detectConflicts(expert: ExpertForConflicts, applicant: ApplicantForConflicts): Conflict[] {
  const norm = (c: string) => c.trim().toUpperCase();
  const applicantCode = norm(applicant.creditCode);
  const partners = new Set(applicant.partnerCreditCodes.map(norm));
  const out: Conflict[] = [];
  const add = (kind: ConflictKind, creditCode: string, zh: string, en: string) =>
    out.push({ expertId: expert.expertId, kind, creditCode, reason: { zh, en }, article: CONFLICT_ARTICLE });
  const employer = expert.employerCreditCode ? norm(expert.employerCreditCode) : null;
  if (employer === applicantCode) add('employer_is_applicant', employer, '专家任职于申报单位，须回避', 'the expert works for the applicant');
  else if (employer && partners.has(employer)) {
    add('employer_is_partner', employer, '专家任职于申报单位的合作机构，须回避', "the expert works for one of the applicant's partner institutions");
  }
  for (const r of expert.declaredRelationships) {
    const code = norm(r.creditCode);
    if (code === applicantCode) add('declared_relationship', code, `专家申报与申报单位存在关系（${r.nature}），须回避`, `the expert declared a relationship with the applicant (${r.nature})`);
    else if (partners.has(code)) {
      add('declared_relationship', code, `专家申报与申报单位的合作机构存在关系（${r.nature}），须回避`, `the expert declared a relationship with a partner institution (${r.nature})`);
    }
  }
  return out;
}
