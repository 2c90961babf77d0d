import bundled from 'chinese-days/dist/chinese-days.json';
import { addDays, endOfDayShanghai, type IsoDate, parts, weekday } from './dates';
import type { NoticeDayOne } from './policy-version';

/**
 * The official working-day calendar: the State Council's holiday notice of each year, with its make-up working
 * days (调休). Data come from the maintained `chinese-days` package, behind this interface; overrides (a newly
 * announced year, a correction) merge in as data. A date in a year without published data is `provisional`:
 * it is computed as a plain weekday or weekend and must be recomputed when the data arrive.
 */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

export interface DayInfo {
  date: IsoDate;
  workingDay: boolean;
  kind: DayKind;
  provisional: boolean;
  /** The holiday a rest day or make-up day belongs to, e.g. `国庆节`. */
  name: string | null;
}

export interface CalendarDay {
  date: IsoDate;
  /** `holiday`: a rest day by the notice; `makeup`: a weekend day worked; `workday` / `weekend`: corrections. */
  kind: DayKind;
  name?: string;
}

export interface CalendarOverrides {
  /** Years whose notice these entries complete (they stop being provisional). */
  years?: number[];
  days: CalendarDay[];
}

export interface DatesResult {
  dates: IsoDate[];
  provisional: boolean;
}

export interface NoticePeriod {
  published: IsoDate;
  start: IsoDate;
  end: IsoDate;
  /** 24:00 Asia/Shanghai of the last working day, as an ISO timestamp. */
  endsAt: string;
  workingDays: IsoDate[];
  provisional: boolean;
}

interface BundledData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** `"National Day,国庆节,3"` -> `国庆节`. */
function holidayName(raw: string | undefined): string | null {
  if (!raw) return null;
  const bits = raw.split(',');
  return bits[1] ?? bits[0] ?? null;
}

export class WorkingDayCalendar {
  private constructor(
    private readonly days: ReadonlyMap<IsoDate, { kind: DayKind; name: string | null }>,
    private readonly years: ReadonlySet<number>,
    readonly source: string,
  ) {}

  /** The bundled official data. */
  static bundled(): WorkingDayCalendar {
    const data = bundled as BundledData;
    const days = new Map<IsoDate, { kind: DayKind; name: string | null }>();
    const years = new Set<number>();
    for (const [date, raw] of Object.entries(data.holidays)) {
      days.set(date, { kind: 'holiday', name: holidayName(raw) });
      years.add(parts(date).year);
    }
    for (const [date, raw] of Object.entries(data.workdays)) {
      days.set(date, { kind: 'makeup', name: holidayName(raw) });
      years.add(parts(date).year);
    }
    return new WorkingDayCalendar(days, years, 'chinese-days (State Council holiday notices)');
  }

  /** A new calendar with the overrides merged in (later entries win). */
  withOverrides(overrides: CalendarOverrides): WorkingDayCalendar {
    const days = new Map(this.days);
    for (const d of overrides.days) {
      parts(d.date); // validates
      days.set(d.date, { kind: d.kind, name: d.name ?? null });
    }
    const years = new Set([...this.years, ...(overrides.years ?? [])]);
    return new WorkingDayCalendar(days, years, `${this.source} + overrides`);
  }

  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  day(date: IsoDate): DayInfo {
    const { year } = parts(date);
    const provisional = !this.years.has(year);
    const known = this.days.get(date);
    const weekend = weekday(date) === 0 || weekday(date) === 6;
    const kind: DayKind = known?.kind ?? (weekend ? 'weekend' : 'workday');
    return { date, kind, workingDay: kind === 'workday' || kind === 'makeup', provisional, name: known?.name ?? null };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.day(date).workingDay;
  }

  /** `date` itself when it is a working day, else the next working day. */
  workingDayOnOrAfter(date: IsoDate): { date: IsoDate; provisional: boolean } {
    let d = date;
    let provisional = false;
    for (let i = 0; i < 400; i++) {
      const info = this.day(d);
      provisional ||= info.provisional;
      if (info.workingDay) return { date: d, provisional };
      d = addDays(d, 1);
    }
    throw new RangeError(`no working day within 400 days of ${date}`);
  }

  /** The `count` consecutive working days starting on `start` (or the first working day after it). */
  workingDaysFrom(start: IsoDate, count: number): DatesResult {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
    const dates: IsoDate[] = [];
    let provisional = false;
    let d = start;
    while (dates.length < count) {
      const next = this.workingDayOnOrAfter(d);
      provisional ||= next.provisional;
      dates.push(next.date);
      d = addDays(next.date, 1);
    }
    return { dates, provisional };
  }

  /** The `n`-th working day after `date` (not counting `date`); n = 0 returns `date` unchanged. */
  addWorkingDays(date: IsoDate, n: number): { date: IsoDate; provisional: boolean } {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (n === 0) return { date, provisional: this.day(date).provisional };
    const r = this.workingDaysFrom(addDays(date, 1), n);
    return { date: r.dates[r.dates.length - 1]!, provisional: r.provisional || this.day(date).provisional };
  }

  /**
   * A public notice of `days` working days (第十三条: 7) ending at 24:00 Asia/Shanghai of the last one. Day 1 as
   * `dayOne` says (a policy setting, see `publicNoticePeriod`): by default the publication day when it is a working
   * day, otherwise the next working day; with `next_working_day`, the first working day after publication.
   */
  noticePeriod(published: IsoDate, days: number, dayOne: NoticeDayOne = 'publication_day_if_working'): NoticePeriod {
    const r = this.workingDaysFrom(dayOne === 'next_working_day' ? addDays(published, 1) : published, days);
    const end = r.dates[r.dates.length - 1]!;
    return {
      published,
      start: r.dates[0]!,
      end,
      endsAt: endOfDayShanghai(end),
      workingDays: r.dates,
      provisional: r.provisional || this.day(published).provisional,
    };
  }
}
