import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff replace an expert who recused or missed the due date (第十二条): the row says who took over, and why. */
export class ExpertReplacement1764430000000 implements MigrationInterface {
  name = 'ExpertReplacement1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scoring.assignment DROP CONSTRAINT assignment_state_check`);
    await q.query(`
      ALTER TABLE scoring.assignment
        ADD CONSTRAINT assignment_state_check CHECK (state IN ('invited', 'declared', 'recused', 'scored', 'replaced')),
        ADD COLUMN replaced_by uuid REFERENCES scoring.expert(id),
        ADD COLUMN replacement_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scoring.assignment DROP COLUMN replaced_by, DROP COLUMN replacement_reason, DROP CONSTRAINT assignment_state_check`);
    await q.query(`ALTER TABLE scoring.assignment ADD CONSTRAINT assignment_state_check CHECK (state IN ('invited', 'declared', 'recused', 'scored'))`);
  }
}
