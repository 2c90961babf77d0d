import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on hands the browser a one-time token (in the fragment of the redirect back), which the screen trades
 * for a session: one more purpose of the one-time tokens.
 */
export class OidcSignIn1764480000000 implements MigrationInterface {
  name = 'OidcSignIn1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth.one_time_token DROP CONSTRAINT one_time_token_purpose_check`);
    await q.query(`ALTER TABLE auth.one_time_token ADD CONSTRAINT one_time_token_purpose_check CHECK (purpose IN ('invite', 'confirm-email', 'reset-password', 'oidc-session'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM auth.one_time_token WHERE purpose = 'oidc-session'`);
    await q.query(`ALTER TABLE auth.one_time_token DROP CONSTRAINT one_time_token_purpose_check`);
    await q.query(`ALTER TABLE auth.one_time_token ADD CONSTRAINT one_time_token_purpose_check CHECK (purpose IN ('invite', 'confirm-email', 'reset-password'))`);
  }
}
