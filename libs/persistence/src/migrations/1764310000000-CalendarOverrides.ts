import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff-entered working-day data: a newly published year's State Council notice, or a correction. */
export class CalendarOverrides1764310000000 implements MigrationInterface {
  name = 'CalendarOverrides1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.calendar_year (
        year int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2200),
        source text NOT NULL,
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE applications.calendar_day (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('workday', 'weekend', 'holiday', 'makeup')),
        name text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.calendar_day`);
    await q.query(`DROP TABLE applications.calendar_year`);
  }
}
