import fc from 'fast-check';
import { WorkingDayCalendar } from './calendar';
import { addDays, compareDates } from './dates';
import { actDeadline, annualReportDeadline, defaultCallSettings, periodInDays, publicNoticePeriod, titleValidity } from './periods';
import { XIAMEN_2021_114 } from './policies';

const calendar = WorkingDayCalendar.bundled();
const policy = XIAMEN_2021_114;

describe(titleValidity.name, () => {
  it.each([
    ['2026-12-15', '2026-12-16', '2029-12-15'],
    ['2028-02-29', '2028-03-01', '2031-02-28'],
    ['2025-12-31', '2026-01-01', '2028-12-31'],
  ])('a title awarded on %s is valid from %s through %s', (awarded, from, through) => {
    const sut = titleValidity(awarded, policy);
    expect(sut).toMatchObject({ from, through, provisional: false });
    expect(sut.rule.articles).toEqual(['第十七条', '民法典第二百零一条', '民法典第二百零二条']);
  });

  it('does not move a validity end off a rest day (2026-10-01 + 3 years stays 2029-10-01)', () => {
    expect(titleValidity('2026-10-01', policy).through).toBe('2029-10-01');
  });
});

describe(annualReportDeadline.name, () => {
  it('the 2026 report is due 2027-03-01: 2027-02-28 is a Sunday (provisional: 2027 not yet published)', () => {
    const sut = annualReportDeadline(2026, calendar, policy);
    expect(sut).toMatchObject({ nominal: '2027-02-28', due: '2027-03-01', moved: true, provisional: true, provisionalYears: [2027] });
    expect(sut.rule.articles).toEqual(['第十五条', '民法典第二百零三条']);
    expect(sut.endsAt).toBe('2027-03-01T16:00:00.000Z');
  });

  it('the 2027 report is due 2028-02-29 (a leap year, a Tuesday)', () => {
    expect(annualReportDeadline(2027, calendar, policy)).toMatchObject({ nominal: '2028-02-29', due: '2028-02-29', moved: false });
  });

  it('the 2024 report moved off Friday 2025-02-28? no: a working day stays', () => {
    expect(annualReportDeadline(2024, calendar, policy)).toMatchObject({ due: '2025-02-28', moved: false, provisional: false, provisionalYears: [] });
  });

  it('the 2025 report: 2026-02-28 is a make-up Saturday, so a working day and not moved', () => {
    expect(annualReportDeadline(2025, calendar, policy)).toMatchObject({ due: '2026-02-28', moved: false, provisional: false });
  });
});

describe(actDeadline.name, () => {
  it('moves a deadline on National Day to the first working day after the holiday', () => {
    expect(actDeadline('2026-10-02', calendar, policy)).toMatchObject({ due: '2026-10-08', moved: true });
  });

  it('moves a deadline on a statutory holiday of a year without data, and says which year it waits for', () => {
    expect(actDeadline('2027-10-02', calendar, policy)).toMatchObject({ due: '2027-10-04', moved: true, provisional: true, provisionalYears: [2027] });
    expect(actDeadline('2027-10-02', calendar, policy).rule.id).toBe('deadline_moves_off_rest_day');
  });

  it('does not move it under a version that says so (data, not code)', () => {
    const strict = { ...policy, periods: { ...policy.periods, deadlinesMoveOffRestDays: false } };
    expect(actDeadline('2026-10-02', calendar, strict)).toMatchObject({ due: '2026-10-02', moved: false });
  });

  it('always lands on a working day on or after the nominal day, with no working day skipped', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 6 * 365 }), (offset) => {
      const nominal = addDays('2021-01-01', offset);
      const sut = actDeadline(nominal, calendar, policy);
      expect(calendar.isWorkingDay(sut.due)).toBe(true);
      expect(compareDates(sut.due, nominal)).toBeGreaterThanOrEqual(0);
      for (let d = nominal; compareDates(d, sut.due) < 0; d = addDays(d, 1)) expect(calendar.isWorkingDay(d)).toBe(false);
    }));
  });
});

describe(periodInDays.name, () => {
  it('counts from the next day and moves a last day in the National Day holiday to the next working day', () => {
    const sut = periodInDays('2026-09-21', 10, calendar, policy, '第十条');
    expect(sut).toMatchObject({ nominal: '2026-10-01', due: '2026-10-08', endsAt: '2026-10-08T16:00:00.000Z', moved: true });
    expect(sut.rule.articles).toEqual(['第十条', '民法典第二百零三条']);
  });

  it('keeps a last day that is a working day, ending at 24:00 Asia/Shanghai', () => {
    expect(periodInDays('2026-11-02', 10, calendar, policy)).toMatchObject({ due: '2026-11-12', endsAt: '2026-11-12T16:00:00.000Z', moved: false });
  });

  it('crosses months and years', () => {
    expect(periodInDays('2026-12-25', 10, calendar, policy).nominal).toBe('2027-01-04');
  });

  it('refuses a period of no days', () => {
    expect(() => periodInDays('2026-11-02', 0, calendar, policy)).toThrow(RangeError);
  });
});

describe(publicNoticePeriod.name, () => {
  it('reads the notice rule from the policy version: 7 working days, day 1 the publication day when working', () => {
    expect(policy.periods).toMatchObject({ noticeWorkingDays: 7, noticeDayOne: 'publication_day_if_working' });
    expect(publicNoticePeriod('2023-06-01', calendar, policy)).toMatchObject({ start: '2023-06-01', end: '2023-06-09' });
    expect(publicNoticePeriod('2026-09-30', calendar, policy)).toMatchObject({ start: '2026-09-30', end: '2026-10-14' });
  });

  it('counts from the next working day under a version that says so (data, not code)', () => {
    const later = { ...policy, periods: { ...policy.periods, noticeDayOne: 'next_working_day' as const } };
    expect(publicNoticePeriod('2023-06-01', calendar, later)).toMatchObject({ start: '2023-06-02', end: '2023-06-12' });
    expect(publicNoticePeriod('2026-09-30', calendar, later)).toMatchObject({ start: '2026-10-08', end: '2026-10-15' });
    // Published on a rest day, both rules start on the next working day.
    expect(publicNoticePeriod('2026-10-03', calendar, later)).toEqual(publicNoticePeriod('2026-10-03', calendar, policy));
  });

  it('takes its length from the version too', () => {
    const shorter = { ...policy, periods: { ...policy.periods, noticeWorkingDays: 5 } };
    expect(publicNoticePeriod('2023-06-01', calendar, shorter).workingDays).toEqual(['2023-06-01', '2023-06-02', '2023-06-05', '2023-06-06', '2023-06-07']);
  });
});

describe(defaultCallSettings.name, () => {
  it('gives the default call of a year under xiamen-2021-114: quota 10, 1 March to 30 April', () => {
    expect(defaultCallSettings(2026, policy)).toEqual({ quota: 10, opensOn: '2026-03-01', closesOn: '2026-04-30' });
  });

  it('cuts a day the month does not have to its last day', () => {
    const feb = { ...policy, call: { ...policy.call, defaultCloses: { month: 2, day: 30 } } };
    expect(defaultCallSettings(2027, feb).closesOn).toBe('2027-02-28');
    expect(defaultCallSettings(2028, feb).closesOn).toBe('2028-02-29');
  });
});
