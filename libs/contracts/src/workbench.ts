/**
 * A person's workbench (工作台): what waits for them today, one item per kind of work, each with its count, the
 * soonest rows with their deadlines, and where on the screens to act. Counts come from the same sources the screens
 * read (the workflows' published stages, the records), never from a copy kept for the workbench.
 */
export interface WorkItem {
  /** Stable key of the kind of work, e.g. `siteVisits`. */
  key: string;
  title: { zh: string; en: string };
  /** What the reader does about it, and who (the role table of DESIGN.md). */
  action: { zh: string; en: string };
  count: number;
  /** Where on the screens the work is done. */
  link: string;
  /** The article of 厦工信企业规〔2021〕114号 the work stems from. */
  article: string | null;
  /** Up to `WORKBENCH_ROWS`, the soonest deadline first (those without one last). */
  rows: WorkRow[];
  /** The source did not answer (e.g. Temporal visibility): the count is unknown, not zero. */
  unavailable?: boolean;
}

export interface WorkRow {
  id: string;
  label: string;
  /** ISO instant the work is due by, if it has one. */
  deadline: string | null;
  /** The deadline has passed. */
  overdue: boolean;
  link: string;
}

export interface Workbench {
  generatedAt: string;
  items: WorkItem[];
}

export const WORKBENCH_ROWS = 10;

/** Soonest deadline first, rows without one last. */
export function byDeadline(a: WorkRow, b: WorkRow): number {
  if (a.deadline === b.deadline) return a.label.localeCompare(b.label);
  if (a.deadline === null) return 1;
  if (b.deadline === null) return -1;
  return a.deadline.localeCompare(b.deadline);
}
