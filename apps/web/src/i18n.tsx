import { APPLICATION_STAGE_NAMES } from '@sme/contracts/application';
import { moneyText } from '@sme/policy/money';
import { createContext, useContext } from 'react';
import { ACCOUNTS_TEXT } from './pages/accounts/text';
import { APPLICANT_TEXT } from './pages/applicant/text';
import { AUDIT_TEXT } from './pages/audit/text';
import { EXPERT_TEXT } from './pages/expert/text';
import { OPERATIONS_TEXT } from './pages/operations/text';
import { PLATFORMS_TEXT } from './pages/platforms/text';
import { WORKBENCH_TEXT } from './pages/workbench/text';

export type Lang = 'zh' | 'en';

/**
 * Every text on the screens, in Chinese (the default) and English. A screen folder may keep its own texts
 * (pages/<room>/text.ts) and they are merged here, so `useT` knows every key and a missing language fails typecheck.
 */
const COMMON_TEXT = {
  appTitle: { zh: '厦门市中小企业公共服务示范平台', en: 'Xiamen SME Public Service Demonstration Platforms' },
  appTitleShort: { zh: '示范平台认定管理', en: 'SME Platforms' },
  appSubtitle: { zh: '认定与管理系统', en: 'recognition and lifecycle system' },
  switchLang: { zh: 'English', en: '中文' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  signInTitle: { zh: '登录系统', en: 'Sign in' },
  required: { zh: '必填', en: 'Required' },
  home: { zh: '首页', en: 'Home' },
  noticeBoard: { zh: '公示栏', en: 'Notice board' },
  platformList: { zh: '示范平台名单', en: 'Recognised platforms' },
  evaluationResults: { zh: '年度考核结果', en: 'Evaluation results' },
  reportSummaries: { zh: '年度报告摘要', en: 'Annual report summaries' },
  openData: { zh: '开放数据', en: 'Open data' },
  openDataIntro: { zh: '以下数据可自由下载和再利用（第十三条、第十八条），CSV 为 UTF-8 编码；接口说明见各服务的 OpenAPI 文档。', en: 'Free to download and reuse (Arts. 13 and 18); CSV files are UTF-8. The OpenAPI documents describe each download.' },
  openRegister: { zh: '示范平台名录（含撤销与失效）', en: 'The register (revoked and lapsed titles included)' },
  openNotices: { zh: '历次公示及结果', en: 'Every notice and its outcome' },
  openFeed: { zh: '公示与结果订阅（Atom）', en: 'Notices and results feed (Atom)' },
  resultsNotPublished: { zh: '该年度考核结果尚未发布', en: 'Not published for this year' },
  noSummaries: { zh: '暂无发布的年度报告摘要', en: 'No summary published yet' },
  myApplications: { zh: '我的申报', en: 'My applications' },
  pipeline: { zh: '申报看板', en: 'Applications pipeline' },
  siteVisitCard: { zh: '录入实地考察结果（第十一条）', en: 'Record the site visit (Art. 11)' },
  panelCard: { zh: '指派评审专家（第十二条）', en: 'Assign the expert panel (Art. 12)' },
  boardView: { zh: '看板', en: 'Board' },
  listView: { zh: '列表', en: 'List' },
  allYears: { zh: '全部', en: 'all' },
  loading: { zh: '加载中…', en: 'Loading…' },
  loadFailed: { zh: '加载失败', en: 'Could not load' },
  retry: { zh: '重试', en: 'Retry' },
  noNotices: { zh: '当前没有正在公示的名单', en: 'No list is on public notice now' },
  noPlatforms: { zh: '暂无示范平台', en: 'No recognised platforms yet' },
  platformsTotal: { zh: '共 {n} 个示范平台', en: '{n} platforms' },
  registerSearch: { zh: '名称或统一社会信用代码', en: 'Name or credit code' },
  noApplications: { zh: '暂无申报', en: 'No applications yet' },
  listSearch: { zh: '按名称、信用代码或编号搜索', en: 'Search by name, credit code or number' },
  stageFilter: { zh: '流程阶段', en: 'Stage' },
  anyStage: { zh: '全部阶段', en: 'All stages' },
  exportExcel: { zh: '导出 Excel', en: 'Export to Excel' },
  applicationsTotal: { zh: '共 {n} 份申报', en: '{n} applications' },
  boardTruncated: {
    zh: '看板只显示最新的 {shown} 份申报（共 {n} 份）：请用搜索或年度缩小范围，或切换到列表逐页查看全部',
    en: 'The board shows the newest {shown} of {n} applications: narrow them by search or year, or use the list to page through all',
  },
  globalSearch: { zh: '全局搜索', en: 'Search everything' },
  globalSearchPlaceholder: { zh: '搜索申报或示范平台：名称、信用代码或申报编号', en: 'Find an application or platform: name, credit code or application number' },
  searchApplications: { zh: '申报', en: 'Applications' },
  searchPlatforms: { zh: '示范平台', en: 'Platforms' },
  searchNothing: { zh: '未找到匹配的申报或示范平台', en: 'No application or platform matches' },
  search: { zh: '按名称搜索', en: 'Search by name' },
  creditCode: { zh: '统一社会信用代码', en: 'Credit code' },
  institution: { zh: '机构名称', en: 'Institution' },
  awardedOn: { zh: '认定日期', en: 'Awarded on' },
  validThrough: { zh: '有效期至', en: 'Valid through' },
  valid: { zh: '有效', en: 'Valid' },
  expired: { zh: '已过期', en: 'Expired' },
  titleRevoked: { zh: '已撤销', en: 'Revoked' },
  titleLapsed: { zh: '已失效', en: 'Lapsed' },
  functions: { zh: '服务功能', en: 'Functions' },
  callYear: { zh: '年度', en: 'Call year' },
  submittedAt: { zh: '提交时间', en: 'Submitted' },
  status: { zh: '流程状态', en: 'Status' },
  view: { zh: '查看', en: 'View' },
  noticePeriod: { zh: '公示期', en: 'Notice period' },
  workingDaysLeft: { zh: '剩余工作日', en: 'Working days left' },
  candidates: { zh: '公示对象', en: 'Candidates' },
  objections: { zh: '异议', en: 'Objections' },
  provisional: { zh: '暂定（当年放假安排未发布）', en: 'provisional (the year\'s holidays are not published yet)' },
  timeline: { zh: '办理进度', en: 'Progress' },
  waitingFor: { zh: '等待', en: 'Waiting for' },
  deadline: { zh: '期限', en: 'Deadline' },
  statusUnavailable: { zh: '流程暂时无法应答，请稍后刷新', en: 'The workflow does not answer now; refresh later' },
  statusPending: { zh: '流程即将开始', en: 'The workflow is about to start' },
  welcome: { zh: '欢迎', en: 'Welcome' },
  raiseObjection: { zh: '提出异议', en: 'Raise an objection' },
  objectionTarget: { zh: '异议对象', en: 'Candidate objected to' },
  objector: { zh: '异议人（实名）', en: 'Your name' },
  contact: { zh: '联系方式（不公开）', en: 'Contact (never published)' },
  objectionText: { zh: '异议内容及理由', en: 'What is wrong, and why' },
  submit: { zh: '提交', en: 'Submit' },
  cancel: { zh: '取消', en: 'Cancel' },
  objectionReceived: { zh: '异议已受理，编号', en: 'Objection received, number' },
  noticeClosed: { zh: '公示期已结束', en: 'The notice period has ended' },
  noticesAndObjections: { zh: '公示与异议', en: 'Notices and objections' },
  noObjections: { zh: '暂无异议', en: 'No objections' },
  raisedAt: { zh: '提出时间', en: 'Raised' },
  resolution: { zh: '处理结果', en: 'Resolution' },
  unresolved: { zh: '待处理', en: 'Open' },
  uphold: { zh: '异议成立', en: 'Uphold' },
  dismiss: { zh: '异议不成立', en: 'Dismiss' },
  upheld: { zh: '成立（移出名单，不递补）', en: 'Upheld (removed, nobody promoted)' },
  dismissed: { zh: '不成立', en: 'Dismissed' },
  reason: { zh: '理由', en: 'Reason' },
  resolved: { zh: '已处理', en: 'Resolved' },
  calls: { zh: '年度认定', en: 'Annual calls' },
  year: { zh: '年度', en: 'Year' },
  stage: { zh: '阶段', en: 'Stage' },
  quota: { zh: '推荐名额', en: 'Quota' },
  ranking: { zh: '候选排名', en: 'Ranking' },
  rank: { zh: '排名', en: 'Rank' },
  score: { zh: '专家评分', en: 'Panel score' },
  withinQuota: { zh: '名额内', en: 'Within quota' },
  quotaLine: { zh: '名额线', en: 'Quota line' },
  submitList: { zh: '提交候选名单送内审', en: 'Submit the list for internal review' },
  approve: { zh: '审核通过', en: 'Approve' },
  sendBack: { zh: '退回', en: 'Send back' },
  reject: { zh: '不予通过', en: 'Reject' },
  reviewHistory: { zh: '内审记录', en: 'Review history' },
  callSetup: { zh: '年度申报设置', en: 'call set-up' },
  callNotStarted: { zh: '已设置，尚未启动年度申报流程；启动前可修改', en: 'Set up, not started yet; it can be changed until it starts' },
  capQuota: { zh: '总量控制', en: 'Total control' },
  opensOn: { zh: '申报开始', en: 'Opens on' },
  closesOn: { zh: '申报截止', en: 'Closes on' },
  policyVersion: { zh: '政策版本', en: 'Policy version' },
  saveSettings: { zh: '保存设置', en: 'Save settings' },
  startCall: { zh: '启动年度申报', en: 'Start the call' },
  callSaved: { zh: '设置已保存', en: 'Settings saved' },
  callStarted: { zh: '年度申报流程已启动', en: 'The call has started' },
  extendDeadline: { zh: '延长申报期', en: 'Extend the deadline' },
  deadlineExtended: { zh: '申报截止日期已延长', en: 'The deadline is extended' },
  rankingXlsx: { zh: '导出排名（Excel）', en: 'Export the ranking (Excel)' },
  noCall: { zh: '该年度申报流程未启动', en: 'This year\'s call has not started' },
  noRanking: { zh: '尚无评审完成的申报', en: 'No application has been scored yet' },
  decisionTaken: { zh: '流程已作出处理，当前阶段：', en: 'The workflow took it; stage now: ' },
  publicIntro: {
    zh: '依据《厦门市中小企业公共服务示范平台认定管理暂行办法》（厦工信企业规〔2021〕114号），公示期内任何单位和个人可对公示对象提出异议。',
    en: 'Under Xiamen measure 厦工信企业规〔2021〕114号: during a public notice anyone may object to a candidate.',
  },
} as const;

type Texts = Record<string, { zh: string; en: string }>;
/** Joins two text tables; a key in both fails typecheck (a later table would silently win otherwise). */
function join<A extends Texts, B extends Texts>(a: A, b: B & (keyof A & keyof B extends never ? unknown : { [K in keyof A & keyof B]: 'defined twice' })): A & B {
  return { ...a, ...b };
}

export const TEXT = join(join(join(join(join(join(join(COMMON_TEXT, APPLICANT_TEXT), EXPERT_TEXT), OPERATIONS_TEXT), PLATFORMS_TEXT), ACCOUNTS_TEXT), WORKBENCH_TEXT), AUDIT_TEXT);

export type TextKey = keyof typeof TEXT;

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'zh', setLang: () => undefined });

