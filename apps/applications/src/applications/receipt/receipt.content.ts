import type { ApplicationStatus } from '@sme/contracts';
import { canonicalJson } from '@sme/persistence';
import type { ClauseResult, ClauseStatus, EligibilityResult, MaterialKey } from '@sme/policy';
import { createHash } from 'node:crypto';

/**
 * What the printed 受理回执 and the application summary say, as plain data: the PDF files only lay it out
 * (receipt.pdf.ts), so what they print is testable on its own.
 */

/** The fields the verification code covers: the application and exactly which files were received (第十条). */
export interface ReceiptFields {
  applicationId: string;
  institutionName: string;
  creditCode: string;
  callYear: number;
  /** ISO instant the application was submitted. */
  submittedAt: string;
  /** Each Art. 10 material in the article's order, with its files in the order they were uploaded. */
  materials: Array<{ key: MaterialKey; files: Array<{ filename: string; sizeBytes: number; sha256: string }> }>;
}

/**
 * The verification code printed on the receipt: SHA-256 (hex) of the canonical JSON (keys sorted) of the receipt's
 * fields. The system recomputes it from its records, so a printed copy whose code differs was altered or is not
 * this application's receipt.
 */
export function receiptDigest(fields: ReceiptFields): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

export interface ReceiptContent {
  fields: ReceiptFields;
  /** The Art. 10 materials' names, by key. */
  materialNames: Record<MaterialKey, string>;
  /** The current stage in Chinese, with its deadline where it has one. */
  stage: string;
  /** What happens next and where to follow it. */
  next: string[];
  /** `依据《…》（文号）第十条`. */
  basis: string;
  issuer: string;
  printedAt: Date;
  digest: string;
}

export interface SummaryContent extends ReceiptContent {
  contact: string | null;
  /** Arts. 6-8 on the declared facts; null for an application stored before facts were part of a submission. */
  eligibility: null | {
    outcome: string;
    articles: Array<{ article: string; result: string }>;
    clauses: Array<{ article: string; text: string; result: string }>;
  };
  siteVisit: string[] | null;
  score: string | null;
  decisions: Array<{ at: Date; who: string; action: string; article: string; note: string }>;
}

/** The center that runs the day-to-day work for the bureau (第三条) and issues the receipt. */
export const ISSUER = '厦门市中小企业服务中心';
export const RECEIPT_TITLE = '厦门市中小企业公共服务示范平台申报受理回执';
export const SUMMARY_TITLE = '厦门市中小企业公共服务示范平台申报摘要';

