import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Experts in the annual evaluation (第十九条; 第九条's qualitative indicators judged by experts, under 第十二条's
 * conflict rules): each result row names the experts expected to score it, and the scoring room keeps one row per
 * expert and platform with the declaration and the score.
 */
export class EvaluationPanels1764520000000 implements MigrationInterface {
  name = 'EvaluationPanels1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications.evaluation_result ADD COLUMN expert_panel jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      CREATE TABLE scoring.evaluation_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        credit_code text NOT NULL,
        institution_name text NOT NULL,
        expert_id uuid NOT NULL REFERENCES scoring.expert(id),
        policy_version text NOT NULL,
        state text NOT NULL DEFAULT 'invited' CHECK (state IN ('invited', 'declared', 'recused', 'scored', 'replaced')),
        declaration jsonb,
        declared_at timestamptz,
        score numeric(5, 2) CHECK (score BETWEEN 0 AND 100),
        comment text,
        scored_at timestamptz,
        assigned_by text NOT NULL,
        replaced_by uuid,
        replacement_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (year, credit_code, expert_id)
      )`);
    await q.query(`CREATE INDEX evaluation_assignment_expert ON scoring.evaluation_assignment (expert_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scoring.evaluation_assignment`);
    await q.query(`ALTER TABLE applications.evaluation_result DROP COLUMN expert_panel`);
  }
}
