import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A dead delivery is parked in the database first and published to the dead-letter stream after, on its own: a
 * failed publish is retried and never undoes (or re-sends) anything. Those dead before this change were published.
 */
export class DeliveryParking1764440000000 implements MigrationInterface {
  name = 'DeliveryParking1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.delivery ADD COLUMN parked_at timestamptz`);
    await q.query(`UPDATE notifications.delivery SET parked_at = now() WHERE status = 'dead'`);
    await q.query(`CREATE INDEX delivery_unparked ON notifications.delivery (id) WHERE status = 'dead' AND parked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.delivery DROP COLUMN parked_at`);
  }
}
