import { DEV_AUDIT_HMAC_KEY } from '@sme/runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditSeal } from '../audit/audit-log';

/**
 * The audit chain's head, sealed with a key the database does not hold (AUDIT_HMAC_KEY): one row, rewritten with
 * each append. And TRUNCATE of the trail refused like UPDATE and DELETE. An existing chain is sealed here with the key of the environment the migration runs in (the
 * development default when unset, which the services refuse beyond loopback).
 */
export class AuditSeal1764470000000 implements MigrationInterface {
  name = 'AuditSeal1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.audit_seal (
        id smallint PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL,
        mac text NOT NULL
      )`);
    // Row triggers never see a TRUNCATE: a statement trigger refuses it too (the trail is append-only for every role).
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON applications.audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION applications.audit_event_append_only()`);
    const head: Array<{ seq: string; hash: string }> = await q.query(`SELECT seq, hash FROM applications.audit_event ORDER BY seq DESC LIMIT 1`);
    if (head[0]) {
      // The one place besides libs/runtime's config that reads the key: a migration has no service configuration.
      const mac = auditSeal(Number(head[0].seq), head[0].hash, process.env['AUDIT_HMAC_KEY'] || DEV_AUDIT_HMAC_KEY);
      await q.query(`INSERT INTO applications.audit_seal (id, seq, hash, mac) VALUES (1, $1, $2, $3)`, [head[0].seq, head[0].hash, mac]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_no_truncate ON applications.audit_event`);
    await q.query(`DROP TABLE applications.audit_seal`);
  }
}
