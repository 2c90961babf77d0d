import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Objections to a public notice (第十三条) as records of their own: the text, who raised it and how to reach them stay
 * here, only the record's id enters the notice workflow's history, and the permanent audit trail names the actor
 * "public". The objector's name and contact are erased once the retention period has passed (`erase_after`); the
 * client key (an HMAC of the address) bounds how many objections one client raises on one notice.
 */
export class ObjectionRecords1764490000000 implements MigrationInterface {
  name = 'ObjectionRecords1764490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.objection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notice_id text NOT NULL,
        credit_code text NOT NULL,
        objector text,
        contact text,
        text text NOT NULL,
        client_key text,
        raised_at timestamptz NOT NULL DEFAULT now(),
        workflow_objection_id text,
        erase_after timestamptz NOT NULL,
        erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX objection_by_notice_client ON applications.objection (notice_id, client_key)`);
    await q.query(`CREATE INDEX objection_to_erase ON applications.objection (erase_after) WHERE erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.objection`);
  }
}
