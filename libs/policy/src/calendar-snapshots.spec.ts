import installed from 'chinese-days/dist/chinese-days.json';
import installedPackage from 'chinese-days/package.json';
import { calendarSnapshot, calendarSnapshotIds, DEFAULT_CALENDAR_SNAPSHOT, UnknownCalendarSnapshotError } from './calendar-snapshots';
import { parts } from './dates';
import { POLICIES } from './policies';

describe(calendarSnapshot.name, () => {
  const sut = calendarSnapshot(DEFAULT_CALENDAR_SNAPSHOT);

  it('is the notices 2004-2026 of chinese-days 1.5.7 (the exact version package.json pins), unchanged', () => {
    // Another installed version fails here: take a new snapshot (a new file and id) rather than edit this one.
    expect(installedPackage.version).toBe('1.5.7');
    expect(sut.id).toBe('chinese-days@1.5.7');
    expect(sut.years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(sut.holidays).toEqual(installed.holidays);
    expect(sut.workdays).toEqual(installed.workdays);
  });

  it('holds only days of the years it covers (a notice may start in the December before its year)', () => {
    for (const date of [...Object.keys(sut.holidays), ...Object.keys(sut.workdays)]) {
      const { year, month } = parts(date);
      expect(sut.years.includes(year) || (month === 12 && sut.years.includes(year + 1))).toBe(true);
    }
  });

  it('is named by every shipped policy version, and only known snapshots are named', () => {
    expect(calendarSnapshotIds()).toContain(DEFAULT_CALENDAR_SNAPSHOT);
    for (const policy of POLICIES.list()) expect(calendarSnapshotIds()).toContain(policy.calendar.data);
  });

  it('refuses an unknown id', () => {
    expect(() => calendarSnapshot('chinese-days@0.0.0')).toThrow(UnknownCalendarSnapshotError);
  });
});
