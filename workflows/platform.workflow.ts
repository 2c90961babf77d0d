import {
  calendarUpdatedSignal,
  evaluationOutcomeSignal,
  lateReportDecisionUpdate,
  type PlatformCarried,
  type PlatformInput,
  type PlatformStage,
  type PlatformStatus,
  platformStatusQuery,
  recordRecommendationUpdate,
  reportSubmittedSignal,
  revokeTitleUpdate,
  SearchAttributeKeys,
  titleAwardedSignal,
} from '@sme/contracts';
import { addDays, annualReportDeadline, endOfDayShanghai, parts, POLICIES, titleValidity } from '@sme/policy';
import { condition, continueAsNew, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { notifications, Recipients } from './lib/activities';
import { atShanghai, calendarWith, currentYear, msUntil, newYearAt, today } from './lib/clock';

const DAY_MS = 86_400_000;
/** Days between reminders once a report is late, until it arrives or staff decide (a policy default). */
const CHASE_EVERY_DAYS = 7;

type Agenda = { at: number; kind: 'remind' | 'overdue' | 'chase' | 'expire' | 'new_year'; offset?: number };

/**
 * `platform-<creditCode>`: one recognised platform for the life of its title (第十七条: three years, renewable).
 * Each calendar year: the report on the previous year is due at the end of February (第十五条, moved off a rest day),
 * with reminders at the policy's offsets that stop the moment the report arrives; when late, an escalation to the
 * center staff and repeated reminders until it arrives or staff decide. The annual evaluation's outcome (第十九条)
 * arrives by signal; the bureau may revoke the title (第十七条) at once. In the expiry year a successful
 * re-application renews it, otherwise it lapses at the end of its last day. Continues as new every year.
 */
export async function platformWorkflow(input: PlatformInput): Promise<PlatformStatus> {
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
  const wfId = workflowInfo().workflowId;
  const recipient = Recipients.institution(input.creditCode);
  let awardedOn = input.awardedOn;
  let validity = titleValidity(awardedOn, policy);
  let revocation: PlatformStatus['revocation'] = null;
  let version = 0; // any message bumps it: the agenda is recomputed
  const runStartedAt = Date.now();

  const reportYear = c.year - 1;
  /** The first report is on the first full calendar year after the list (as the first evaluation, 第十九条). */
  const mustReport = (): boolean => reportYear >= input.listYear + 1 && validity.from <= `${reportYear}-12-31`;
  const pending = (): boolean => mustReport() && !c.reports[reportYear] && !c.excused.includes(reportYear) && revocation === null;
  const deadline = () => annualReportDeadline(reportYear, calendarWith(c.calendarOverrides), policy);
  let remindersDone = 0;
  let late = false;
  let chases = 0;
  let lastChaseAt = 0;
  let stage: PlatformStage = 'active';
  let nextWakeAt: number | null = null;

  const status = (): PlatformStatus => {
    const d = pending() ? deadline() : null;
    return {
      creditCode: input.creditCode,
      institutionName: input.institutionName,
      stage,
      awardedOn,
      validFrom: validity.from,
      validThrough: validity.through,
      year: c.year,
      pendingReport: d ? { reportYear, due: d.due, dueAt: d.endsAt, provisional: d.provisional, late } : null,
      nextWakeAt: nextWakeAt === null ? null : new Date(nextWakeAt).toISOString(),
      reports: c.reports,
      evaluations: c.evaluations,
      renewals: c.renewals,
      recommendations: c.recommendations,
      revocation,
      waitingFor: stage === 'report_due' || stage === 'report_late' ? `annual_report_${reportYear}` : stage === 'awaiting_renewal' ? 'renewal' : null,
      actor: stage === 'report_due' ? 'platform' : stage === 'report_late' ? 'center_staff' : stage === 'awaiting_renewal' ? 'platform' : null,
    };
  };
  const setStage = (next: PlatformStage): void => {
    if (next === stage) return;
    stage = next;
    upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: `platform_${next}` }]);
  };

  setHandler(platformStatusQuery, status);
  setHandler(titleAwardedSignal, (a) => {
    if (c.renewals.some((r) => r.callYear === a.callYear) || a.awardedOn <= awardedOn) return; // the same award twice
    c.renewals.push({ callYear: a.callYear, awardedOn: a.awardedOn });
    awardedOn = a.awardedOn;
    validity = titleValidity(awardedOn, policy);
    version++;
  });
  setHandler(reportSubmittedSignal, (r) => {
    if (c.reports[String(r.reportYear)]) return;
    const due = r.reportYear === reportYear && mustReport() ? deadline().due : null;
    c.reports[String(r.reportYear)] = { submittedOn: r.submittedOn, late: due !== null && r.submittedOn > due };
    version++;
  });
  setHandler(evaluationOutcomeSignal, (e) => {
    c.evaluations[String(e.year)] = e.outcome;
    if (e.outcome === 'revoke' && revocation === null) {
      revocation = { reason: `annual evaluation ${e.year}: revoke`, article: '第十九条', on: today(), by: 'annual_evaluation' };
    }
    version++;
  });
  setHandler(calendarUpdatedSignal, (o) => {
    c.calendarOverrides.push(o);
    version++;
  });
  const live = (): void => {
    if (revocation !== null) throw new Error('the title is revoked / 称号已撤销');
    if (stage === 'lapsed') throw new Error('the title has lapsed / 称号已失效');
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
        if (!req.reason?.trim() || !req.article?.trim()) throw new Error('a revocation needs its reason and article / 撤销须写明理由和依据条款');
      },
    },
  );
  setHandler(
    lateReportDecisionUpdate,
    (req) => {
      if (req.decision === 'excuse') c.excused.push(req.reportYear);
      if (req.decision === 'revoke') revocation = { reason: req.reason, article: '第十五条', on: today(), by: req.by };
      version++;
      return status();
    },
    {
      validator: (req) => {
        live();
        if (req.reportYear !== reportYear || !late || !pending()) throw new Error(`no late report for ${req.reportYear} / 该年度报告未逾期`);
        if (!req.reason?.trim()) throw new Error('a decision needs its reason / 须写明理由');
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

  upsertSearchAttributes([
    { key: SearchAttributeKeys.CreditCode, value: input.creditCode },
    { key: SearchAttributeKeys.Stage, value: 'platform_active' },
  ]);

  const offsets = [...policy.periods.reportReminderDaysBefore].sort((a, b) => b - a);
  const notify = (key: string, kind: string, to: string, title: { zh: string; en: string }, body: { zh: string; en: string }) =>
    notifications.storeInAppNotification({ idempotencyKey: `${wfId}:${key}`, recipient: to, kind, title, body });

  for (;;) {
    if (revocation !== null) {
      setStage('revoked');
      const r: NonNullable<PlatformStatus['revocation']> = revocation;
      await notify('revoked', 'title.revoked', recipient, { zh: '示范平台称号已撤销', en: 'Title revoked' }, {
        zh: `因${r.reason}，依据${r.article}撤销“厦门市中小企业公共服务示范平台”称号。`,
        en: `The title is revoked (${r.article}): ${r.reason}.`,
      });
      nextWakeAt = null;
      return status();
    }

    const expiresAt = Date.parse(endOfDayShanghai(validity.through));
    const agenda: Agenda[] = [{ at: expiresAt, kind: 'expire' }, { at: newYearAt(c.year + 1), kind: 'new_year' }];
    if (pending()) {
      const d = deadline();
      if (remindersDone < offsets.length) {
        const offset = offsets[remindersDone]!;
        agenda.push({ at: atShanghai(addDays(d.due, -offset), 9), kind: 'remind', offset });
      } else if (!late) agenda.push({ at: Date.parse(d.endsAt), kind: 'overdue' });
      else agenda.push({ at: lastChaseAt + CHASE_EVERY_DAYS * DAY_MS, kind: 'chase' });
    }
    const expiryYear = parts(validity.through).year === c.year;
    setStage(pending() ? (late ? 'report_late' : Date.now() >= newYearAt(c.year) ? 'report_due' : 'active') : expiryYear ? 'awaiting_renewal' : 'active');

    const next = agenda.reduce((a, b) => (b.at < a.at ? b : a));
    nextWakeAt = next.at;
    const seen = version;
    const interrupted = await condition(() => version !== seen, msUntil(next.at));
    if (interrupted) continue;

    switch (next.kind) {
      case 'remind': {
        remindersDone++;
        if (next.at < runStartedAt) break; // a reminder due before this run began (a late award): not sent
        const d = deadline();
        await notify(`report-${reportYear}:reminder-${next.offset}d`, 'report.reminder', recipient,
          { zh: `${reportYear}年度报告将于${d.due}截止`, en: `${reportYear} annual report due ${d.due}` },
          { zh: `请于${d.due}前报送${reportYear}年度工作总结和运营情况（第十五条）。`, en: `Please file the ${reportYear} report by ${d.due} (Art. 15).` });
        break;
      }
      case 'overdue': {
        late = true;
        lastChaseAt = next.at;
        const d = deadline();
        await notify(`report-${reportYear}:overdue:platform`, 'report.overdue', recipient,
          { zh: `${reportYear}年度报告已逾期`, en: `${reportYear} annual report overdue` },
          { zh: `${reportYear}年度报告已于${d.due}截止，请尽快报送（第十五条）。`, en: `The ${reportYear} report was due ${d.due}; please file it now (Art. 15).` });
        await notify(`report-${reportYear}:overdue:staff`, 'report.overdue', Recipients.centerStaff,
          { zh: `${input.institutionName}${reportYear}年度报告逾期`, en: `${input.institutionName}: ${reportYear} report overdue` },
          { zh: `请跟进并决定是否继续催报、免报或建议撤销（${input.creditCode}）。`, en: `Please chase it and decide: keep chasing, excuse, or revoke (${input.creditCode}).` });
        break;
      }
      case 'chase': {
        chases++;
        lastChaseAt = next.at;
        await notify(`report-${reportYear}:chase-${chases}`, 'report.chase', recipient,
          { zh: `${reportYear}年度报告仍未报送（第${chases}次催报）`, en: `${reportYear} report still missing (reminder ${chases})` },
          { zh: '请尽快报送年度报告（第十五条）。', en: 'Please file the annual report now (Art. 15).' });
        break;
      }
      case 'expire': {
        setStage('lapsed');
        nextWakeAt = null;
        await notify(`lapsed-${validity.through}`, 'title.lapsed', recipient, { zh: '示范平台称号已到期失效', en: 'Title lapsed' }, {
          zh: `称号有效期至${validity.through}届满，未获再次认定，自动失去称号（第十七条）。`,
          en: `The title ran until ${validity.through} and was not renewed: it lapsed (Art. 17).`,
        });
        log.info('title lapsed', { creditCode: input.creditCode, through: validity.through });
        return status();
      }
      case 'new_year':
        return continueAsNew<typeof platformWorkflow>({ ...input, awardedOn, carried: { ...c, year: c.year + 1 } });
    }
  }
}
