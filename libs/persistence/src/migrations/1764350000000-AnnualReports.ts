import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Annual reports of recognised platforms (第十五条): one per platform and year, kept as filed. */
export class AnnualReports1764350000000 implements MigrationInterface {
  name = 'AnnualReports1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.annual_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        credit_code text NOT NULL,
        report_year int NOT NULL CHECK (report_year BETWEEN 2000 AND 2200),
        content jsonb NOT NULL,
        submitted_on date NOT NULL,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (credit_code, report_year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.annual_report`);
  }
}
