import chineseDays157 from './calendar-data/chinese-days@1.5.7.json';
import type { IsoDate } from './dates';

/**
 * A frozen copy of the State Council's holiday notices, kept in this repository so that its bytes are ours: a
 * package upgrade cannot move the deadline of a running workflow. A policy version names the snapshot it counts
 * with (`PolicyVersion.calendar.data`). A snapshot never changes: new or corrected data is a new file with a new
 * id (libs/policy/scripts/snapshot-chinese-days.mjs), registered below.
 */
export interface CalendarSnapshot {
  id: string;
  source: string;
  /** The years whose notice the snapshot holds in full; any other year is provisional. */
  years: number[];
  /** Rest days by the notices, as the source words them: `"National Day,国庆节,3"`. */
  holidays: Record<IsoDate, string>;
  /** Make-up working days (调休), worded likewise. */
  workdays: Record<IsoDate, string>;
}

/** The snapshot `WorkingDayCalendar.bundled()` reads. */
export const DEFAULT_CALENDAR_SNAPSHOT = 'chinese-days@1.5.7';

const SNAPSHOTS: ReadonlyMap<string, CalendarSnapshot> = new Map([chineseDays157 as CalendarSnapshot].map((s) => [s.id, s]));

export class UnknownCalendarSnapshotError extends Error {
  constructor(readonly snapshotId: string) {
    super(`no calendar snapshot "${snapshotId}" (known: ${[...SNAPSHOTS.keys()].join(', ')})`);
    this.name = 'UnknownCalendarSnapshotError';
  }
}

export function calendarSnapshot(id: string): CalendarSnapshot {
  const found = SNAPSHOTS.get(id);
  if (!found) throw new UnknownCalendarSnapshotError(id);
  return found;
}

export function calendarSnapshotIds(): string[] {
  return [...SNAPSHOTS.keys()];
}
