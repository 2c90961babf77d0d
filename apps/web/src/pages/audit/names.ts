type Name = { zh: string; en: string };

/**
 * The audit trail's action codes as people say them (the ones the services record today). A code missing here is
 * shown as recorded, never guessed at.
 */
export const ACTION_NAMES: Record<string, Name> = {
  'call.set': { zh: '设置年度申报', en: 'Call settings saved' },
  'call.started': { zh: '启动年度申报', en: 'Call started' },
  'call.deadline_extended': { zh: '延长申报期', en: 'Deadline extended' },
  'call.candidate_list_submitted': { zh: '提交候选名单', en: 'Candidate list submitted' },
  'call.review_approve': { zh: '内审通过', en: 'Internal review: approved' },
  'call.review_send_back': { zh: '内审退回', en: 'Internal review: sent back' },
  'call.review_reject': { zh: '内审不予通过', en: 'Internal review: rejected' },
  'application.submitted': { zh: '提交申报', en: 'Application submitted' },
  'application.materials_supplied': { zh: '补充申报材料', en: 'Materials supplied' },
  'application.site_visit_recorded': { zh: '录入实地考察结果', en: 'Site visit recorded' },
  'application.closed_by_staff': { zh: '服务中心终止申报', en: 'Closed by the center' },
  'evidence.uploaded': { zh: '上传证明材料', en: 'Evidence uploaded' },
  'panel.assigned': { zh: '指派评审专家', en: 'Experts assigned' },
  'panel.expert_replaced': { zh: '更换评审专家', en: 'Expert replaced' },
  'panel.no_conflict_declared': { zh: '专家声明无利益冲突', en: 'No conflict declared' },
  'panel.recused': { zh: '专家申请回避', en: 'Expert stood aside' },
  'panel.scored': { zh: '专家提交评分', en: 'Expert scored' },
  'evaluation_panel.assigned': { zh: '指派考核评审专家', en: 'Evaluation experts assigned' },
  'evaluation_panel.expert_replaced': { zh: '更换考核评审专家', en: 'Evaluation expert replaced' },
  'evaluation_panel.no_conflict_declared': { zh: '考核专家声明无利益冲突', en: 'Evaluation expert: no conflict' },
  'evaluation_panel.recused': { zh: '考核专家申请回避', en: 'Evaluation expert stood aside' },
  'evaluation_panel.scored': { zh: '考核专家提交评分', en: 'Evaluation expert scored' },
  'notice.objection_raised': { zh: '提出异议', en: 'Objection raised' },
  'notice.objection_upheld': { zh: '异议成立', en: 'Objection upheld' },
  'notice.objection_dismissed': { zh: '异议不成立', en: 'Objection dismissed' },
  'notice.end_confirmed': { zh: '确认公示结束', en: 'Notice end confirmed' },
  'platform.title_awarded': { zh: '授予示范平台称号', en: 'Title awarded' },
  'platform.title_renewed': { zh: '示范平台称号续期', en: 'Title renewed' },
  'platform.title_revoked': { zh: '称号撤销生效', en: 'Title revoked' },
  'platform.title_lapsed': { zh: '称号到期失效', en: 'Title lapsed' },
  'platform.revoked': { zh: '撤销示范平台称号', en: 'Title revoked by the bureau' },
  'platform.revocation_proposed': { zh: '提出撤销建议', en: 'Revocation proposed' },
  'platform.revocation_accepted': { zh: '采纳撤销建议', en: 'Revocation accepted' },
  'platform.revocation_rejected': { zh: '不予采纳撤销建议', en: 'Revocation rejected' },
  'platform.late_report_keep_chasing': { zh: '年报逾期：继续催报', en: 'Late report: keep chasing' },
  'platform.late_report_excuse': { zh: '年报逾期：免于报送', en: 'Late report: excused' },
  'platform.recommended': { zh: '推荐上级示范平台', en: 'Recommended upward' },
  'platform.rectification_filed': { zh: '提交整改报告', en: 'Rectification filed' },
  'platform.rectification_closed': { zh: '整改完成销号', en: 'Rectification closed' },
  'platform.report_submitted': { zh: '报送年度报告', en: 'Annual report filed' },
  'platform.report_corrected': { zh: '更正年度报告', en: 'Annual report corrected' },
  'platform.report_returned': { zh: '退回年度报告', en: 'Annual report returned' },
  'platform.report_summary_published': { zh: '发布年度报告摘要', en: 'Report summary published' },
  'platform.report_served_list_uploaded': { zh: '上传服务企业名单', en: 'Served list uploaded' },
  'platform.report_attachment_uploaded': { zh: '上传年度报告附件', en: 'Report attachment uploaded' },
  'platforms.import_started': { zh: '导入存量示范平台名单', en: 'Platform list import started' },
  'evaluation.started': { zh: '启动年度考核', en: 'Evaluation started' },
  'evaluation.indicator_adjusted': { zh: '调整考核指标得分', en: 'Indicator adjusted' },
  'evaluation.report_counted': { zh: '补报年报计入考核', en: 'Late report counted' },
  'evaluation.scored': { zh: '录入考核结果', en: 'Results entered' },
  'evaluation.submitted': { zh: '考核结果报工信局审定', en: 'Results sent to the bureau' },
  'evaluation.approved': { zh: '考核结果审定通过', en: 'Results approved' },
  'evaluation.returned': { zh: '考核结果退回', en: 'Results returned' },
  'calendar.year_published': { zh: '发布年度工作日历', en: 'Working-day calendar published' },
  'expert.added': { zh: '新增专家', en: 'Expert added' },
  'institution.verified': { zh: '机构注册核验通过', en: 'Registration verified' },
  'institution.refused': { zh: '机构注册不予通过', en: 'Registration refused' },
  'account.invited': { zh: '邀请账号', en: 'Account invited' },
  'account.reinvited': { zh: '重发邀请', en: 'Invitation resent' },
  'account.registered': { zh: '注册账号', en: 'Account registered' },
  'account.email_confirmed': { zh: '确认邮箱', en: 'Email confirmed' },
  'account.password_set': { zh: '设置密码', en: 'Password set' },
  'account.password_changed': { zh: '修改密码', en: 'Password changed' },
  'account.reset_requested': { zh: '申请重置密码', en: 'Password reset requested' },
  'account.signed_in': { zh: '登录', en: 'Signed in' },
  'account.sign_in_failed': { zh: '登录失败', en: 'Sign-in failed' },
  'account.locked': { zh: '账号临时锁定', en: 'Account locked' },
  'account.signed_out': { zh: '退出登录', en: 'Signed out' },
  'account.signed_out_everywhere': { zh: '退出全部设备', en: 'Signed out everywhere' },
  'account.totp_enabled': { zh: '启用两步验证', en: 'Second factor enabled' },
  'account.totp_removed': { zh: '停用两步验证', en: 'Second factor removed' },
  'account.oidc_bound': { zh: '绑定统一身份认证', en: 'Single sign-on bound' },
  'account.licence_uploaded': { zh: '上传营业执照', en: 'Licence uploaded' },
  'account.role_changed': { zh: '变更角色', en: 'Role changed' },
  'account.binding_changed': { zh: '变更专家库绑定', en: 'Expert binding changed' },
  'account.disabled': { zh: '停用账号', en: 'Account disabled' },
  'account.enabled': { zh: '启用账号', en: 'Account enabled' },
  'account.renamed': { zh: '修改显示名称', en: 'Display name changed' },
};

