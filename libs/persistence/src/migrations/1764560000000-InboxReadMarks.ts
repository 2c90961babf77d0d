import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who has read which inbox notice. A notice to a role (every staff member's inbox) is read by each person on their
 * own, so a mark is per account, not on the notice (the notice's `read_at` column was never written; left unused).
 */
export class InboxReadMarks1764560000000 implements MigrationInterface {
  name = 'InboxReadMarks1764560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications.notification_read (
        notification_id uuid NOT NULL REFERENCES notifications.notification (id) ON DELETE CASCADE,
        account text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account, notification_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.notification_read`);
  }
}
