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

/**
 * The official calendar with the overrides staff added (a newly published year, a correction). Overrides only
 * ever grow, so the merged calendar is kept until another one arrives (status queries call this often).
 */
export function calendarWith(overrides: CalendarOverridesInput[] = []): WorkingDayCalendar {
  if (overrides.length === 0) return bundled;
  const hit = merged.get(overrides);
  if (hit && hit.count === overrides.length) return hit.calendar;
  const calendar = overrides.reduce((cal, o) => cal.withOverrides(o), bundled);
  merged.set(overrides, { count: overrides.length, calendar });
  return calendar;
}
const merged = new WeakMap<CalendarOverridesInput[], { count: number; calendar: WorkingDayCalendar }>();