/** The entity types of the trail, and the action prefix each one's events mostly share (the filter's "all of …"). */
export const ENTITY_TYPE_NAMES: Record<string, Name> = {
  call: { zh: '年度申报', en: 'Annual call' },
  application: { zh: '申报', en: 'Application' },
  application_draft: { zh: '申报草稿', en: 'Application draft' },
  assignment: { zh: '评审任务', en: 'Review assignment' },
  evaluation_assignment: { zh: '考核评审任务', en: 'Evaluation assignment' },
  notice: { zh: '公示', en: 'Public notice' },
  platform: { zh: '示范平台', en: 'Platform' },
  platform_import: { zh: '名单导入', en: 'Platform list import' },
  evaluation: { zh: '年度考核', en: 'Annual evaluation' },
  calendar_year: { zh: '工作日历', en: 'Working-day calendar' },
  expert: { zh: '专家', en: 'Expert' },
  institution: { zh: '机构注册', en: 'Institution registration' },
  account: { zh: '账号', en: 'Account' },
};

/** The action prefixes (a code's part before the dot) by name, for filtering a whole family of actions. */
export const ACTION_FAMILY_NAMES: Record<string, Name> = {
  call: { zh: '年度申报', en: 'Annual call' },
  application: { zh: '申报', en: 'Application' },
  evidence: { zh: '证明材料', en: 'Evidence' },
  panel: { zh: '专家评审', en: 'Expert review' },
  evaluation_panel: { zh: '考核专家评审', en: 'Evaluation review' },
  notice: { zh: '公示与异议', en: 'Notice and objections' },
  platform: { zh: '示范平台', en: 'Platform' },
  platforms: { zh: '名单导入', en: 'Platform list import' },
  evaluation: { zh: '年度考核', en: 'Annual evaluation' },
  calendar: { zh: '工作日历', en: 'Working-day calendar' },
  expert: { zh: '专家库', en: 'Expert pool' },
  institution: { zh: '机构注册', en: 'Institution registration' },
  account: { zh: '账号', en: 'Account' },
};

/** The system's own actors (`system:<what>`). */
const SYSTEM_ACTORS: Record<string, Name> = {
  'platform-import': { zh: '名单导入', en: 'platform import' },
  'platform-workflow': { zh: '示范平台流程', en: 'platform workflow' },
  'admin-create': { zh: '管理员初始化命令', en: 'administrator set-up' },
  'sign-in': { zh: '登录保护', en: 'sign-in protection' },
  oidc: { zh: '统一身份认证', en: 'single sign-on' },
};

/** Who acted, as people say it: a user by username, the public, or the system and what part of it. */
export function actorName(actor: string, lang: 'zh' | 'en', words: { public: string; system: string }): string {
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor === 'public') return words.public;
  if (actor.startsWith('system:')) {
    const what = actor.slice(7);
    const call = /^call-(\d{4})$/.exec(what);
    const name = call ? (lang === 'zh' ? `${call[1]}年度申报流程` : `${call[1]} call workflow`) : (SYSTEM_ACTORS[what]?.[lang] ?? what);
    return lang === 'zh' ? `${words.system}（${name}）` : `${words.system} (${name})`;
  }
  return actor;
}

/** What a person types in the actor filter, as the service takes it: a bare username is a user's. */
export function actorFilter(typed: string): string {
  const v = typed.trim();
  return v === '' || v === 'public' || v.includes(':') ? v : `user:${v}`;
}
