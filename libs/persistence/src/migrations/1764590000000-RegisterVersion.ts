import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register's version: a number that moves whenever the platform table changes, in the same transaction as the
 * change (第十八条: the public list is read thousands of times between two changes, a few a year). Readers keep an
 * answer for as long as the version stands, whoever changed the table (a service, an import, a fixture, by hand).
 *
 * The version is moved once per transaction, at its commit (a deferred constraint trigger): its row lock is the last
 * lock such a transaction takes, so it never waits on the audit chain's seal while holding it (no deadlock), and it
 * is held only for the commit.
 */
export class RegisterVersion1764590000000 implements MigrationInterface {
  name = 'RegisterVersion1764590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE applications.register_version (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      version bigint NOT NULL DEFAULT 0,
      changed_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO applications.register_version DEFAULT VALUES`);
    await q.query(`CREATE FUNCTION applications.register_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Once per transaction: the rows of one import move it once.
        IF current_setting('sme.register_moved_in', true) IS DISTINCT FROM txid_current()::text THEN
          PERFORM set_config('sme.register_moved_in', txid_current()::text, true);
          UPDATE applications.register_version SET version = version + 1, changed_at = now();
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER platform_register_version AFTER INSERT OR UPDATE OR DELETE ON applications.platform
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION applications.register_changed()`);
    await q.query(`CREATE TRIGGER platform_register_truncated AFTER TRUNCATE ON applications.platform
      FOR EACH STATEMENT EXECUTE FUNCTION applications.register_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER platform_register_truncated ON applications.platform`);
    await q.query(`DROP TRIGGER platform_register_version ON applications.platform`);
    await q.query(`DROP FUNCTION applications.register_changed()`);
    await q.query(`DROP TABLE applications.register_version`);
  }
}
