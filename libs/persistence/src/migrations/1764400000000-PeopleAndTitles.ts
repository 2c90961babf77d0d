import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff and bureau reached outside the inbox, and a register that tells the truth:
 * - accounts carry an email address; the notifications service learns it (with the account's role) from an event,
 *   so a notice addressed to a role is emailed to each of its accounts: one delivery per address;
 * - a title's end (revoked by the bureau, 第十七条; lapsed, 第十七条) is on the register with its date and article.
 */
export class PeopleAndTitles1764400000000 implements MigrationInterface {
  name = 'PeopleAndTitles1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth.user_account ADD COLUMN email text`);
    await q.query(`ALTER TABLE notifications.contact ADD COLUMN role text, ADD COLUMN disabled boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX contact_role ON notifications.contact (role) WHERE role IS NOT NULL`);
    await q.query(`ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_notification_id_channel_key`);
    await q.query(`ALTER TABLE notifications.delivery ADD CONSTRAINT delivery_once_per_address UNIQUE (notification_id, channel, address)`);
    await q.query(`
      ALTER TABLE applications.platform
        ADD COLUMN status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'lapsed')),
        ADD COLUMN ended_on date,
        ADD COLUMN end_article text,
        ADD COLUMN end_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.platform DROP COLUMN status, DROP COLUMN ended_on, DROP COLUMN end_article, DROP COLUMN end_reason`);
    await q.query(`ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_once_per_address`);
    await q.query(`ALTER TABLE notifications.delivery ADD CONSTRAINT delivery_notification_id_channel_key UNIQUE (notification_id, channel)`);
    await q.query(`DROP INDEX notifications.contact_role`);
    await q.query(`ALTER TABLE notifications.contact DROP COLUMN role, DROP COLUMN disabled`);
    await q.query(`ALTER TABLE auth.user_account DROP COLUMN email`);
  }
}
