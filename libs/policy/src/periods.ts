import type { NoticePeriod, WorkingDayCalendar } from './calendar';
import { addYearsClamped, daysInMonth, endOfDayShanghai, type IsoDate, isoDate } from './dates';
import type { MonthDay, PolicyVersion } from './policy-version';

/** Which counting rule produced a date, with the articles it rests on. */
export interface AppliedRule {
  id: 'period_in_years' | 'deadline_moves_off_rest_day' | 'deadline_on_working_day';
  articles: string[];
  zh: string;
  en: string;
}

export interface DeadlineResult {
  /** The last day to act: 24:00 Asia/Shanghai of this date (`endsAt`). */
  due: IsoDate;
  endsAt: string;
  /** The day the text names, before any move off a rest day. */
  nominal: IsoDate;
  moved: boolean;
  rule: AppliedRule;
  provisional: boolean;
  /** The years without published data from the nominal day to the due day: the notices the due day waits for. */
  provisionalYears: number[];
}

export interface ValidityResult {
  awarded: IsoDate;
  /** The first day of validity: the day after the award (民法典第二百零一条). */
  from: IsoDate;
  /** The last day of validity (民法典第二百零二条); validity end dates never move off rest days. */
  through: IsoDate;
  rule: AppliedRule;
  provisional: false;
}

/**
 * A title's validity: `titleValidityYears` (第十七条) counted from the day after the award (Art. 201) to the
 * corresponding day, or the month's last day when there is none (Art. 202). 2026-12-15 -> 2029-12-15;
 * 2028-02-29 -> 2031-02-28.
 */
export function titleValidity(awarded: IsoDate, policy: Pick<PolicyVersion, 'periods'>): ValidityResult {
  const years = policy.periods.titleValidityYears;
  const through = addYearsClamped(awarded, years);
  const [y, m, d] = awarded.split('-').map(Number) as [number, number, number];
  const from = d < daysInMonth(y, m) ? isoDate(y, m, d + 1) : m < 12 ? isoDate(y, m + 1, 1) : isoDate(y + 1, 1, 1);
  return {
    awarded,
    from,
    through,
    provisional: false,
    rule: {
      id: 'period_in_years',
      articles: ['第十七条', '民法典第二百零一条', '民法典第二百零二条'],
      zh: `有效期${years}年，自授予次日起算，至${years}年后对应日（无对应日为当月末日）`,
      en: `${years}-year validity from the day after the award to the corresponding day (or that month's last day)`,
    },
  };
}

/**
 * A deadline for someone to act: when its last day is a rest day by the official calendar it moves to the next
 * working day (民法典第二百零三条), and it ends at 24:00 that day. A policy version may switch the move off.
 */
export function actDeadline(nominal: IsoDate, calendar: WorkingDayCalendar, policy: Pick<PolicyVersion, 'periods'>, article?: string): DeadlineResult {
  const articles = [...(article ? [article] : []), '民法典第二百零三条'];
  const info = calendar.day(nominal);
  if (!policy.periods.deadlinesMoveOffRestDays || info.workingDay) {
    return {
      due: nominal,
      endsAt: endOfDayShanghai(nominal),
      nominal,
      moved: false,
      provisional: info.provisional,
      provisionalYears: calendar.provisionalYearsBetween(nominal, nominal),
      rule: {
        id: 'deadline_on_working_day',
        articles,
        zh: info.workingDay ? '期限末日为工作日，不顺延' : '本政策版本规定期限末日不顺延',
        en: info.workingDay ? 'the last day is a working day: no move' : 'this policy version does not move deadlines',
      },
    };
  }
  const next = calendar.workingDayOnOrAfter(nominal);
  return {
    due: next.date,
    endsAt: endOfDayShanghai(next.date),
    nominal,
    moved: true,
    provisional: next.provisional,
    provisionalYears: next.provisionalYears,
    rule: {
      id: 'deadline_moves_off_rest_day',
      articles,
      zh: `期限末日 ${nominal} 为休息日或法定节假日，顺延至其后第一个工作日 ${next.date}`,
      en: `the last day ${nominal} is a rest day: the deadline moves to the next working day ${next.date}`,
    },
  };
}

/**
 * The annual report on year `reportYear` is due by the end of February of the next year (第十五条), moved off a
 * rest day: the 2026 report is due 2027-03-01 (2027-02-28 is a Sunday), the 2027 report 2028-02-29.
 */
export function annualReportDeadline(reportYear: number, calendar: WorkingDayCalendar, policy: Pick<PolicyVersion, 'periods'>): DeadlineResult {
  const { month, day } = policy.periods.reportDue;
  const y = reportYear + 1;
  const nominal = isoDate(y, month, day === 'last' ? daysInMonth(y, month) : Math.min(day, daysInMonth(y, month)));
  return actDeadline(nominal, calendar, policy, '第十五条');
}

/**
 * A period of `days` days to act, counted as the Civil Code counts it: from the day after the event (民法典第二百零一条),
 * its last day is the `days`-th day; a last day that is a rest day moves to the next working day (第二百零三条), and
 * the period ends at 24:00 Asia/Shanghai of it. A request for materials on 2026-09-21 with 10 days ends on 2026-10-08
 * (10-01 is the National Day holiday, which runs to 10-07), not 240 hours later.
 */
export function periodInDays(event: IsoDate, days: number, calendar: WorkingDayCalendar, policy: Pick<PolicyVersion, 'periods'>, article?: string): DeadlineResult {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`a period is a positive number of days: ${days}`);
  const [y, m, d] = event.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1, d + days));
  const nominal = isoDate(last.getUTCFullYear(), last.getUTCMonth() + 1, last.getUTCDate());
  return actDeadline(nominal, calendar, policy, article);
}

/**
 * The public notice of the candidate list (第十三条) under a policy version: `periods.noticeWorkingDays` working
 * days, day 1 as `periods.noticeDayOne` says. Under xiamen-2021-114 a notice published 2023-06-01 ends 2023-06-09
 * and one published 2026-09-30 ends 2026-10-14.
 */
export function publicNoticePeriod(published: IsoDate, calendar: WorkingDayCalendar, policy: Pick<PolicyVersion, 'periods'>): NoticePeriod {
  return calendar.noticePeriod(published, policy.periods.noticeWorkingDays, policy.periods.noticeDayOne);
}

/** A month and day in `year`, the day cut to the month's last (`{month: 2, day: 30}` -> 2027-02-28). */
function dayIn(year: number, md: MonthDay): IsoDate {
  return isoDate(year, md.month, Math.min(md.day, daysInMonth(year, md.month)));
}

/**
 * The annual call of `year` when staff have set none up (第四条 quota, 第十条 dates): the policy version's
 * defaults, e.g. quota 10 from 03-01 to 04-30 under xiamen-2021-114.
 */
export function defaultCallSettings(year: number, policy: Pick<PolicyVersion, 'call'>): { quota: number; opensOn: IsoDate; closesOn: IsoDate } {
  return { quota: policy.call.defaultQuota, opensOn: dayIn(year, policy.call.defaultOpens), closesOn: dayIn(year, policy.call.defaultCloses) };
}
