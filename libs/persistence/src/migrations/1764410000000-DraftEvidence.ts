import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Completeness reads the files (第十条): evidence is uploaded while the application is still a draft, and goes with
 * the draft into the application it becomes. A file belongs to a draft, an application, or (once submitted) both.
 */
export class DraftEvidence1764410000000 implements MigrationInterface {
  name = 'DraftEvidence1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE applications.evidence_file
        ALTER COLUMN application_id DROP NOT NULL,
        ADD COLUMN draft_id uuid REFERENCES applications.application_draft(id),
        ADD CONSTRAINT evidence_file_owner CHECK (application_id IS NOT NULL OR draft_id IS NOT NULL)`);
    await q.query(`CREATE INDEX evidence_file_draft ON applications.evidence_file (draft_id, uploaded_at) WHERE draft_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX applications.evidence_file_draft`);
    await q.query(`DELETE FROM applications.evidence_file WHERE application_id IS NULL`);
    await q.query(`ALTER TABLE applications.evidence_file DROP CONSTRAINT evidence_file_owner, DROP COLUMN draft_id, ALTER COLUMN application_id SET NOT NULL`);
  }
}
