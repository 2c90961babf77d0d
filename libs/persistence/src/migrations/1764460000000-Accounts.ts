import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts for real people (issue 12):
 * - the `admin` role (accounts only), accounts that exist before they have a password (invited), a token version
 *   raised by every change that must reach the user's next request, a lock after repeated failures, a TOTP second
 *   factor, an OpenID Connect subject;
 * - sign-in sessions (sign-out ends one, sign-out everywhere all);
 * - one-time tokens (invitation, email confirmation, password reset), stored as their SHA-256 only;
 * - institutions that registered themselves, pending until center staff verify them;
 * - account mail: the one-time links, sent by the accounts room itself so no link ever reaches an inbox or a log,
 *   and the body is blanked once the relay accepted it;
 * - throttle counters shared by every instance of the service.
 */
export class Accounts1764460000000 implements MigrationInterface {
  name = 'Accounts1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth.user_account DROP CONSTRAINT user_account_role_check`);
    await q.query(`ALTER TABLE auth.user_account ADD CONSTRAINT user_account_role_check CHECK (role IN ('applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'))`);
    await q.query(`ALTER TABLE auth.user_account ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`
      ALTER TABLE auth.user_account
        ADD COLUMN token_version integer NOT NULL DEFAULT 0,
        ADD COLUMN token_version_at timestamptz,
        ADD COLUMN email_confirmed_at timestamptz,
        ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0,
        ADD COLUMN locks integer NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN totp_secret text,
        ADD COLUMN totp_enabled_at timestamptz,
        ADD COLUMN totp_last_step bigint,
        ADD COLUMN invited_by uuid REFERENCES auth.user_account (id),
        ADD COLUMN oidc_subject text UNIQUE,
        ADD COLUMN last_sign_in_at timestamptz`);
    // Accounts from before registration existed were made by the system (development users): their email counts as confirmed.
    await q.query(`UPDATE auth.user_account SET email_confirmed_at = created_at`);
    await q.query(`CREATE UNIQUE INDEX user_account_email ON auth.user_account (lower(email)) WHERE email IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX user_account_expert ON auth.user_account (expert_id) WHERE expert_id IS NOT NULL AND NOT disabled`);
    await q.query(`CREATE INDEX user_account_institution ON auth.user_account (institution) WHERE institution IS NOT NULL`);
    await q.query(`
      CREATE TABLE auth.session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES auth.user_account (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        method text NOT NULL CHECK (method IN ('password', 'oidc'))
      )`);
    await q.query(`CREATE INDEX session_open_by_user ON auth.session (user_id) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE auth.one_time_token (
        token_sha256 text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('invite', 'confirm-email', 'reset-password')),
        user_id uuid NOT NULL REFERENCES auth.user_account (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX one_time_token_user ON auth.one_time_token (user_id, purpose) WHERE used_at IS NULL`);
    await q.query(`
      CREATE TABLE auth.institution (
        credit_code text PRIMARY KEY CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        name text NOT NULL,
        contact_name text NOT NULL,
        mobile text NOT NULL,
        email text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'verified', 'refused')),
        licence_sha256 text,
        licence_file_name text,
        licence_media_type text,
        registered_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid REFERENCES auth.user_account (id),
        decided_at timestamptz,
        reason text
      )`);
    await q.query(`CREATE INDEX institution_pending ON auth.institution (registered_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE auth.account_mail (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_address text NOT NULL,
        subject text NOT NULL,
        body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        sent_at timestamptz,
        last_error text
      )`);
    await q.query(`CREATE INDEX account_mail_due ON auth.account_mail (next_attempt_at) WHERE sent_at IS NULL`);
    await q.query(`
      CREATE TABLE auth.throttle (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        expires_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.throttle, auth.account_mail, auth.institution, auth.one_time_token, auth.session`);
    await q.query(`DROP INDEX auth.user_account_email, auth.user_account_expert, auth.user_account_institution`);
    await q.query(`
      ALTER TABLE auth.user_account
        DROP COLUMN token_version, DROP COLUMN token_version_at, DROP COLUMN email_confirmed_at, DROP COLUMN failed_sign_ins,
        DROP COLUMN locks, DROP COLUMN locked_until, DROP COLUMN totp_secret, DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step, DROP COLUMN invited_by,
        DROP COLUMN oidc_subject, DROP COLUMN last_sign_in_at`);
    await q.query(`DELETE FROM auth.user_account WHERE role = 'admin' OR password_hash IS NULL`);
    await q.query(`ALTER TABLE auth.user_account ALTER COLUMN password_hash SET NOT NULL`);
    await q.query(`ALTER TABLE auth.user_account DROP CONSTRAINT user_account_role_check`);
    await q.query(`ALTER TABLE auth.user_account ADD CONSTRAINT user_account_role_check CHECK (role IN ('applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator'))`);
  }
}
