import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The annual evaluation's results (第十九条): one row per evaluated year with the indicator set it computes with and
 * its stage, and one row per platform with the facts gathered, staff's adjustments (each with its reason), expert
 * scores, the computed evaluation, its total, outcome and rank. The workflow drives the stages; the table is what
 * staff review, the bureau approves and the public reads once published.
 */
export class Evaluations1764510000000 implements MigrationInterface {
  name = 'Evaluations1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.evaluation (
        year int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2200),
        indicator_set text NOT NULL,
        policy_version text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('collecting', 'reviewing', 'approval', 'approved', 'published')),
        opened_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE applications.evaluation_result (
        year int NOT NULL REFERENCES applications.evaluation (year),
        credit_code text NOT NULL,
        institution_name text NOT NULL,
        facts jsonb NOT NULL,
        report_filed boolean NOT NULL,
        adjustments jsonb NOT NULL DEFAULT '[]',
        expert_scores jsonb NOT NULL DEFAULT '[]',
        evaluation jsonb NOT NULL,
        total numeric(5, 2) NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('excellent', 'pass', 'rectify', 'fail')),
        rank int,
        collected_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, credit_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.evaluation_result`);
    await q.query(`DROP TABLE applications.evaluation`);
  }
}
