import LUNAR_TABLE from './calendar-data/lunar-festivals.json';
import { lunarRow, qingmingDay } from './lunar-source';
import { LAST_LUNAR_YEAR } from './statutory-holidays';

const years = Array.from({ length: LAST_LUNAR_YEAR - 2000 + 1 }, (_, i) => 2000 + i);

/**
 * The table statutory-holidays.ts reads at run time is what the pinned package computes, every year it covers, in
 * this process's time zone (the policy tests run in three). `node libs/policy/scripts/lunar-festivals.mjs` (after a
 * build) writes it afresh.
 */
describe('calendar-data/lunar-festivals.json', () => {
  it(`covers 2000-${LAST_LUNAR_YEAR}, each year as the package computes it (TZ=${process.env['TZ'] ?? 'unset'})`, () => {
    expect([LUNAR_TABLE.from, LUNAR_TABLE.to]).toEqual([2000, LAST_LUNAR_YEAR]);
    const kept = LUNAR_TABLE.years as Record<string, string[]>;
    expect(Object.keys(kept)).toEqual(years.map(String));
    for (const y of years) expect([y, kept[String(y)]]).toEqual([y, lunarRow(y)]);
  });
});

describe(qingmingDay.name, () => {
  // The solar term in Beijing time, whatever the process time zone (the package prints it in local time).
  it.each([
    [2025, '2025-04-04'],
    [2026, '2026-04-05'],
    [2027, '2027-04-05'],
    [2028, '2028-04-04'],
    [2029, '2029-04-04'],
    [2030, '2030-04-05'],
    [2031, '2031-04-05'],
    [2032, '2032-04-04'],
  ])(`%s: %s (TZ=${process.env['TZ'] ?? 'unset'})`, (year, date) => {
    expect(qingmingDay(year)).toBe(date);
  });
});
