import type { MigrationInterface, QueryRunner } from 'typeorm';

/** User accounts for sign-in: one role each; applicants bound to an institution, experts to a pool entry. */
export class Auth1764330000000 implements MigrationInterface {
  name = 'Auth1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS auth`);
    await q.query(`
      CREATE TABLE auth.user_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator')),
        display_name text NOT NULL,
        institution text CHECK (institution IS NULL OR institution ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        expert_id uuid,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role <> 'applicant' OR institution IS NOT NULL),
        CHECK (role <> 'expert' OR expert_id IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA auth CASCADE`);
  }
}
