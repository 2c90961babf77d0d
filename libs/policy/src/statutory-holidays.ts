import LUNAR_TABLE from './calendar-data/lunar-festivals.json';
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
 * Lunar dates and the 清明 solar term come from the `chinese-days` package (pinned, see package.json), kept as a
 * table (calendar-data/lunar-festivals.json, lunar-source.ts).
 */
export type StatutoryHolidayName = '元旦' | '春节' | '清明' | '劳动节' | '端午' | '中秋' | '国庆节';

/** A year's 正月初一, 五月初五, 八月十五 (never in a leap month) and the day of the solar term 清明, in Beijing time. */
export interface LunarDays {
  springFestival: IsoDate;
  dragonBoat: IsoDate;
  midAutumn: IsoDate;
  qingming: IsoDate;
}

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

/**
 * The lunar festivals and 清明 of `year` from the table kept in calendar-data (each year 2000-2099, computed with the
 * pinned `chinese-days` by lunar-source.ts and checked against it by the spec). A table, not the package, at run time:
 * workflow code evaluates its modules afresh for each workflow, and the package built its holiday tables and walked
 * 365 lunar days a year each time, a fifth of a platform workflow's CPU and much of its memory (issue 16).
 */
function lunarDays(year: number): LunarDays {
  const row = (LUNAR_TABLE.years as Record<string, IsoDate[] | undefined>)[String(year)];
  if (row?.length !== 4) throw new RangeError(`no lunar festivals kept for ${year} (calendar-data/lunar-festivals.json covers ${LUNAR_TABLE.from}-${LUNAR_TABLE.to})`);
  const [springFestival, dragonBoat, midAutumn, qingming] = row as [IsoDate, IsoDate, IsoDate, IsoDate];
  return { springFestival, dragonBoat, midAutumn, qingming };
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
    const lunar = lunarDays(year);
    run(isoDate(year, 1, 1), rules.newYear, '元旦');
    for (const offset of rules.springFestival) days.set(addDays(lunar.springFestival, offset), '春节');
    if (rules.qingming) days.set(lunar.qingming, '清明');
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
