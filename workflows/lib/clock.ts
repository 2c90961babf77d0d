import type { CalendarOverridesInput } from '@sme/contracts';
import { type IsoDate, parts, shanghaiDate, WorkingDayCalendar } from '@sme/policy';

/** Workflow time only (deterministic `Date.now()` of the sandbox), read as Asia/Shanghai business dates. */
export function today(): IsoDate {
  return shanghaiDate(Date.now());
}

export function currentYear(): number {
  return parts(today()).year;
}

/** Epoch ms of `hour`:00 Asia/Shanghai on `date`. */
export function atShanghai(date: IsoDate, hour: number): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day, hour - 8);
}

/** Epoch ms of 1 January 00:00 Asia/Shanghai. */
export function newYearAt(year: number): number {
  return Date.UTC(year, 0, 1, -8);
}

export function msUntil(epochMs: number): number {
  return Math.max(0, epochMs - Date.now());
}

const bundled = WorkingDayCalendar.bundled();

/** The official calendar with the overrides staff added (a newly published year, a correction). */
export function calendarWith(overrides: CalendarOverridesInput[] = []): WorkingDayCalendar {
  return overrides.reduce((cal, o) => cal.withOverrides(o), bundled);
}
