/**
 * Completeness of an application's materials: 第十条 lists what an application must include.
 * Pure rule: no I/O, used by the applications service's activity and by the workflows alike.
 */
export interface MaterialsPresence {
  applicationForm: boolean;
  platformIntroduction: boolean;
  supportingEvidence: boolean;
}

export interface RequiredMaterial {
  key: keyof MaterialsPresence;
  article: string;
  name: { zh: string; en: string };
}

export const REQUIRED_MATERIALS: readonly RequiredMaterial[] = [
  { key: 'applicationForm', article: '第十条第（一）项', name: { zh: '申请表', en: 'application form' } },
  {
    key: 'platformIntroduction',
    article: '第十条第（二）项',
    name: { zh: '厦门市中小企业公共服务平台情况介绍', en: 'introduction of the platform' },
  },
  {
    key: 'supportingEvidence',
    article: '第十条第（三）项',
    name: { zh: '相关佐证材料', en: 'supporting evidence (Annex 1)' },
  },
];

export interface CompletenessResult {
  complete: boolean;
  /** Keys of the missing materials, in the order of the article. */
  missing: Array<keyof MaterialsPresence>;
  article: '第十条';
}

export function checkCompleteness(materials: Partial<MaterialsPresence>): CompletenessResult {
  const missing = REQUIRED_MATERIALS.filter((m) => materials[m.key] !== true).map((m) => m.key);
  return { complete: missing.length === 0, missing, article: '第十条' };
}
