/**
 * Completeness of an application's materials: 第十条 lists what an application must include. A material is there
 * when a file of its kind was uploaded, and, where the call gives a template for it, a file of the kind the template
 * asks for (a scanned, signed form; a filled-in report), never because a box was ticked.
 * Pure rule: no I/O, used by the applications service's activity and by the workflows alike.
 */
export interface MaterialsPresence {
  applicationForm: boolean;
  platformIntroduction: boolean;
  supportingEvidence: boolean;
}

export type MaterialKey = keyof MaterialsPresence;

/** The file types the evidence store recognises from a file's bytes, with their names for people. */
export const EVIDENCE_TYPES = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (.pptx)',
} as const;
export type EvidenceContentType = keyof typeof EVIDENCE_TYPES;

export interface RequiredMaterial {
  key: MaterialKey;
  article: string;
  name: { zh: string; en: string };
  /**
   * Where a template exists, the kinds of file that fill it (default, as Annex 1 is not in the text): the form is
   * signed and stamped, so a PDF or a scan; the Annex 1 report is a document. Absent: any type the store accepts.
   */
  template?: { name: { zh: string; en: string }; accepts: readonly EvidenceContentType[] };
}

export const REQUIRED_MATERIALS: readonly RequiredMaterial[] = [
  {
    key: 'applicationForm',
    article: '第十条第（一）项',
    name: { zh: '申请表', en: 'application form' },
    template: { name: { zh: '申报通知所附申请表（签字盖章）', en: "the call's application form, signed and stamped" }, accepts: ['application/pdf', 'image/png', 'image/jpeg'] },
  },
  {
    key: 'platformIntroduction',
    article: '第十条第（二）项',
    name: { zh: '厦门市中小企业公共服务平台情况介绍', en: 'introduction of the platform' },
  },
  {
    key: 'supportingEvidence',
    article: '第十条第（三）项',
    name: { zh: '相关佐证材料', en: 'supporting evidence (Annex 1)' },
    template: {
      name: { zh: '附件1 示范平台申请报告（模板）', en: 'Annex 1, the application report (template)' },
      accepts: ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    },
  },
];

/** An uploaded file as completeness sees it: what it supports and the type found from its bytes. */
export interface EvidenceOnFile {
  kind: string;
  contentType: string;
}

export interface MissingMaterial {
  key: MaterialKey;
  article: string;
  /** `not_uploaded`: no file of this kind; `wrong_type`: files, but none of the kind its template asks for. */
  reason: 'not_uploaded' | 'wrong_type';
  /** The types that count, where a template exists. */
  accepts?: readonly EvidenceContentType[];
}

export interface CompletenessResult {
  complete: boolean;
  /** Keys of the missing materials, in the order of the article. */
  missing: MaterialKey[];
  /** Why each is missing, in the same order. */
  details: MissingMaterial[];
  article: '第十条';
}

const counts = (m: RequiredMaterial, f: EvidenceOnFile): boolean =>
  f.kind === m.key && (!m.template || (m.template.accepts as readonly string[]).includes(f.contentType));

export function checkCompleteness(files: readonly EvidenceOnFile[]): CompletenessResult {
  const details: MissingMaterial[] = [];
  for (const m of REQUIRED_MATERIALS) {
    if (files.some((f) => counts(m, f))) continue;
    const uploaded = files.some((f) => f.kind === m.key);
    details.push({ key: m.key, article: m.article, reason: uploaded ? 'wrong_type' : 'not_uploaded', ...(m.template ? { accepts: m.template.accepts } : {}) });
  }
  return { complete: details.length === 0, missing: details.map((d) => d.key), details, article: '第十条' };
}

/** Which materials the files make present, by the same rule as `checkCompleteness`. */
export function materialsPresence(files: readonly EvidenceOnFile[]): MaterialsPresence {
  const missing = new Set(checkCompleteness(files).missing);
  return { applicationForm: !missing.has('applicationForm'), platformIntroduction: !missing.has('platformIntroduction'), supportingEvidence: !missing.has('supportingEvidence') };
}

/**
 * What a request for materials says is missing, by the rule: each material by name, and where its template asks for
 * a kind of file the applicant did not send, which kinds count. Keys not in the article are ignored.
 */
export function describeMissing(keys: readonly string[], details?: ReadonlyArray<Pick<MissingMaterial, 'reason'> & { key: string }>): { zh: string; en: string } {
  const found = REQUIRED_MATERIALS.filter((m) => keys.includes(m.key));
  const accepts = (m: RequiredMaterial) => (m.template?.accepts ?? []).map((t) => EVIDENCE_TYPES[t]).join('/');
  const wrong = (m: RequiredMaterial) => details?.some((d) => d.key === m.key && d.reason === 'wrong_type') ?? false;
  return {
    zh: found.map((m) => (wrong(m) ? `${m.name.zh}（须按${m.template!.name.zh}提交 ${accepts(m)} 文件）` : m.name.zh)).join('、'),
    en: found.map((m) => (wrong(m) ? `${m.name.en} (${m.template!.name.en}, as ${accepts(m)})` : m.name.en)).join(', '),
  };
}
