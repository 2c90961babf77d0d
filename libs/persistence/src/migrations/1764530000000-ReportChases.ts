import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many times the platform was chased for a report before it came (第十五条; the platform workflow's late-report
 * record), kept with the report for the evaluation's `service.reportChases` fact. Null on reports filed before.
 */
export class ReportChases1764530000000 implements MigrationInterface {
  name = 'ReportChases1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.annual_report ADD COLUMN chases int CHECK (chases >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.annual_report DROP COLUMN chases`);
  }
}
