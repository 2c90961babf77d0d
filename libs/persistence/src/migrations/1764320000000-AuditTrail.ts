import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail (第十八条): append-only, each event holding the hash of the previous one.
 * A trigger refuses UPDATE and DELETE, so nobody edits it through the application's role by accident.
 */
export class AuditTrail1764320000000 implements MigrationInterface {
  name = 'AuditTrail1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.audit_event (
        seq bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        data jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON applications.audit_event (entity_type, entity_id, seq)`);
    await q.query(`
      CREATE FUNCTION applications.audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only (审计记录只能追加)';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON applications.audit_event
      FOR EACH ROW EXECUTE FUNCTION applications.audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.audit_event`);
    await q.query(`DROP FUNCTION applications.audit_event_append_only()`);
  }
}
