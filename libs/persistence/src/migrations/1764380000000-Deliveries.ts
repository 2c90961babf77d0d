import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Email and SMS beyond the inbox: where each recipient is reached, and one delivery per notification and channel. */
export class Deliveries1764380000000 implements MigrationInterface {
  name = 'Deliveries1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications.contact (
        recipient text PRIMARY KEY,
        email text,
        mobile text CHECK (mobile IS NULL OR mobile ~ '^1[3-9][0-9]{9}$'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notifications.delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL REFERENCES notifications.notification(id),
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        address text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (notification_id, channel)
      )`);
    await q.query(`CREATE INDEX delivery_due ON notifications.delivery (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.delivery`);
    await q.query(`DROP TABLE notifications.contact`);
  }
}