export function useT(): (key: TextKey) => string {
  const { lang } = useContext(LangContext);
  // A key the table lacks (an unexpected stage from a newer service, say) shows as itself rather than break the page.
  return (key) => (TEXT[key] as { zh: string; en: string } | undefined)?.[lang] ?? key;
}

const SHANGHAI_MS = 8 * 3600_000;

/**
 * Business dates and times are shown in Asia/Shanghai whatever the browser's zone, one way everywhere: 2026年12月31日
 * 14:05. A deadline at the end of a day (24:00 Beijing) is shown on that day, "2026年12月31日 24:00", never as the next
 * day's 00:00, so the same deadline reads the same on every screen.
 */
export function shanghaiDateTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  const midnight = (ms + SHANGHAI_MS) % 86_400_000 === 0;
  if (midnight) return `${shanghaiDay(new Date(ms - 1).toISOString(), lang)} 24:00`;
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' }).format(new Date(ms));
}

/** A day as 2026年12月31日: an ISO date (YYYY-MM-DD) as it is, an instant as its Beijing day. */
export function shanghaiDay(isoDateOrInstant: string, lang: Lang): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(isoDateOrInstant) ? new Date(`${isoDateOrInstant}T12:00:00+08:00`) : new Date(isoDateOrInstant);
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(at);
}

