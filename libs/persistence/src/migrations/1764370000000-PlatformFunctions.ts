import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry keeps each platform's Art. 8 service functions (imports of earlier platforms bring them). */
export class PlatformFunctions1764370000000 implements MigrationInterface {
  name = 'PlatformFunctions1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.platform ADD COLUMN functions text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.platform DROP COLUMN functions`);
  }
}
