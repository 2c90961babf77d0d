import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision log (libs/persistence decisions/decision-log.ts): each decision a workflow accepted, once, under the
 * key its caller's retries share, with the answer given; its rows and audit event commit with it.
 */
export class DecisionLog1764420000000 implements MigrationInterface {
  name = 'DecisionLog1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications.decision (
        key text PRIMARY KEY,
        workflow_id text NOT NULL,
        action text NOT NULL,
        answer jsonb,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX decision_workflow ON applications.decision (workflow_id, decided_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications.decision`);
  }
}
