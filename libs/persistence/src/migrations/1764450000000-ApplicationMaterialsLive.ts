import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An application's materials are its files (第十条): every view and the completeness check read them live. The
 * `materials` column was a copy taken at submission that went stale at the first upload after it; the copy stays
 * where it belongs, in the `application.submitted` audit event.
 */
export class ApplicationMaterialsLive1764450000000 implements MigrationInterface {
  name = 'ApplicationMaterialsLive1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.application DROP COLUMN materials`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.application ADD COLUMN materials jsonb NOT NULL DEFAULT '{"applicationForm": false, "platformIntroduction": false, "supportingEvidence": false}'`);
  }
}
