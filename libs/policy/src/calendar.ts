import { calendarSnapshot, DEFAULT_CALENDAR_SNAPSHOT } from './calendar-snapshots';
import { addDays, endOfDayShanghai, type IsoDate, parts, weekday } from './dates';
import type { NoticeDayOne, PolicyVersion } from './policy-version';
import { statutoryHolidayOn } from './statutory-holidays';

/**
 * The official working-day calendar: the State Council's holiday notice of each year, with its make-up working
 * days (调休). Data come from a calendar snapshot kept in this repository (calendar-snapshots.ts), named by the
 * policy version; overrides (a newly announced year, a correction) merge in as data. A date in a year without
 * published data is `provisional`: the statutory holidays of 《全国年节及纪念日放假办法》 are rest days
 * (statutory-holidays.ts), any other day is a plain weekday or weekend, and it must be recomputed when the data
 * arrive (the notice also moves weekends and sets make-up days, which nothing can foresee).
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
  /** The years without published data that the count went through: the notices a workflow waits for. */
  provisionalYears: number[];
}

export interface NoticePeriod {
  published: IsoDate;
  start: IsoDate;
  end: IsoDate;
  /** 24:00 Asia/Shanghai of the last working day, as an ISO timestamp. */
  endsAt: string;
  workingDays: IsoDate[];
  provisional: boolean;
  /**
   * The years without published data from the publication day to the end, ascending; empty when the end is
   * final. These are the notices to wait for before the end may be treated as final.
   */
  provisionalYears: number[];
}

/** `"National Day,国庆节,3"` -> `国庆节`. */
function holidayName(raw: string | undefined): string | null {
  if (!raw) return null;
  const bits = raw.split(',');
  return bits[1] ?? bits[0] ?? null;
}

type KnownDay = { kind: DayKind; name: string | null };
/** What the data say of a date, if anything: an override's entry, else the calendar it was merged into. */
type DayLookup = (date: IsoDate) => KnownDay | undefined;

export class WorkingDayCalendar {
  private constructor(
    private readonly known: DayLookup,
    private readonly years: ReadonlySet<number>,
    readonly source: string,
    /** The calendar snapshot the data come from (before any overrides). */
    readonly snapshot: string,
  ) {}

  private static readonly snapshots = new Map<string, WorkingDayCalendar>();

  /** The data of one calendar snapshot (`UnknownCalendarSnapshotError` if there is none by that id). */
  static fromSnapshot(snapshotId: string): WorkingDayCalendar {
    const hit = WorkingDayCalendar.snapshots.get(snapshotId);
    if (hit) return hit;
    const data = calendarSnapshot(snapshotId);
    // Read from the snapshot's own records as dates are asked, not indexed up front: workflow code builds this once
    // per workflow (its modules are evaluated afresh for each), and a workflow asks a few dozen dates (bench/lifecycle).
    const seen = new Map<IsoDate, KnownDay | undefined>();
    const has = (r: Record<IsoDate, string>, date: IsoDate) => Object.prototype.hasOwnProperty.call(r, date);
    const lookup: DayLookup = (date) => {
      if (seen.has(date)) return seen.get(date);
      // A make-up working day wins over a rest day of the same date, as the source's two lists were merged before.
      const found: KnownDay | undefined = has(data.workdays, date)
        ? { kind: 'makeup', name: holidayName(data.workdays[date]) }
        : has(data.holidays, date)
          ? { kind: 'holiday', name: holidayName(data.holidays[date]) }
          : undefined;
      seen.set(date, found);
      return found;
    };
    const calendar = new WorkingDayCalendar(lookup, new Set(data.years), data.source, data.id);
    WorkingDayCalendar.snapshots.set(snapshotId, calendar);
    return calendar;
  }

  /** The calendar a policy version counts with (`calendar.data`). */
  static forPolicy(policy: Pick<PolicyVersion, 'calendar'>): WorkingDayCalendar {
    return WorkingDayCalendar.fromSnapshot(policy.calendar.data);
  }

  /** The default snapshot's data (`DEFAULT_CALENDAR_SNAPSHOT`). */
  static bundled(): WorkingDayCalendar {
    return WorkingDayCalendar.fromSnapshot(DEFAULT_CALENDAR_SNAPSHOT);
  }

  /** A new calendar with the overrides merged in (later entries win). */
  withOverrides(overrides: CalendarOverrides): WorkingDayCalendar {
    const own = new Map<IsoDate, KnownDay>();
    for (const d of overrides.days) {
      parts(d.date); // validates
      own.set(d.date, { kind: d.kind, name: d.name ?? null });
    }
    const under = this.known;
    const years = new Set([...this.years, ...(overrides.years ?? [])]);
    return new WorkingDayCalendar((date) => own.get(date) ?? under(date), years, `${this.source} + overrides`, this.snapshot);
  }

  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  /** The years from `from` to `to` (inclusive) without published data, ascending. */
  provisionalYearsBetween(from: IsoDate, to: IsoDate): number[] {
    const years: number[] = [];
    for (let y = parts(from).year; y <= parts(to).year; y++) if (!this.years.has(y)) years.push(y);
    return years;
  }

  /**
   * An entry of the data or of an override decides; else, in a provisional year, a statutory holiday is a rest
   * day; else Monday to Friday work and the weekend rests.
   */
  day(date: IsoDate): DayInfo {
    const { year } = parts(date);
    const provisional = !this.years.has(year);
    const known = this.known(date) ?? (provisional ? statutory(date) : undefined);
    const weekend = weekday(date) === 0 || weekday(date) === 6;
    const kind: DayKind = known?.kind ?? (weekend ? 'weekend' : 'workday');
    return { date, kind, workingDay: kind === 'workday' || kind === 'makeup', provisional, name: known?.name ?? null };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.day(date).workingDay;
  }

  /** `date` itself when it is a working day, else the next working day. */
  workingDayOnOrAfter(date: IsoDate): { date: IsoDate; provisional: boolean; provisionalYears: number[] } {
    let d = date;
    let provisional = false;
    for (let i = 0; i < 400; i++) {
      const info = this.day(d);
      provisional ||= info.provisional;
      if (info.workingDay) return { date: d, provisional, provisionalYears: this.provisionalYearsBetween(date, d) };
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
    return { dates, provisional, provisionalYears: this.provisionalYearsBetween(start, dates[dates.length - 1]!) };
  }

  /** The `n`-th working day after `date` (not counting `date`); n = 0 returns `date` unchanged. */
  addWorkingDays(date: IsoDate, n: number): { date: IsoDate; provisional: boolean; provisionalYears: number[] } {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (n === 0) return { date, provisional: this.day(date).provisional, provisionalYears: this.provisionalYearsBetween(date, date) };
    const r = this.workingDaysFrom(addDays(date, 1), n);
    const end = r.dates[r.dates.length - 1]!;
    return { date: end, provisional: r.provisional || this.day(date).provisional, provisionalYears: this.provisionalYearsBetween(date, end) };
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
      provisionalYears: this.provisionalYearsBetween(published, end),
    };
  }
}

function statutory(date: IsoDate): { kind: DayKind; name: string } | undefined {
  const holiday = statutoryHolidayOn(date);
  return holiday ? { kind: 'holiday', name: holiday.name } : undefined;
}
