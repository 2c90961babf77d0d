import { POLICIES, XIAMEN_2021_114 } from './policies';

describe('XIAMEN_2021_114', () => {
  it('carries the defaults where the text is silent, as data', () => {
    const sut = XIAMEN_2021_114;
    expect(sut.periods).toMatchObject({
      reportChaseEveryDays: 7,
      reminderHour: 9,
      expertReminderEveryDays: 2,
      evaluationScoringDays: 30,
      noticeWorkingDays: 7,
      noticeDayOne: 'publication_day_if_working',
    });
    expect(sut.panel).toEqual({ minExperts: 5 });
    expect(sut.call).toEqual({ defaultQuota: 10, defaultOpens: { month: 3, day: 1 }, defaultCloses: { month: 4, day: 30 } });
  });
});

describe('POLICIES', () => {
  it.each(POLICIES.list().map((v) => [v.id, v] as const))('%s has settings a process can use', (_id, v) => {
    expect(Number.isInteger(v.periods.reminderHour) && v.periods.reminderHour >= 0 && v.periods.reminderHour <= 23).toBe(true);
    for (const days of [v.periods.reportChaseEveryDays, v.periods.expertReminderEveryDays, v.periods.evaluationScoringDays]) {
      expect(Number.isInteger(days) && days >= 1).toBe(true);
    }
    expect(v.panel.minExperts).toBeGreaterThanOrEqual(2);
    expect(v.call.defaultQuota).toBeGreaterThanOrEqual(1);
    const opens = v.call.defaultOpens.month * 100 + v.call.defaultOpens.day;
    const closes = v.call.defaultCloses.month * 100 + v.call.defaultCloses.day;
    expect(opens).toBeLessThan(closes);
  });
});

describe('POLICIES.forYearOrEarliest', () => {
  it('answers the version a year binds to, and the earliest for a year before any', () => {
    expect(POLICIES.forYearOrEarliest(2026).id).toBe('xiamen-2021-114');
    expect(POLICIES.forYearOrEarliest(2015).id).toBe('xiamen-2021-114');
  });
});
