import published from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import { WorkingDayCalendar } from './calendar';
import { addDays, isoDate, parts, weekday } from './dates';
import { qingmingDay } from './lunar-source';
import { HOLIDAY_RULES, holidayRulesFor, statutoryHolidays } from './statutory-holidays';

const holidaysPublished = published.holidays as Record<string, string>;
const workdaysPublished = published.workdays as Record<string, string>;
const publishedYears = [...new Set(Object.keys(holidaysPublished).map((d) => parts(d).year))].sort((a, b) => a - b);

describe(statutoryHolidays.name, () => {
  const sut = statutoryHolidays;

  it('gives 2027 the 13 statutory days of the 2024 wording (春节 2027-02-06, 端午 06-09, 中秋 09-15)', () => {
    expect(sut(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午' },
      { date: '2027-09-15', name: '中秋' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
  });

  it.each([
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    [2030, '2030-02-03'],
    [2031, '2031-01-23'],
    [2032, '2032-02-11'],
    [2033, '2033-01-31'],
    [2034, '2034-02-19'],
    [2035, '2035-02-08'],
  ])('%s: 春节 starts on 除夕, the day before 正月初一 %s', (year, firstDay) => {
    expect(sut(year).filter((h) => h.name === '春节').map((h) => h.date)).toEqual([addDays(firstDay, -1), firstDay, addDays(firstDay, 1), addDays(firstDay, 2)]);
  });

  // The State Council's notices as the package has them, every year from 2025: each statutory day computed by
  // the 2024 wording is a rest day of the notice, under the same name.
  it.each(WorkingDayCalendar.bundled().coveredYears().filter((y) => y >= 2025))('%s: every statutory day is a holiday of the published notice', (year) => {
    const calendar = WorkingDayCalendar.bundled();
    expect(sut(year).length).toBeGreaterThan(0);
    for (const h of sut(year)) expect(calendar.day(h.date)).toMatchObject({ date: h.date, kind: 'holiday', workingDay: false, provisional: false, name: h.name });
  });

  // The earlier wordings against every earlier year the package has (2004-2024), so the rules are modelled by year.
  const knownGaps: Record<string, string> = {
    '2012-06-23': 'chinese-days 1.5.7 lists 端午 2012 as 06-22 and 06-24 only; the notice gave 06-22..24 (06-23 a Saturday)',
  };
  const otherName: Record<string, string> = { '2009-10-03': '中秋' }; // 中秋 on 10-03; 2020-10-01 is named 国庆节
  it.each(publishedYears.filter((y) => y < 2025))('%s: every statutory day of the wording then in force is a rest day of the published notice', (year) => {
    expect(sut(year).length).toBeGreaterThan(0);
    for (const h of sut(year)) {
      const raw = holidaysPublished[h.date];
      if (h.date in knownGaps) {
        expect(raw).toBeUndefined();
        expect(weekday(h.date) % 6).toBe(0); // a weekend day: at rest all the same
        expect(workdaysPublished[h.date]).toBeUndefined();
        continue;
      }
      expect(`${h.date} ${raw?.split(',')[1]}`).toBe(`${h.date} ${otherName[h.date] ?? h.name}`);
    }
  });

  it('has data to check: the package covers 2004-2026', () => {
    expect(publishedYears[0]).toBe(2004);
    expect(publishedYears).toContain(2026);
  });

  it('computes nothing where no wording is modelled', () => {
    expect(sut(1999)).toEqual([]);
    expect(sut(2100)).toEqual([]);
  });

  it('property: each year from 2000 to 2099 has the days of its wording, in their seasons, in date order', () => {
    fc.assert(fc.property(fc.integer({ min: 2000, max: 2099 }), (year) => {
      const rules = holidayRulesFor(year)!;
      const days = sut(year);
      const byName = (name: string) => days.filter((h) => h.name === name).map((h) => h.date);
      expect(days.map((h) => h.date)).toEqual([...new Set(days.map((h) => h.date))].sort());
      expect(days.every((h) => parts(h.date).year === year)).toBe(true);
      expect(byName('元旦')).toEqual([isoDate(year, 1, 1)]);
      expect(byName('春节')).toHaveLength(rules.springFestival.length);
      for (const d of byName('春节')) expect(d >= isoDate(year, 1, 20) && d <= isoDate(year, 2, 22)).toBe(true);
      expect(byName('劳动节')).toHaveLength(rules.labourDay);
      expect(byName('清明')).toEqual(rules.qingming ? [qingmingDay(year)] : []);
      for (const d of byName('清明')) expect(d === isoDate(year, 4, 4) || d === isoDate(year, 4, 5)).toBe(true);
      for (const d of byName('端午')) expect(d >= isoDate(year, 5, 27) && d <= isoDate(year, 6, 25)).toBe(true);
      // 中秋 may fall on 1-3 October (2001, 2020), where the day is named 国庆节.
      expect(byName('中秋').length).toBeLessThanOrEqual(rules.midAutumn ? 1 : 0);
      for (const d of byName('中秋')) expect(d >= isoDate(year, 9, 7) && d <= isoDate(year, 10, 8)).toBe(true);
      expect(byName('国庆节')).toEqual([1, 2, 3].slice(0, rules.nationalDay).map((d) => isoDate(year, 10, d)));
    }));
  });
});

describe(holidayRulesFor.name, () => {
  it.each([
    [2007, '国务院令第270号（1999年修订）'],
    [2008, '国务院令第513号（2007年修订）'],
    [2024, '国务院令第644号（2013年修订）'],
    [2025, '国务院令第795号（2024年修订）'],
    [2099, '国务院令第795号（2024年修订）'],
  ])('%s is governed by %s', (year, decree) => {
    expect(holidayRulesFor(year)?.decree).toBe(decree);
  });

  it('models the wordings oldest first', () => {
    expect(HOLIDAY_RULES.map((r) => r.fromYear)).toEqual([2000, 2008, 2014, 2025]);
  });
});
