import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The contact an institution gives with its application (email, mobile) for notices beyond the inbox. */
export class ApplicationContact1764380000001 implements MigrationInterface {
  name = 'ApplicationContact1764380000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.application ADD COLUMN contact jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.application DROP COLUMN contact`);
  }
}
