import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Applications being written: kept as the applicant leaves them, checked only when submitted. */
export class ApplicationDrafts1764390000000 implements MigrationInterface {
  name = 'ApplicationDrafts1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.application_draft (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        credit_code text NOT NULL,
        call_year int NOT NULL,
        content jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_application_id uuid REFERENCES applications.application(id)
      )`);
    await q.query(`CREATE INDEX application_draft_owner ON applications.application_draft (credit_code, updated_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.application_draft`);
  }
}
