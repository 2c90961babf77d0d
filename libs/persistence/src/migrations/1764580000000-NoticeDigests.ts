import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digests: escalations to a role that come in bursts (on the first day, thousands of imported platforms found late at
 * once) are gathered into one notice per role and kind. The digest notice gathers until `gathers_until` (pushed on by
 * each arrival, up to a limit), and its email goes out after that. Each escalation is still stored, with the digest it
 * went into, so its idempotency key, its record and its recipient stay.
 */
export class NoticeDigests1764580000000 implements MigrationInterface {
  name = 'NoticeDigests1764580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.notification
      ADD COLUMN digest_id uuid REFERENCES notifications.notification (id),
      ADD COLUMN gathers_until timestamptz,
      ADD COLUMN gathers_from timestamptz`);
    await q.query(`CREATE INDEX notification_digest ON notifications.notification (digest_id, created_at) WHERE digest_id IS NOT NULL`);
    await q.query(`CREATE INDEX notification_gathering ON notifications.notification (recipient, kind, gathers_until) WHERE gathers_until IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.notification_gathering`);
    await q.query(`DROP INDEX notifications.notification_digest`);
    await q.query(`ALTER TABLE notifications.notification DROP COLUMN gathers_from, DROP COLUMN gathers_until, DROP COLUMN digest_id`);
  }
}
