import { getLunarDate, getSolarTermDate } from 'chinese-days/dist/index.min.js';
import { addDays, type IsoDate, isoDate, parts } from './dates';
import type { LunarDays } from './statutory-holidays';

/**
 * The lunar festivals and 清明 computed with the pinned `chinese-days` package: the source of
 * calendar-data/lunar-festivals.json, which statutory-holidays.ts reads at run time (its spec holds the table to
 * this, year by year; `scripts/lunar-festivals.mjs` writes it afresh). Not exported from the library: run-time code, and
 * workflow code above all, must not load the package.
 */

/** The Gregorian dates in `year` of three lunar days: 正月初一, 五月初五 and 八月十五 (never in a leap month). */
export function lunarFestivals(year: number): Omit<LunarDays, 'qingming'> {
  const found: Record<string, IsoDate[]> = { '1-1': [], '5-5': [], '8-15': [] };
  for (let d = isoDate(year, 1, 1); parts(d).year === year; d = addDays(d, 1)) {
    // chinese-days parses `YYYY-MM-DD` as UTC midnight and counts whole days from 1900-01-31 in UTC+8, so the
    // lunar fields do not depend on the process time zone (its `date` field does: it is not used).
    const lunar = getLunarDate(d);
    const key = `${lunar.lunarMon}-${lunar.lunarDay}`;
    if (!lunar.isLeap && key in found) found[key]!.push(d);
  }
  const one = (key: string): IsoDate => {
    const dates = found[key]!;
    if (dates.length !== 1) throw new RangeError(`lunar ${key} falls ${dates.length} times in ${year}`);
    return dates[0]!;
  };
  return { springFestival: one('1-1'), dragonBoat: one('5-5'), midAutumn: one('8-15') };
}

/**
 * 清明: the day of the solar term 清明 in Beijing time. chinese-days 1.5.7 computes the day of the month right
 * but prints it with the process's local date of that day's UTC midnight, which west of UTC is the day before
 * (2027 in Los Angeles: 2027-04-04 for 2027-04-05). Undo exactly that print: the answer is the day whose UTC
 * midnight prints as the package printed it. The time-zone matrix of the tests holds this to the published years.
 */
export function qingmingDay(year: number): IsoDate {
  const printed = getSolarTermDate(year, 4, 'pure_brightness');
  for (const candidate of [printed, addDays(printed, 1)]) {
    const { year: y, month: m, day: d } = parts(candidate);
    const local = new Date(Date.UTC(y, m - 1, d));
    if (isoDate(local.getFullYear(), local.getMonth() + 1, local.getDate()) === printed) return candidate;
  }
  throw new RangeError(`chinese-days printed 清明 ${year} as ${printed}, which no day of April prints as`);
}

/** The table's row of `year`, as calendar-data/lunar-festivals.json keeps it: 春节, 端午, 中秋, 清明. */
export function lunarRow(year: number): [IsoDate, IsoDate, IsoDate, IsoDate] {
  const f = lunarFestivals(year);
  return [f.springFestival, f.dragonBoat, f.midAutumn, qingmingDay(year)];
}
