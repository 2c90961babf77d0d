import {
  calendarUpdatedSignal,
  decideRectificationUpdate,
  decideRevocationUpdate,
  fileRectificationUpdate,
  evaluationOutcomeSignal,
  type InAppNotificationInput,
  lateReportDecisionUpdate,
  type OpenReport,
  type PendingReport,
  type PlatformCarried,
  type PlatformInput,
  type PlatformStage,
  type PlatformStatus,
  type Rectification,
  platformStatusQuery,
  reapplicationSignal,
  type Recipient,
  recordRecommendationUpdate,
  reportSubmittedSignal,
  type RevocationProposal,
  revokeTitleUpdate,
  SearchAttributeKeys,
  titleAwardedSignal,
} from '@sme/contracts';
import { addDays, annualReportDeadline, chineseDate, endOfDayShanghai, parts, POLICIES, titleValidity } from '@sme/policy';
import { condition, continueAsNew, log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { lifecycle, notifications, Recipients } from './lib/activities';
import { refuse } from './lib/refusals';
import { atShanghai, calendarWith, currentYear, msUntil, newYearAt, today } from './lib/clock';

const DAY_MS = 86_400_000;
/** Runs with this patch write a title's end on the register and in the audit trail. */
export const TITLE_END_PATCH = 'platform-title-end-recorded';
/** Runs with this patch read the working days staff published when they start (each year, at continue-as-new). */
export const PLATFORM_CALENDAR_PATCH = 'platform-reads-published-calendar';
/** Runs with this patch send one reminder for the state they find instead of none for reminders missed. */
export const ONE_NOTICE_PATCH = 'platform-one-notice-for-state';
/** Runs with this patch open a rectification on an evaluation's 整改 and propose revocation on 不合格 (第十九条). */
export const RECTIFICATION_PATCH = 'platform-evaluation-consequences';
/**
 * Runs with this patch act on a message that arrived while they were sending a notice (a bureau's decision taken the
 * moment its request went out); earlier runs noticed it only at their next timer.
 */
export const WAKE_ON_MESSAGE_PATCH = 'platform-wakes-on-message-during-notice';
/**
 * Runs with this patch have every patch above without asking for each, and send a late report's two notices (to the
 * platform and to staff) side by side. Each patch asked costs a marker and a search-attribute upsert in every run
 * (Temporal's core records `TemporalChangeVersion`), and a run starts each year: at 10,000 platforms that was a quarter
 * of the Temporal server's work at start (bench/scale, issue 16). A run recorded before this patch asks as it did.
 */
export const LEAN_RUN_PATCH = 'platform-lean-run';
/**
 * Runs with this patch have the lean run's and, besides: a first run reads the calendar its award gave it instead of
 * asking the applications service, an event's two notices go in one activity task, and a stage the run leaves at once
 * (a late platform's `report_due` on its way to `report_late`) is not written to visibility. A late platform imported
 * cost 4 activity tasks (the award, the calendar, two notices) and 2 stage writes; now 2 and 1 (bench/scale, issue 16).
 */
export const LEAN_RUN_2_PATCH = 'platform-lean-run-2';

type Agenda = { at: number; kind: 'remind' | 'overdue' | 'chase' | 'expire' | 'new_year' | 'rectify_remind' | 'rectify_overdue'; year?: number };

/**
 * `platform-<creditCode>`: one recognised platform for the life of its title (第十七条: three years, renewable).
 * Each calendar year: the report on the previous year is due at the end of February (第十五条, moved off a rest day),
 * with reminders at the policy's offsets that stop the moment the report arrives; when late, an escalation to the
 * center staff and a chase every week until it arrives or staff decide; a late report stays open across 1 January.
 * Reminders are for people, not for the clock: a run that starts or wakes after some of its notice times (an import,
 * a late award, a worker outage) sends one notice for the state it finds and counts the next one from then.
 * Staff and the annual evaluation (第十九条) may only propose revocation; the bureau decides, or revokes at once
 * (第十七条). In the expiry year a successful re-application renews the title, otherwise it lapses at the end of its
 * last day. Continues as new every year.
 */
export async function platformWorkflow(input: PlatformInput): Promise<PlatformStatus> {
  // Asked first, before any handler or command: what the run was recorded with decides every patch below.
  const lean2 = patched(LEAN_RUN_2_PATCH);
  const lean = lean2 || patched(LEAN_RUN_PATCH);
  const has = (patch: string): boolean => lean || patched(patch);
  /**
   * Two notices of one event (to the platform and to staff): in one activity task in a lean run of the second kind,
   * side by side in a lean run, one after the other before.
   */
  const both = async (first: InAppNotificationInput, second: InAppNotificationInput): Promise<void> => {
    if (lean2) await notifications.storeInAppNotifications({ notices: [first, second] });
    else if (lean) await Promise.all([notifications.storeInAppNotification(first), notifications.storeInAppNotification(second)]);
    else {
      await notifications.storeInAppNotification(first);
      await notifications.storeInAppNotification(second);
    }
  };
  const policy = POLICIES.get(input.policyVersion);
  const c: PlatformCarried = input.carried ?? {
    year: currentYear(),
    reports: {},
    evaluations: {},
    renewals: [],
    recommendations: [],
    calendarOverrides: [],
    excused: [],
  };
  const open: Record<string, OpenReport> = (c.openReports ??= {});
  const overridesCarried = c.calendarOverrides.length; // those that arrive while this run reads the published ones are kept
  c.revocationDecisions ??= [];
  c.rectifications ??= [];
  c.revocationProposal ??= null;
  c.reapplication ??= null;
  const wfId = workflowInfo().workflowId;
  const recipient = Recipients.institution(input.creditCode);
  let awardedOn = input.awardedOn;
  let validity = titleValidity(awardedOn, policy);
  let revocation: PlatformStatus['revocation'] = null;
  let version = 0; // any message bumps it: the agenda is recomputed
  const runStartedAt = Date.now();

  const reportYear = c.year - 1;
  /** The first report is on the first full calendar year after the list (as the first evaluation, 第十九条). */
  const mustReport = (year: number): boolean => year >= input.listYear + 1 && validity.from <= `${year}-12-31`;
  const isOpen = (year: number): boolean => !c.reports[String(year)] && !c.excused.includes(year) && revocation === null;
  if (mustReport(reportYear) && isOpen(reportYear)) open[String(reportYear)] ??= { remindersDone: 0, late: false, chases: 0, lastNoticeAt: null };
  const openYears = (): number[] =>
    Object.keys(open)
      .map(Number)
      .filter(isOpen)
      .sort((a, b) => a - b);
  const deadline = (year: number) => annualReportDeadline(year, calendarWith(c.calendarOverrides), policy);
  const pendingOf = (year: number): PendingReport => {
    const d = deadline(year);
    const r = open[String(year)]!;
    return { reportYear: year, due: d.due, dueAt: d.endsAt, provisional: d.provisional, late: r.late, chases: r.chases };
  };
  let stage: PlatformStage = 'active';
  let nextWakeAt: number | null = null;

  const status = (): PlatformStatus => {
    const reports = openYears().map(pendingOf);
    const urgent = reports.find((r) => r.late) ?? reports[0] ?? null;
    return {
      creditCode: input.creditCode,
      institutionName: input.institutionName,
      stage,
      awardedOn,
      validFrom: validity.from,
      validThrough: validity.through,
      year: c.year,
      pendingReport: urgent,
      openReports: reports,
      nextWakeAt: nextWakeAt === null ? null : new Date(nextWakeAt).toISOString(),
      reports: c.reports,
      evaluations: c.evaluations,
      renewals: c.renewals,
      recommendations: c.recommendations,
      revocation,
      revocationProposal: c.revocationProposal ?? null,
      revocationDecisions: c.revocationDecisions ?? [],
      reapplication: c.reapplication ?? null,
      rectification: c.rectifications!.at(-1) ?? null,
      rectifications: c.rectifications!,
      waitingFor:
        stage === 'revocation_proposed'
          ? 'revocation_decision'
          : stage === 'rectifying'
            ? rectifying()!.state === 'open' ? 'rectification_report' : 'rectification_decision'
          : stage === 'report_due' || stage === 'report_late'
            ? `annual_report_${urgent?.reportYear ?? reportYear}`
            : stage === 'awaiting_renewal'
              ? 'renewal'
              : null,
      actor:
        stage === 'revocation_proposed'
          ? 'bureau'
          : stage === 'rectifying'
            ? rectifying()!.state === 'open' ? 'platform' : 'center_staff'
          : stage === 'report_due'
            ? 'platform'
            : stage === 'report_late'
              ? 'center_staff'
              : stage === 'awaiting_renewal'
                ? 'platform'
                : null,
    };
  };
  /** Where the title stands between events: who must act next. */
  const deriveStage = (): PlatformStage => {
    const years = openYears();
    if (c.revocationProposal) return 'revocation_proposed';
    if (years.some((y) => open[String(y)]!.late)) return 'report_late';
    if (rectifying()) return 'rectifying';
    if (years.length > 0 && Date.now() >= newYearAt(c.year)) return 'report_due';
    return expiryYear() === c.year || c.reapplication?.state === 'pending' ? 'awaiting_renewal' : 'active';
  };
  /**
   * The stage visibility holds. A lean run starts from what the run before it left (continue-as-new carries the search
   * attributes) or what its starter gave, and writes only a change: 10,000 platforms begin a run each 1 January.
   */
  const given = workflowInfo().typedSearchAttributes;
  let indexed = lean && given.get(SearchAttributeKeys.CreditCode) === input.creditCode ? given.get(SearchAttributeKeys.Stage) : undefined;
  /** `write: false`: the run acts at once and leaves this stage in the same task; the next call writes what it ends at. */
  const setStage = (next: PlatformStage, write = true): void => {
    if (lean) {
      stage = next;
      if (indexed === `platform_${next}` || (lean2 && !write)) return;
      indexed = `platform_${next}`;
      upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: indexed }]);
      return;
    }
    if (next === stage) return;
    stage = next;
    upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: `platform_${next}` }]);
  };
  const notice = (key: string, kind: string, to: Recipient, title: { zh: string; en: string }, body: { zh: string; en: string }): InAppNotificationInput =>
    ({ idempotencyKey: `${wfId}:${key}`, recipient: to, kind, title, body });
  const notify = (...n: Parameters<typeof notice>) => notifications.storeInAppNotification(notice(...n));
  const propose = (p: RevocationProposal): void => {
    if (c.revocationProposal) return; // one proposal at a time: the bureau decides the one before it
    c.revocationProposal = p;
    owed.proposal = true;
  };
  /** Notices a message handler owes, sent by the main loop (handlers do not call activities). */
  const owed: { proposal: boolean; rejection: NonNullable<PlatformCarried['revocationDecisions']>[number] | null; rectification: boolean; rectificationFiled: boolean; rectificationClosed: boolean } = {
    proposal: false,
    rejection: null,
    rectification: false,
    rectificationFiled: false,
    rectificationClosed: false,
  };
  /** The rectification not yet decided, if any. */
  const rectifying = (): Rectification | null => {
    const r = c.rectifications!.at(-1);
    return r && (r.state === 'open' || r.state === 'overdue' || r.state === 'filed') ? r : null;
  };

  setHandler(platformStatusQuery, status);
  const expiryYear = (): number => parts(validity.through).year;
  setHandler(titleAwardedSignal, (a) => {
    if (c.renewals.some((r) => r.callYear === a.callYear) || a.awardedOn <= awardedOn) return; // the same award twice
    // Renewal is by re-application in the call of the expiry year (第十七条); an award of another year's call is not one.
    if (a.callYear !== expiryYear()) {
      log.warn('an award of a call other than the expiry year does not renew the title', { callYear: a.callYear, expiryYear: expiryYear() });
      return;
    }
    c.reapplication = null;
    c.renewals.push({ callYear: a.callYear, awardedOn: a.awardedOn });
    awardedOn = a.awardedOn;
    validity = titleValidity(awardedOn, policy);
    version++;
  });
  setHandler(reapplicationSignal, (r) => {
    if (r.callYear !== expiryYear()) return; // re-application is for the expiry year only (第十七条)
    if (r.state === 'pending' && c.reapplication?.state === 'failed' && c.reapplication.applicationId === r.applicationId) return;
    c.reapplication = r;
    version++;
  });
  setHandler(reportSubmittedSignal, (r) => {
    if (c.reports[String(r.reportYear)]) return;
    const due = open[String(r.reportYear)] || (r.reportYear === reportYear && mustReport(reportYear)) ? deadline(r.reportYear).due : null;
    c.reports[String(r.reportYear)] = { submittedOn: r.submittedOn, late: due !== null && r.submittedOn > due };
    version++;
  });
  setHandler(evaluationOutcomeSignal, (e) => {
    if (c.evaluations[String(e.year)] !== undefined && has(RECTIFICATION_PATCH)) return; // told twice: acted on once
    c.evaluations[String(e.year)] = e.outcome;
    // The evaluation's "revoke" is a proposal: the bureau decides (第十七条, 第十九条).
    if (e.outcome === 'revoke' && revocation === null) {
      propose({ source: 'evaluation', reason: `${e.year}年度考核评价结论为撤销 / the ${e.year} evaluation concluded: revoke`, article: '第十九条', by: 'annual_evaluation', proposedOn: today() });
    }
    if ((e.outcome === 'fail' || e.outcome === 'rectify') && revocation === null && has(RECTIFICATION_PATCH)) {
      if (e.outcome === 'fail') {
        propose({ source: 'evaluation', reason: `${e.year}年度考核评价不合格（${e.score ?? '—'}分）/ the ${e.year} evaluation: fail (${e.score ?? '—'})`, article: '第十九条', by: 'annual_evaluation', proposedOn: today() });
      } else {
        const openedOn = today();
        c.rectifications!.push({ year: e.year, openedOn, deadline: addDays(openedOn, policy.evaluation.rectificationDays), state: 'open', remindersDone: 0, report: null, decision: null });
        owed.rectification = true;
      }
    }
    version++;
  });
  setHandler(calendarUpdatedSignal, (o) => {
    c.calendarOverrides.push(o);
    version++;
  });
  const live = (): void => {
    if (revocation !== null) throw refuse('title-revoked', '第十七条', 'the title is revoked / 称号已撤销');
    if (stage === 'lapsed') throw refuse('title-lapsed', '第十七条', 'the title has lapsed / 称号已失效');
  };
  setHandler(
    revokeTitleUpdate,
    (req) => {
      revocation = { reason: req.reason, article: req.article, on: today(), by: req.by };
      version++;
      return status();
    },
    {
      validator: (req) => {
        live();
        if (!req.reason?.trim() || !req.article?.trim()) throw refuse('reason-required', '第十七条', 'a revocation needs its reason and article / 撤销须写明理由和依据条款');
      },
    },
  );
  setHandler(
    decideRevocationUpdate,
    (req) => {
      const p = c.revocationProposal!;
      const decided = { ...p, decision: req.decision, decidedBy: req.by, decidedOn: today(), decisionReason: req.reason };
      c.revocationDecisions!.push(decided);
      c.revocationProposal = null;
      if (req.decision === 'accept') revocation = { reason: req.reason, article: req.article?.trim() || p.article, on: today(), by: req.by };
      else owed.rejection = decided;
      version++;
      setStage(revocation ? 'revoked' : deriveStage());
      return status();
    },
    {
      validator: (req) => {
        live();
        if (!c.revocationProposal) throw refuse('no-proposal', '第十七条', 'no revocation is proposed / 没有待决定的撤销建议');
        if (req.decision !== 'accept' && req.decision !== 'reject') throw refuse('bad-decision', '第十七条', 'decide accept or reject / 须决定采纳或不予采纳');
        if (!req.reason?.trim()) throw refuse('reason-required', '第十七条', 'a decision needs its reason / 须写明理由');
      },
    },
  );
  setHandler(
    lateReportDecisionUpdate,
    (req) => {
      if (req.decision === 'excuse') c.excused.push(req.reportYear);
      if (req.decision === 'keep_chasing') open[String(req.reportYear)]!.lastNoticeAt = Date.now();
      if (req.decision === 'propose_revocation') {
        propose({ source: 'late_report', reason: req.reason, article: '第十五条', by: req.by, proposedOn: today() });
      }
      version++;
      setStage(deriveStage());
      return status();
    },
    {
      validator: (req) => {
        live();
        if ((req.decision as string) === 'revoke') throw refuse('bureau-revokes', '第十七条', 'only the bureau revokes a title: propose it instead / 撤销由市工信局决定，服务中心只能提出撤销建议（第十七条）');
        if (!['keep_chasing', 'excuse', 'propose_revocation'].includes(req.decision)) throw refuse('bad-decision', '第十五条', `unknown decision ${req.decision} / 无此处理方式`);
        if (!openYears().includes(req.reportYear) || !open[String(req.reportYear)]!.late) throw refuse('no-late-report', '第十五条', `no late report for ${req.reportYear} / 该年度报告未逾期`);
        if (req.decision === 'propose_revocation' && c.revocationProposal) throw refuse('already-proposed', '第十七条', 'a revocation is already proposed / 已有待决定的撤销建议');
        if (!req.reason?.trim()) throw refuse('reason-required', '第十七条', 'a decision needs its reason / 须写明理由');
      },
    },
  );
  setHandler(
    recordRecommendationUpdate,
    (req) => {
      c.recommendations.push(req);
      return status();
    },
    { validator: (_req) => live() },
  );
  setHandler(
    fileRectificationUpdate,
    (req) => {
      const r = rectifying()!;
      r.report = { text: req.text, filedOn: today(), by: req.by };
      r.state = 'filed';
      owed.rectificationFiled = true;
      version++;
      setStage(deriveStage());
      return status();
    },
    {
      validator: (req) => {
        live();
        const r = rectifying();
        if (!r || r.state === 'filed') throw refuse('no-rectification', '第十九条', 'no rectification awaits a report / 没有待报送的整改报告');
        if (!req.text?.trim()) throw refuse('report-required', '第十九条', 'the rectification report is empty / 整改报告不能为空');
      },
    },
  );
  setHandler(
    decideRectificationUpdate,
    (req) => {
      const r = rectifying()!;
      r.decision = { decision: req.decision, reason: req.reason, by: req.by, on: today() };
      if (req.decision === 'close') {
        r.state = 'closed';
        owed.rectificationClosed = true;
      } else {
        r.state = 'escalated';
        propose({ source: 'rectification', reason: `${r.year}年度考核整改未通过：${req.reason} / rectification of ${r.year} failed: ${req.reason}`, article: '第十九条', by: req.by, proposedOn: today() });
      }
      version++;
      setStage(deriveStage());
      return status();
    },
    {
      validator: (req) => {
        live();
        const r = rectifying();
        if (!r || r.state === 'open') throw refuse('no-rectification-to-decide', '第十九条', 'no rectification report or overdue rectification awaits a decision / 没有待处理的整改');
        if (req.decision !== 'close' && req.decision !== 'escalate') throw refuse('bad-decision', '第十九条', 'close or escalate / 须决定整改通过或提出撤销建议');
        if (req.decision === 'escalate' && c.revocationProposal) throw refuse('already-proposed', '第十七条', 'a revocation is already proposed / 已有待决定的撤销建议');
        if (!req.reason?.trim()) throw refuse('reason-required', '第十九条', 'a decision needs its reason / 须写明理由');
      },
    },
  );

  if (indexed === undefined) {
    upsertSearchAttributes([
      { key: SearchAttributeKeys.CreditCode, value: input.creditCode },
      { key: SearchAttributeKeys.Stage, value: 'platform_active' },
    ]);
    if (lean) indexed = 'platform_active';
  }

  // The calendar as the API has it: what staff published, read afresh each year (history stays bounded), plus any
  // publication signalled since.
  if (has(PLATFORM_CALENDAR_PATCH)) {
    const published = lean2 && input.calendar && !input.carried ? input.calendar : await lifecycle.publishedCalendar();
    c.calendarOverrides = [published, ...c.calendarOverrides.slice(overridesCarried)];
  }

  const offsets = [...policy.periods.reportReminderDaysBefore].sort((a, b) => b - a);
  const rectifyOffsets = [...(policy.evaluation?.rectificationReminderDaysBefore ?? [])].sort((a, b) => b - a);
  const rectifyReminderAt = (r: Rectification, i: number): number => atShanghai(addDays(r.deadline, -rectifyOffsets[i]!), policy.periods.reminderHour);
  const reminderAt = (year: number, i: number): number => atShanghai(addDays(deadline(year).due, -offsets[i]!), policy.periods.reminderHour);

  /** The title ends: on the register and in the audit trail (第十七条, 第十八条), and the platform is told. */
  const endTitle = async (how: 'revoked' | 'lapsed', endedOn: string, article: string, reason: string, by: string): Promise<void> => {
    if (has(TITLE_END_PATCH)) await lifecycle.recordTitleEnded({ creditCode: input.creditCode, status: how, endedOn, article, reason, by });
  };

  for (;;) {
    // A message that arrives while this turn sends its notices is not missed: the wait below ends at once for it.
    const seenAtTop = version;
    if (revocation !== null) {
      setStage('revoked');
      const r: NonNullable<PlatformStatus['revocation']> = revocation;
      await notify('revoked', 'title.revoked', recipient, { zh: '示范平台称号已撤销', en: 'Title revoked' }, {
        zh: `因${r.reason}，依据${r.article}撤销“厦门市中小企业公共服务示范平台”称号。`,
        en: `The title is revoked (${r.article}): ${r.reason}.`,
      });
      await endTitle('revoked', r.on, r.article, r.reason, r.by);
      nextWakeAt = null;
      return status();
    }
    if (owed.proposal) {
      owed.proposal = false;
      const p = c.revocationProposal!;
      await notify(`revocation-proposed-${c.revocationDecisions!.length + 1}`, 'revocation.proposed', Recipients.bureau,
        { zh: `${input.institutionName}：建议撤销示范平台称号`, en: `${input.institutionName}: revocation proposed` },
        { zh: `${p.by === 'annual_evaluation' ? '年度考核评价' : '服务中心'}建议撤销（${p.article}）：${p.reason}。请决定是否采纳（${input.creditCode}）。`,
          en: `Proposed by ${p.by === 'annual_evaluation' ? 'the annual evaluation' : 'center staff'} (${p.article}): ${p.reason}. Please accept or reject it (${input.creditCode}).` });
    }
    if (owed.rectification) {
      owed.rectification = false;
      const r = c.rectifications!.at(-1)!;
      await notify(`rectification-${r.year}:opened`, 'rectification.opened', recipient,
        { zh: `${r.year}年度考核结论为整改，请于${chineseDate(r.deadline)}前报送整改报告`, en: `${r.year} evaluation: rectify by ${r.deadline}` },
        { zh: `依据第十九条，请整改并于${chineseDate(r.deadline)}前报送整改报告。`, en: `Under Art. 19, please rectify and file your rectification report by ${r.deadline}.` });
    }
    if (owed.rectificationFiled) {
      owed.rectificationFiled = false;
      const r = c.rectifications!.at(-1)!;
      await notify(`rectification-${r.year}:filed`, 'rectification.filed', Recipients.centerStaff,
        { zh: `${input.institutionName}已报送整改报告`, en: `${input.institutionName}: rectification report filed` },
        { zh: `请审核并决定整改通过或提出撤销建议（${input.creditCode}，第十九条）。`, en: `Please close the case or propose revocation (${input.creditCode}, Art. 19).` });
    }
    if (owed.rectificationClosed) {
      owed.rectificationClosed = false;
      const r = c.rectifications!.at(-1)!;
      await notify(`rectification-${r.year}:closed`, 'rectification.closed', recipient,
        { zh: `${r.year}年度考核整改已通过`, en: `${r.year} rectification accepted` },
        { zh: `服务中心确认整改完成：${r.decision!.reason}`, en: `The center closed the rectification: ${r.decision!.reason}` });
    }
    if (owed.rejection) {
      const d = owed.rejection;
      owed.rejection = null;
      await notify(`revocation-rejected-${c.revocationDecisions!.length}`, 'revocation.rejected', recipient,
        { zh: '撤销建议未被采纳，称号保留', en: 'Revocation not adopted: the title stands' },
        { zh: `市工信局决定不采纳撤销建议（${d.article}）：${d.decisionReason}。`, en: `The bureau rejected the proposal to revoke (${d.article}): ${d.decisionReason}.` });
    }

    // While a re-application of the expiry year is pending the title is kept; a failed one ends it at 24:00 of the
    // later of the last valid day and the day the failure was decided (第十七条).
    const re = c.reapplication && c.reapplication.callYear === expiryYear() ? c.reapplication : null;
    const lastDay = re?.state === 'failed' && re.on > validity.through ? re.on : validity.through;
    const agenda: Agenda[] = [{ at: newYearAt(c.year + 1), kind: 'new_year' }];
    if (re?.state !== 'pending') agenda.push({ at: Date.parse(endOfDayShanghai(lastDay)), kind: 'expire' });
    for (const year of openYears()) {
      const r = open[String(year)]!;
      if (r.late) agenda.push({ at: (r.lastNoticeAt ?? runStartedAt) + policy.periods.reportChaseEveryDays * DAY_MS, kind: 'chase', year });
      else {
        agenda.push({ at: Date.parse(deadline(year).endsAt), kind: 'overdue', year });
        if (r.remindersDone < offsets.length) agenda.push({ at: reminderAt(year, r.remindersDone), kind: 'remind', year });
      }
    }
    const rect = rectifying();
    if (rect?.state === 'open') {
      agenda.push({ at: Date.parse(endOfDayShanghai(rect.deadline)), kind: 'rectify_overdue' });
      if (rect.remindersDone < rectifyOffsets.length) agenda.push({ at: rectifyReminderAt(rect, rect.remindersDone), kind: 'rectify_remind' });
    }
    const next = agenda.reduce((a, b) => (b.at < a.at ? b : a));
    nextWakeAt = next.at;
    // A time already past is due now (`condition` with a timeout of 0 would wait for ever).
    const wait = msUntil(next.at);
    setStage(deriveStage(), wait > 0); // before the patch below is asked: commands keep the order runs recorded
    const seen = has(WAKE_ON_MESSAGE_PATCH) ? seenAtTop : version;
    const interrupted = wait > 0 ? await condition(() => version !== seen, wait) : false;
    if (interrupted) continue;
    const now = Date.now();

    switch (next.kind) {
      case 'remind': {
        const year = next.year!;
        const r = open[String(year)]!;
        // Every reminder whose time has come is behind us; one notice says where things stand.
        const before = r.remindersDone;
        while (r.remindersDone < offsets.length && reminderAt(year, r.remindersDone) <= now) r.remindersDone++;
        if (r.remindersDone === before) r.remindersDone++;
        const missedBeforeRun = next.at < runStartedAt;
        if (missedBeforeRun && !has(ONE_NOTICE_PATCH)) break; // earlier runs sent nothing for missed reminders
        const offset = offsets[r.remindersDone - 1]!;
        const d = deadline(year);
        if (now >= Date.parse(d.endsAt)) break; // the deadline passed too: the overdue notice says it
        r.lastNoticeAt = now;
        await notify(`report-${year}:reminder-${offset}d`, 'report.reminder', recipient,
          { zh: `${year}年度报告将于${chineseDate(d.due)}截止`, en: `${year} annual report due ${d.due}` },
          { zh: `请于${chineseDate(d.due)}前报送${year}年度工作总结和运营情况（第十五条）。`, en: `Please file the ${year} report by ${d.due} (Art. 15).` });
        break;
      }
      case 'overdue': {
        const year = next.year!;
        const r = open[String(year)]!;
        r.late = true;
        r.remindersDone = offsets.length;
        r.lastNoticeAt = now;
        const d = deadline(year);
        await both(
          notice(`report-${year}:overdue:platform`, 'report.overdue', recipient,
            { zh: `${year}年度报告已逾期`, en: `${year} annual report overdue` },
            { zh: `${year}年度报告已于${chineseDate(d.due)}截止，请尽快报送（第十五条）。`, en: `The ${year} report was due ${d.due}; please file it now (Art. 15).` }),
          notice(`report-${year}:overdue:staff`, 'report.overdue', Recipients.centerStaff,
            { zh: `${input.institutionName}${year}年度报告逾期`, en: `${input.institutionName}: ${year} report overdue` },
            { zh: `请跟进并决定继续催报、免报或建议撤销（${input.creditCode}，第十五条）。`, en: `Please chase it and decide: keep chasing, excuse, or propose revocation (${input.creditCode}, Art. 15).` }),
        );
        break;
      }
      case 'chase': {
        const year = next.year!;
        const r = open[String(year)]!;
        r.chases++;
        r.lastNoticeAt = now; // the next chase is a week from this one, whenever this one went out
        await notify(`report-${year}:chase-${r.chases}`, 'report.chase', recipient,
          { zh: `${year}年度报告仍未报送（第${r.chases}次催报）`, en: `${year} report still missing (reminder ${r.chases})` },
          { zh: '请尽快报送年度报告（第十五条）。', en: 'Please file the annual report now (Art. 15).' });
        break;
      }
      case 'expire': {
        setStage('lapsed');
        nextWakeAt = null;
        await notify(`lapsed-${validity.through}`, 'title.lapsed', recipient, { zh: '示范平台称号已到期失效', en: 'Title lapsed' }, {
          zh: `称号有效期至${validity.through}届满，未获再次认定，自动失去称号（第十七条）。${lastDay !== validity.through ? `再次申报期间称号保留至${lastDay}。` : ''}`,
          en: `The title ran until ${validity.through} and was not renewed: it lapsed (Art. 17).${lastDay !== validity.through ? ` It was kept while the re-application was decided, until ${lastDay}.` : ''}`,
        });
        await endTitle('lapsed', lastDay, '第十七条', '有效期届满未获再次认定 / validity ended without renewal', 'system');
        log.info('title lapsed', { creditCode: input.creditCode, through: validity.through });
        return status();
      }
      case 'rectify_remind': {
        const r = rectifying()!;
        // Every reminder whose time has come is behind us; one notice says where things stand.
        const before = r.remindersDone;
        while (r.remindersDone < rectifyOffsets.length && rectifyReminderAt(r, r.remindersDone) <= now) r.remindersDone++;
        if (r.remindersDone === before) r.remindersDone++;
        if (now >= Date.parse(endOfDayShanghai(r.deadline))) break; // the overdue notice says it
        await notify(`rectification-${r.year}:reminder-${rectifyOffsets[r.remindersDone - 1]}d`, 'rectification.reminder', recipient,
          { zh: `整改报告将于${chineseDate(r.deadline)}截止`, en: `Rectification report due ${r.deadline}` },
          { zh: `请于${chineseDate(r.deadline)}前报送${r.year}年度考核整改报告（第十九条）。`, en: `Please file the rectification report on the ${r.year} evaluation by ${r.deadline} (Art. 19).` });
        break;
      }
      case 'rectify_overdue': {
        const r = rectifying()!;
        r.state = 'overdue';
        r.remindersDone = rectifyOffsets.length;
        await both(
          notice(`rectification-${r.year}:overdue:platform`, 'rectification.overdue', recipient,
            { zh: '整改报告已逾期', en: 'Rectification report overdue' },
            { zh: `整改报告已于${chineseDate(r.deadline)}截止，请尽快报送（第十九条）。`, en: `The rectification report was due ${r.deadline}; please file it now (Art. 19).` }),
          notice(`rectification-${r.year}:overdue:staff`, 'rectification.overdue', Recipients.centerStaff,
            { zh: `${input.institutionName}整改报告逾期`, en: `${input.institutionName}: rectification overdue` },
            { zh: `请决定整改通过或提出撤销建议（${input.creditCode}，第十九条）。`, en: `Please close it or propose revocation (${input.creditCode}, Art. 19).` }),
        );
        break;
      }
      case 'new_year': {
        // Reports still open go on into the new year: chased until filed, excused or decided (第十五条).
        const carriedOpen: Record<string, OpenReport> = {};
        for (const y of openYears()) carriedOpen[String(y)] = open[String(y)]!;
        const { calendar: _given, ...rest } = input; // each year reads the published calendar afresh
        return continueAsNew<typeof platformWorkflow>({ ...rest, awardedOn, carried: { ...c, year: c.year + 1, openReports: carriedOpen } });
      }
    }
  }
}
