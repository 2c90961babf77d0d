import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The scoring service's own schema: the expert pool, panel assignments with declarations, and scores. */
export class Scoring1764340000000 implements MigrationInterface {
  name = 'Scoring1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS scoring`);
    await q.query(`
      CREATE TABLE scoring.expert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        employer_credit_code text,
        employer_name text,
        fields text[] NOT NULL DEFAULT '{}',
        relationships jsonb NOT NULL DEFAULT '[]',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE scoring.assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        expert_id uuid NOT NULL REFERENCES scoring.expert(id),
        call_year int NOT NULL,
        applicant_credit_code text NOT NULL,
        applicant_name text NOT NULL,
        partner_credit_codes text[] NOT NULL DEFAULT '{}',
        policy_version text NOT NULL,
        application_started_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'invited' CHECK (state IN ('invited', 'declared', 'recused', 'scored')),
        declaration jsonb,
        declared_at timestamptz,
        assigned_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (application_id, expert_id)
      )`);
    await q.query(`CREATE INDEX assignment_expert ON scoring.assignment (expert_id, created_at DESC)`);
    await q.query(`CREATE INDEX assignment_call ON scoring.assignment (call_year)`);
    await q.query(`
      CREATE TABLE scoring.score (
        assignment_id uuid PRIMARY KEY REFERENCES scoring.assignment(id),
        application_id uuid NOT NULL,
        expert_id uuid NOT NULL,
        criteria jsonb NOT NULL,
        total numeric(6, 2) NOT NULL CHECK (total >= 0),
        submitted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX score_application ON scoring.score (application_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA scoring CASCADE`);
  }
}
