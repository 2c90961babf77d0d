import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Structured facts on applications (Arts. 6-8) and the registry of recognised platforms with their awards. */
export class Lifecycle1764300000000 implements MigrationInterface {
  name = 'Lifecycle1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.application ADD COLUMN eligibility_facts jsonb`);
    await q.query(`
      CREATE TABLE applications.platform (
        credit_code char(18) PRIMARY KEY,
        institution_name text NOT NULL,
        list_year int NOT NULL,
        awarded_on date NOT NULL,
        valid_through date NOT NULL,
        policy_version text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE applications.platform_award (
        credit_code char(18) NOT NULL REFERENCES applications.platform(credit_code),
        call_year int NOT NULL,
        awarded_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (credit_code, call_year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.platform_award`);
    await q.query(`DROP TABLE applications.platform`);
    await q.query(`ALTER TABLE applications.application DROP COLUMN eligibility_facts`);
  }
}
