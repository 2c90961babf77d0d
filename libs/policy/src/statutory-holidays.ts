import { getLunarDate, getSolarTermDate } from 'chinese-days/dist/index.min.js';
import { addDays, type IsoDate, isoDate, parts } from './dates';

/**
 * The statutory holidays (法定节假日) of 《全国年节及纪念日放假办法》: the days the State Council's yearly notice
 * always gives off, known years ahead. A year whose notice is not yet published is counted with these, so that a
 * provisional count never takes 国庆节 for a working day.
 *
 * What cannot be known before the notice: the weekend days moved around them (调休) and the make-up working days
 * (补班), which the notice decides each year. A provisional count therefore has too few rest days around the
 * holidays and no make-up days; it is recomputed when the notice is entered.
 *
 * Lunar dates and the 清明 solar term come from the `chinese-days` package (pinned, see package.json).
 */
export type StatutoryHolidayName = '元旦' | '春节' | '清明' | '劳动节' | '端午' | '中秋' | '国庆节';

export interface StatutoryHoliday {
  date: IsoDate;
  /** As the notices (and the bundled data) name it. */
  name: StatutoryHolidayName;
}

/** One wording of the 放假办法: its statutory days, for the years from `fromYear` until the next wording. */
export interface HolidayRules {
  decree: string;
  /** The first calendar year the wording governs in full. */
  fromYear: number;
  /** Days off from 1 January. */
  newYear: number;
  /** Days of 春节 as offsets from 正月初一: -1 is 除夕 (the last day of the twelfth month). */
  springFestival: number[];
  qingming: boolean;
  /** Days off from 1 May. */
  labourDay: number;
  dragonBoat: boolean;
  midAutumn: boolean;
  /** Days off from 1 October. */
  nationalDay: number;
}

/**
 * The wordings since 1999, oldest first. Each is tested against every published year it governs that the
 * package has data for (2004-2026): each statutory day computed here is a rest day in the published notice.
 */
export const HOLIDAY_RULES: readonly HolidayRules[] = [
  // 1999 amendment: 春节, 劳动节 and 国庆节 three days each (the "golden weeks").
  { decree: '国务院令第270号（1999年修订）', fromYear: 2000, newYear: 1, springFestival: [0, 1, 2], qingming: false, labourDay: 3, dragonBoat: false, midAutumn: false, nationalDay: 3 },
  // 2007 amendment (in force 2008-01-01): 清明, 端午, 中秋 added; 劳动节 one day; 春节 from 除夕.
  { decree: '国务院令第513号（2007年修订）', fromYear: 2008, newYear: 1, springFestival: [-1, 0, 1], qingming: true, labourDay: 1, dragonBoat: true, midAutumn: true, nationalDay: 3 },
  // 2013 amendment (in force 2014-01-01): 春节 正月初一至初三.
  { decree: '国务院令第644号（2013年修订）', fromYear: 2014, newYear: 1, springFestival: [0, 1, 2], qingming: true, labourDay: 1, dragonBoat: true, midAutumn: true, nationalDay: 3 },
  // 2024 amendment (in force 2025-01-01): 除夕 added back to 春节 (4 days); 劳动节 two days.
  { decree: '国务院令第795号（2024年修订）', fromYear: 2025, newYear: 1, springFestival: [-1, 0, 1, 2], qingming: true, labourDay: 2, dragonBoat: true, midAutumn: true, nationalDay: 3 },
];

/** The last year the package's lunar tables reach in full. */
export const LAST_LUNAR_YEAR = 2099;

/** The wording in force in `year`; null before 2000 and after 2099, where no statutory day is computed. */
export function holidayRulesFor(year: number): HolidayRules | null {
  if (!Number.isInteger(year) || year > LAST_LUNAR_YEAR) return null;
  return HOLIDAY_RULES.filter((r) => r.fromYear <= year).at(-1) ?? null;
}

/** The Gregorian dates in `year` of three lunar days: 正月初一, 五月初五 and 八月十五 (never in a leap month). */
function lunarFestivals(year: number): { springFestival: IsoDate; dragonBoat: IsoDate; midAutumn: IsoDate } {
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

const cache = new Map<number, readonly StatutoryHoliday[]>();

/**
 * The statutory holidays of `year` by the wording in force then, in date order: the days the notice of that year
 * will give off whatever else it decides. Empty where no wording is modelled (before 2000, after 2099).
 */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const rules = holidayRulesFor(year);
  const days = new Map<IsoDate, StatutoryHolidayName>();
  if (rules) {
    const run = (from: IsoDate, count: number, name: StatutoryHolidayName) => {
      for (let i = 0; i < count; i++) days.set(addDays(from, i), name);
    };
    const lunar = lunarFestivals(year);
    run(isoDate(year, 1, 1), rules.newYear, '元旦');
    for (const offset of rules.springFestival) days.set(addDays(lunar.springFestival, offset), '春节');
    if (rules.qingming) days.set(qingmingDay(year), '清明');
    run(isoDate(year, 5, 1), rules.labourDay, '劳动节');
    if (rules.dragonBoat) days.set(lunar.dragonBoat, '端午');
    if (rules.midAutumn) days.set(lunar.midAutumn, '中秋');
    // Set last: when 中秋 falls on 1-3 October (2001, 2020) the notices name the day 国庆节.
    run(isoDate(year, 10, 1), rules.nationalDay, '国庆节');
  }
  const list = Object.freeze([...days].map(([date, name]) => Object.freeze({ date, name })).sort((a, b) => a.date.localeCompare(b.date)));
  cache.set(year, list);
  return list;
}

/** The statutory holiday on `date`, if any. */
export function statutoryHolidayOn(date: IsoDate): StatutoryHoliday | null {
  return statutoryHolidays(parts(date).year).find((h) => h.date === date) ?? null;
}
