import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Annual reports (第十五条) that serve the evaluation (第十九条): staff may return a report for correction (each
 * superseded version is kept), the bureau may publish its public summary (视情对外发布), and the files a report
 * carries (the served-enterprise list, attachments) are kept with their digests.
 */
export class ReportsForEvaluation1764500000000 implements MigrationInterface {
  name = 'ReportsForEvaluation1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE applications.annual_report
        ADD COLUMN status text NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'returned')),
        ADD COLUMN revision int NOT NULL DEFAULT 1,
        ADD COLUMN returned_reason text,
        ADD COLUMN returned_by text,
        ADD COLUMN returned_at timestamptz,
        ADD COLUMN public_summary jsonb,
        ADD COLUMN published_by text,
        ADD COLUMN published_at timestamptz`);
    await q.query(`
      CREATE TABLE applications.annual_report_revision (
        report_id uuid NOT NULL REFERENCES applications.annual_report (id),
        revision int NOT NULL,
        content jsonb NOT NULL,
        submitted_on date NOT NULL,
        submitted_by text NOT NULL,
        returned_reason text NOT NULL,
        returned_by text NOT NULL,
        returned_at timestamptz NOT NULL,
        PRIMARY KEY (report_id, revision)
      )`);
    await q.query(`
      CREATE TABLE applications.report_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        credit_code text NOT NULL,
        report_year int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('served_list', 'attachment')),
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        served jsonb,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX report_file_by_report ON applications.report_file (credit_code, report_year, kind, uploaded_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.report_file`);
    await q.query(`DROP TABLE applications.annual_report_revision`);
    await q.query(`ALTER TABLE applications.annual_report DROP COLUMN status, DROP COLUMN revision, DROP COLUMN returned_reason, DROP COLUMN returned_by, DROP COLUMN returned_at, DROP COLUMN public_summary, DROP COLUMN published_by, DROP COLUMN published_at`);
  }
}