/** `2026年12月1日 14:05`, Beijing time, whatever the server's zone. */
export function beijingDateTime(at: Date | string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}年${Number(parts['month'])}月${Number(parts['day'])}日 ${parts['hour']}:${parts['minute']}`;
}

/** A file's size as people read it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An application's stages in Chinese (the screens say the same, apps/web i18n STAGE_NAMES). */
const STAGE_NAMES: Record<string, string> = {
  completeness_check: '形式审查',
  awaiting_materials: '待补充材料',
  accepted: '已受理',
  eligibility_check: '条件审查',
  ineligible: '不符合条件',
  awaiting_site_visit: '待实地考察',
  awaiting_experts: '待指派专家',
  scoring: '专家评审中',
  scored: '评审完成',
  closed_incomplete: '材料逾期未补，已终止',
  closed_by_staff: '评审无法完成，已由服务中心终止',
};

/** The stage as printed: its name, and by when where someone must act. */
export function stageText(status: ApplicationStatus | null, source: 'workflow' | 'pending' | 'unavailable'): string {
  if (!status) return source === 'pending' ? '已提交，等待形式审查（第十条）' : '流程状态暂时无法查询，请以系统中的办理进度为准';
  const name = STAGE_NAMES[status.stage] ?? '办理中';
  return status.deadline ? `${name}（截止时间：${beijingDateTime(status.deadline)}）` : name;
}

/** What happens next at each stage, in the words of the measure's procedure (第十条至第十四条). */
export function nextStep(status: ApplicationStatus | null, materialNames: Record<string, string>): string {
  const stage = status?.stage ?? 'completeness_check';
  const missing = (status?.missing ?? []).map((k) => materialNames[k] ?? k).join('、');
  const steps: Record<string, string> = {
    completeness_check: '系统核对申报材料是否齐全（第十条）；材料不全的，将通知补充所缺材料。',
    awaiting_materials: `请在截止时间前上传所缺材料${missing ? `（${missing}）` : ''}并提交重新核查（第十条）；逾期未补的，申报终止。`,
    accepted: '材料齐全，已受理；系统将核查申报条件（第六条至第八条）。',
    eligibility_check: '系统正在核查申报条件（第六条至第八条）。',
    ineligible: `经核查不符合申报条件${status?.eligibility?.failedArticles.length ? `（${status.eligibility.failedArticles.join('、')}）` : ''}，本次申报不进入专家评审。`,
    awaiting_site_visit: '服务中心将组织专家实地考察并开展服务对象测评（第十一条），请保持联系方式畅通。',
    awaiting_experts: '服务中心正在组织专家评审（第十二条）。',
    scoring: '专家评审打分中（第十二条）。',
    scored: '专家评审已完成；按评分择优提出候选名单，经市工信局内审后在网站公示7个工作日（第十二条、第十三条）。',
    closed_incomplete: '所缺材料逾期未补，本次申报已终止（第十条）。',
    closed_by_staff: `本次申报的评审无法完成，已由服务中心终止${status?.closure?.reason ? `，理由：${status.closure.reason}` : ''}。`,
  };
  return steps[stage] ?? '申报正在办理中。';
}

/** Where the applicant follows its application: the system's 我的申报 screen, or the center by the application number. */
export function whereToFollow(publicUrl: string): string {
  return `办理进度请登录 ${publicUrl}/my/applications（“我的申报”）查询，或凭申报编号向${ISSUER}咨询。`;
}

const RESULT: Record<ClauseStatus, string> = { pass: '符合', fail: '不符合', needs_evidence: '待佐证材料及实地考察核实' };

/**
 * A clause's result as printed: where the site visit settled a clause only evidence could (第十一条), what it found.
 */
function clauseResult(c: ClauseResult, findings: Record<string, boolean> | undefined): { status: ClauseStatus; text: string } {
  const found = c.status === 'needs_evidence' ? findings?.[c.id] : undefined;
  if (found === undefined) return { status: c.status, text: RESULT[c.status] };
  return found ? { status: 'pass', text: '符合（实地考察确认）' } : { status: 'fail', text: '不符合（实地考察未确认）' };
}

/** Arts. 6-8 clause by clause, and per article the worst of its clauses. */
export function eligibilityText(result: EligibilityResult, findings?: Record<string, boolean>): NonNullable<SummaryContent['eligibility']> {
  const rows = result.clauses.map((c) => ({ clause: c, ...clauseResult(c, findings) }));
  const byArticle = new Map<string, ClauseStatus>();
  for (const r of rows) {
    const was = byArticle.get(r.clause.article);
    byArticle.set(r.clause.article, was === 'fail' || r.status === 'fail' ? 'fail' : was === 'needs_evidence' || r.status === 'needs_evidence' ? 'needs_evidence' : 'pass');
  }
  const outcome = { eligible: '符合申报条件', ineligible: '不符合申报条件', eligible_pending_evidence: '符合申报条件，部分条件待佐证材料及实地考察核实' }[result.outcome];
  const settled = rows.filter((r) => r.clause.status === 'needs_evidence' && findings?.[r.clause.id] !== undefined);
  const confirmed = settled.filter((r) => r.status === 'pass').length;
  return {
    outcome: `按申报事实${outcome}${settled.length ? `；实地考察核实 ${settled.length} 项，确认 ${confirmed} 项，未确认 ${settled.length - confirmed} 项` : ''}`,
    articles: [...byArticle].map(([article, status]) => ({ article, result: RESULT[status] })),
    clauses: rows.map((r) => ({ article: r.clause.article, text: r.clause.reason.zh, result: r.text })),
  };
}

/** The application's audit actions in Chinese, with the article each rests on. */
const ACTIONS: Record<string, { name: string; article: string }> = {
  'application.submitted': { name: '提交申报', article: '第十条' },
  'evidence.uploaded': { name: '上传证明材料', article: '第十条' },
  'application.materials_supplied': { name: '补充材料，申请重新核查', article: '第十条' },
  'application.site_visit_recorded': { name: '录入实地考察结果', article: '第十一条' },
  'panel.assigned': { name: '指派评审专家', article: '第十二条' },
  'panel.expert_replaced': { name: '更换评审专家', article: '第十二条' },
  'application.closed_by_staff': { name: '终止申报', article: '第十二条' },
};

/** One audit event as a line of the summary's record of decisions: the article it names, else its action's. */
export function decisionLine(e: { occurredAt: string; action: string; data: Record<string, unknown> }, who: string): SummaryContent['decisions'][number] {
  const known = ACTIONS[e.action];
  const article = typeof e.data['article'] === 'string' ? e.data['article'] : (known?.article ?? '');
  const note = typeof e.data['reason'] === 'string' ? `理由：${e.data['reason']}` : typeof e.data['filename'] === 'string' ? e.data['filename'] : '';
  return { at: new Date(e.occurredAt), who, action: known?.name ?? `其他记录（${e.action}）`, article, note };
}
