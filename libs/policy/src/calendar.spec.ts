import fc from 'fast-check';
import { WorkingDayCalendar } from './calendar';
import { UnknownCalendarSnapshotError } from './calendar-snapshots';
import { addDays, isoDate, toEpochDay, weekday } from './dates';
import { XIAMEN_2021_114 } from './policies';
import { statutoryHolidayOn, statutoryHolidays } from './statutory-holidays';

const sut = WorkingDayCalendar.bundled();

describe(WorkingDayCalendar.name, () => {
  it('covers the years with published notices, 2021-2026 among them', () => {
    for (const y of [2021, 2022, 2023, 2024, 2025, 2026]) expect(sut.covers(y)).toBe(true);
    expect(sut.covers(2099)).toBe(false);
  });

  // Facts from the State Council's notices, one row per kind of day, 2021-2026.
  it.each([
    ['2021-02-07', 'makeup', true],   // Sunday worked before Spring Festival 2021
    ['2021-02-12', 'holiday', false], // 春节
    ['2021-09-18', 'makeup', true],   // Saturday worked before Mid-autumn 2021
    ['2021-10-09', 'makeup', true],
    ['2022-01-29', 'makeup', true],
    ['2022-02-01', 'holiday', false],
    ['2022-10-08', 'makeup', true],
    ['2023-01-28', 'makeup', true],
    ['2023-04-23', 'makeup', true],
    ['2023-06-22', 'holiday', false], // 端午
    ['2023-06-25', 'makeup', true],
    ['2023-10-07', 'makeup', true],
    ['2024-02-04', 'makeup', true],
    ['2024-02-18', 'makeup', true],
    ['2024-04-07', 'makeup', true],
    ['2024-05-11', 'makeup', true],
    ['2024-10-01', 'holiday', false],
    ['2024-10-12', 'makeup', true],
    ['2025-01-26', 'makeup', true],
    ['2025-02-08', 'makeup', true],
    ['2025-04-27', 'makeup', true],
    ['2025-09-28', 'makeup', true],
    ['2025-10-11', 'makeup', true],
    ['2026-01-04', 'makeup', true],
    ['2026-02-14', 'makeup', true],
    ['2026-02-28', 'makeup', true],
    ['2026-05-09', 'makeup', true],
    ['2026-09-20', 'makeup', true],
    ['2026-10-01', 'holiday', false],
    ['2026-10-07', 'holiday', false],
    ['2026-10-10', 'makeup', true],
    ['2026-06-01', 'workday', true],
    ['2026-06-06', 'weekend', false],
  ] as const)('%s is a %s (working day: %s)', (date, kind, working) => {
    expect(sut.day(date)).toMatchObject({ date, kind, workingDay: working, provisional: false });
  });

  it('names the holiday a day belongs to', () => {
    expect(sut.day('2026-10-10').name).toBe('国庆节');
  });

  it('reads the snapshot the policy version names; bundled() is the default snapshot', () => {
    expect(WorkingDayCalendar.forPolicy(XIAMEN_2021_114)).toBe(sut);
    expect(sut.snapshot).toBe('chinese-days@1.5.7');
    expect(() => WorkingDayCalendar.forPolicy({ calendar: { data: 'chinese-days@9.9.9' } })).toThrow(UnknownCalendarSnapshotError);
  });

  it('marks a date in a year without published data provisional, a plain weekday or weekend outside the statutory holidays', () => {
    expect(sut.day('2027-06-01')).toEqual({ date: '2027-06-01', kind: 'workday', workingDay: true, provisional: true, name: null });
    expect(sut.day('2027-06-05')).toMatchObject({ kind: 'weekend', workingDay: false, provisional: true });
  });

  // 《全国年节及纪念日放假办法》 (2024): known without the 2027 notice. 春节 2027 is 02-06, 端午 06-09, 中秋 09-15.
  it.each([
    ['2027-01-01', '元旦'],
    ['2027-02-05', '春节'], // 除夕
    ['2027-02-08', '春节'], // 正月初三
    ['2027-04-05', '清明'],
    ['2027-05-01', '劳动节'],
    ['2027-05-02', '劳动节'],
    ['2027-06-09', '端午'],
    ['2027-09-15', '中秋'],
    ['2027-10-01', '国庆节'],
    ['2027-10-03', '国庆节'],
  ])('counts the statutory holiday %s (%s) of a provisional year as a rest day', (date, name) => {
    expect(sut.day(date)).toEqual({ date, kind: 'holiday', workingDay: false, provisional: true, name });
  });

  it('does not guess the rest of the notice: days around the holidays stay plain weekdays, with no make-up days', () => {
    expect(sut.day('2027-10-04')).toMatchObject({ kind: 'workday', provisional: true }); // the 2027 notice will likely give it off
    expect(sut.day('2027-02-09')).toMatchObject({ kind: 'workday', provisional: true });
  });

  it('lets an entered notice decide: a year completed by overrides counts only its entries', () => {
    const withYear = sut.withOverrides({ years: [2027], days: [{ date: '2027-10-01', kind: 'holiday', name: '国庆节' }] });
    expect(withYear.day('2027-10-01')).toMatchObject({ kind: 'holiday', provisional: false });
    expect(withYear.day('2027-06-09')).toMatchObject({ kind: 'workday', provisional: false }); // not entered
    const corrected = sut.withOverrides({ days: [{ date: '2027-06-09', kind: 'workday' }] });
    expect(corrected.day('2027-06-09')).toMatchObject({ kind: 'workday', provisional: true });
  });

  it('merges a newly announced year as data, which stops it being provisional', () => {
    const withYear = sut.withOverrides({ years: [2099], days: [{ date: '2099-10-01', kind: 'holiday', name: '国庆节' }, { date: '2099-10-10', kind: 'makeup', name: '国庆节' }] });
    expect(withYear.day('2099-10-01')).toMatchObject({ kind: 'holiday', workingDay: false, provisional: false });
    expect(withYear.day('2099-10-10')).toMatchObject({ kind: 'makeup', workingDay: true });
    expect(sut.day('2099-10-01').provisional).toBe(true); // the original is unchanged
  });

  it('takes a correction of a covered day', () => {
    const corrected = sut.withOverrides({ days: [{ date: '2026-06-01', kind: 'holiday', name: '更正' }] });
    expect(corrected.isWorkingDay('2026-06-01')).toBe(false);
  });

  describe('notice period (第十三条, 7 working days)', () => {
    it('counts the publication day as day 1 when it is a working day: 2023-06-01 -> 2023-06-09', () => {
      expect(sut.noticePeriod('2023-06-01', 7)).toMatchObject({ start: '2023-06-01', end: '2023-06-09', provisional: false });
    });

    it('spans the National Day holiday: 2026-09-30 -> 2026-10-14, 10-10 being a make-up day', () => {
      const p = sut.noticePeriod('2026-09-30', 7);
      expect(p.workingDays).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14']);
      expect(p.endsAt).toBe('2026-10-14T16:00:00.000Z'); // 24:00 Asia/Shanghai
    });

    it('starts on the next working day when published on a rest day', () => {
      expect(sut.noticePeriod('2026-10-03', 7)).toMatchObject({ start: '2026-10-08', end: '2026-10-15' }) // 10-10 (Sat) is worked;
    });

    it('counts from the first working day after publication under next_working_day: 2023-06-01 -> 2023-06-02..2023-06-12', () => {
      expect(sut.noticePeriod('2023-06-01', 7, 'next_working_day')).toMatchObject({ start: '2023-06-02', end: '2023-06-12', endsAt: '2023-06-12T16:00:00.000Z' });
      expect(sut.noticePeriod('2026-09-30', 7, 'next_working_day').workingDays).toEqual(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15']);
    });

    it('keeps publication_day_if_working as the default day 1', () => {
      expect(sut.noticePeriod('2023-06-01', 7, 'publication_day_if_working')).toEqual(sut.noticePeriod('2023-06-01', 7));
    });

    it('is provisional when it runs into a year without data, and names the years it waits for', () => {
      const last = sut.coveredYears().at(-1)!;
      expect(sut.noticePeriod(`${last}-12-28`, 7)).toMatchObject({ provisional: true, provisionalYears: [last + 1] });
      expect(sut.noticePeriod(`${last}-06-01`, 7)).toMatchObject({ provisional: false, provisionalYears: [] });
    });

    it('spans National Day 2027 before its notice: 10-01..03 off by the statutory rules, provisional until 2027 is entered', () => {
      const p = sut.noticePeriod('2027-09-30', 7);
      expect(p).toMatchObject({ start: '2027-09-30', end: '2027-10-11', provisional: true, provisionalYears: [2027] });
      expect(p.workingDays).toEqual(['2027-09-30', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07', '2027-10-08', '2027-10-11']);
      const entered = sut.withOverrides({ years: [2027], days: [...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: isoDate(2027, 10, d), kind: 'holiday' as const })), { date: '2027-10-09', kind: 'makeup' }] });
      expect(entered.noticePeriod('2027-09-30', 7)).toMatchObject({ end: '2027-10-14', provisional: false, provisionalYears: [] });
    });

    it('waits for every year it touches', () => {
      expect(sut.noticePeriod('2027-12-30', 7).provisionalYears).toEqual([2027, 2028]);
    });
  });

  it('adds working days: the first after Thursday 2026-09-24 skips 中秋 (09-25..27)', () => {
    expect(sut.addWorkingDays('2026-09-24', 1)).toEqual({ date: '2026-09-28', provisional: false, provisionalYears: [] });
  });

  describe('properties', () => {
    const covered = fc.integer({ min: toEpochDay('2021-01-01'), max: toEpochDay('2026-12-20') }).map((d) => addDays('2021-01-01', d - toEpochDay('2021-01-01')));

    it('a notice has exactly n working days, strictly increasing, the first on or after publication', () => {
      fc.assert(fc.property(covered, fc.integer({ min: 1, max: 15 }), (published, n) => {
        const p = sut.noticePeriod(published, n);
        expect(p.workingDays).toHaveLength(n);
        expect(p.workingDays.every((d) => sut.isWorkingDay(d))).toBe(true);
        for (let i = 1; i < n; i++) expect(toEpochDay(p.workingDays[i]!)).toBeGreaterThan(toEpochDay(p.workingDays[i - 1]!));
        expect(toEpochDay(p.start)).toBeGreaterThanOrEqual(toEpochDay(published));
        // no working day is skipped between start and end
        let count = 0;
        for (let d = p.start; toEpochDay(d) <= toEpochDay(p.end); d = addDays(d, 1)) if (sut.isWorkingDay(d)) count++;
        expect(count).toBe(n);
      }));
    });

    it('the two day-1 rules agree on a notice published on a rest day and differ by one working day otherwise', () => {
      fc.assert(fc.property(covered, fc.integer({ min: 1, max: 15 }), (published, n) => {
        const same = sut.noticePeriod(published, n);
        const next = sut.noticePeriod(published, n, 'next_working_day');
        if (!sut.isWorkingDay(published)) {
          expect(next).toEqual(same);
        } else {
          expect(next.workingDays).toEqual([...same.workingDays.slice(1), sut.addWorkingDays(same.end, 1).date]);
          expect(toEpochDay(next.start)).toBeGreaterThan(toEpochDay(published));
        }
      }));
    });

    it('a plain weekday outside any holiday entry is a working day, a weekend day is not', () => {
      fc.assert(fc.property(covered, (date) => {
        const info = sut.day(date);
        if (info.kind === 'workday') expect(weekday(date) % 6).not.toBe(0);
        if (info.kind === 'weekend') expect(weekday(date) % 6).toBe(0);
        if (info.kind === 'makeup') expect(info.workingDay).toBe(true);
      }));
    });

    const provisionalYear = fc.integer({ min: 2027, max: 2099 });

    it('a provisional calendar never counts a statutory holiday as a working day', () => {
      fc.assert(fc.property(provisionalYear, (year) => {
        expect(sut.covers(year)).toBe(false);
        for (const h of statutoryHolidays(year)) expect(sut.day(h.date)).toEqual({ date: h.date, kind: 'holiday', workingDay: false, provisional: true, name: h.name });
      }), { numRuns: 30 });
    });

    it('in a provisional year every other day is a plain weekday or weekend', () => {
      fc.assert(fc.property(provisionalYear, fc.integer({ min: 0, max: 364 }), (year, offset) => {
        const date = addDays(isoDate(year, 1, 1), offset);
        if (statutoryHolidayOn(date)) return;
        const weekend = weekday(date) % 6 === 0;
        expect(sut.day(date)).toMatchObject({ kind: weekend ? 'weekend' : 'workday', workingDay: !weekend, provisional: true, name: null });
      }));
    });

    it('a notice reaching past the data waits for exactly the uncovered years between publication and end', () => {
      fc.assert(fc.property(fc.integer({ min: toEpochDay('2026-06-01'), max: toEpochDay('2029-12-31') }), fc.integer({ min: 1, max: 15 }), (day, n) => {
        const published = addDays('1970-01-01', day);
        const p = sut.noticePeriod(published, n);
        const years = new Set([published, ...p.workingDays].map((d) => Number(d.slice(0, 4))));
        expect(p.provisionalYears).toEqual([...years].filter((y) => !sut.covers(y)).sort());
        expect(p.provisional).toBe(p.provisionalYears.length > 0);
        expect(p.workingDays.some((d) => statutoryHolidayOn(d) !== null && !sut.covers(Number(d.slice(0, 4))))).toBe(false);
      }));
    });

    it('addWorkingDays(d, a + b) = addWorkingDays(addWorkingDays(d, a), b)', () => {
      fc.assert(fc.property(covered, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (d, a, b) => {
        const once = sut.addWorkingDays(d, a + b).date;
        const twice = sut.addWorkingDays(sut.addWorkingDays(d, a).date, b).date;
        if (a > 0 || sut.isWorkingDay(d)) expect(twice).toBe(once);
      }));
    });
  });
});