/** A size in bytes as people read it: 20 MiB, 512 KiB (binary units, as the limits are configured). */
export function byteSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} B`;
}

/** A deadline: the day, and the time only when it is not the end of the day. */
export function deadlineText(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  return (ms + SHANGHAI_MS) % 86_400_000 === 0 ? shanghaiDay(new Date(ms - 1).toISOString(), lang) : shanghaiDateTime(iso, lang);
}

/** An amount of yuan (a decimal string, never a float) with thousands separators: 2,000,000 元, or 200 万元 (libs/policy money.ts). */
export const money = moneyText;

/** The Art. 8 service functions. */
export const FUNCTION_NAMES: Record<string, { zh: string; en: string }> = {
  information: { zh: '信息服务', en: 'Information' },
  technology: { zh: '技术服务', en: 'Technology' },
  entrepreneurship: { zh: '创业服务', en: 'Entrepreneurship' },
  training: { zh: '培训服务', en: 'Training' },
  financing: { zh: '融资服务', en: 'Financing' },
};

/** The institution types of Art. 6. */
export const INSTITUTION_TYPE_NAMES: Record<string, { zh: string; en: string }> = {
  sme_service_agency: { zh: '中小企业服务机构', en: 'SME service agency' },
  social_intermediary: { zh: '社会中介机构', en: 'Social intermediary' },
  technical_service: { zh: '技术服务机构', en: 'Technical service institution' },
  research_institute: { zh: '科研院所', en: 'Research institute' },
  internet_service_enterprise: { zh: '基于互联网提供创业创新服务的企业', en: 'Internet enterprise serving start-ups and innovation' },
};

/** Today's date in Asia/Shanghai (YYYY-MM-DD), whatever the browser's zone. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** The Art. 10 materials, as the form names them. */
export const MATERIAL_NAMES: Record<string, { zh: string; en: string }> = {
  applicationForm: { zh: '申请表', en: 'application form' },
  platformIntroduction: { zh: '平台情况介绍', en: 'platform introduction' },
  supportingEvidence: { zh: '相关佐证材料', en: 'supporting evidence' },
};

/** What an application's workflow waits for (its `waitingFor`), as people say it. */
export const WAITING_FOR_NAMES: Record<string, { zh: string; en: string }> = {
  completeness_check: { zh: '系统形式审查', en: 'the completeness check' },
  materials: { zh: '申报机构补充材料', en: 'the applicant\'s missing materials' },
  eligibility_check: { zh: '系统条件审查', en: 'the eligibility check' },
  site_visit: { zh: '服务中心组织实地考察', en: 'the site visit by center staff' },
  expert_assignment: { zh: '服务中心指派评审专家', en: 'center staff to assign experts' },
  expert_scores: { zh: '专家评分', en: 'the experts\' scores' },
};

/** The stages of an annual call (第十条至第十四条). */
export const CALL_STAGE_NAMES: Record<string, { zh: string; en: string }> = {
  open: { zh: '申报中', en: 'Open for applications' },
  awaiting_panel: { zh: '等待评审结果', en: 'Awaiting panel results' },
  ranking: { zh: '候选排名（待服务中心提交）', en: 'Ranking (staff submit the list)' },
  internal_review: { zh: '工信局内审', en: 'Bureau internal review' },
  public_notice: { zh: '公示中', en: 'On public notice' },
  awarding: { zh: '授牌中', en: 'Awarding' },
  closed: { zh: '已结束', en: 'Closed' },
  rejected: { zh: '不予通过', en: 'Rejected' },
};

/** The stages of an application, as people say them: the table the services share (libs/contracts). */
export const STAGE_NAMES: Record<string, { zh: string; en: string }> = APPLICATION_STAGE_NAMES;
