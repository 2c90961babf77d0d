import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public notices (第十三条) as published and as they ended: the notice workflow records each when it opens and when
 * it closes, so the open data and the feed keep every notice after its workflow's history is gone.
 */
export class PublicNotices1764570000000 implements MigrationInterface {
  name = 'PublicNotices1764570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.public_notice (
        notice_id text PRIMARY KEY,
        call_year int NOT NULL,
        published date NOT NULL,
        start_on date NOT NULL,
        end_on date NOT NULL,
        ends_at timestamptz NOT NULL,
        provisional boolean NOT NULL,
        candidates jsonb NOT NULL,
        confirmed jsonb,
        removed jsonb,
        objections int NOT NULL DEFAULT 0,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX public_notice_published ON applications.public_notice (published DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.public_notice`);
  }
}
