import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The walking skeleton's tables: each service owns one schema. */
export class Skeleton1764230400000 implements MigrationInterface {
  name = 'Skeleton1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS applications`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS notifications`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS scoring`);
    await q.query(`
      CREATE TABLE applications.call (
        year int PRIMARY KEY CHECK (year BETWEEN 2021 AND 2200),
        quota int NOT NULL CHECK (quota > 0),
        opens_on date NOT NULL,
        closes_on date NOT NULL CHECK (closes_on >= opens_on),
        policy_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE applications.application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        credit_code char(18) NOT NULL,
        institution_name text NOT NULL,
        call_year int NOT NULL REFERENCES applications.call(year),
        materials jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX application_credit_code_idx ON applications.application (credit_code, call_year)`);
    await q.query(`
      CREATE TABLE applications.completeness_check (
        application_id uuid NOT NULL REFERENCES applications.application(id),
        attempt int NOT NULL,
        complete boolean NOT NULL,
        missing jsonb NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, attempt)
      )`);
    await q.query(`
      CREATE TABLE applications.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON applications.outbox (id) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE notifications.notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        recipient text NOT NULL,
        kind text NOT NULL,
        title jsonb NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notification_recipient_idx ON notifications.notification (recipient, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.notification`);
    await q.query(`DROP TABLE applications.outbox`);
    await q.query(`DROP TABLE applications.completeness_check`);
    await q.query(`DROP TABLE applications.application`);
    await q.query(`DROP TABLE applications.call`);
    await q.query(`DROP SCHEMA scoring`);
    await q.query(`DROP SCHEMA notifications`);
    await q.query(`DROP SCHEMA applications`);
  }
}
