import type { DataSource, EntityManager } from 'typeorm';

/**
 * The decision log: one row per decision a workflow accepted, under the decision's key (see `decisionKey` in
 * libs/runtime), with the answer the caller got. The order every decision takes:
 *   1. a decision already recorded under this key is answered again as it was (a retry, however late);
 *   2. `check`: the service's own refusals, before anything is asked;
 *   3. `ask`: the workflow decides (an update with the key as its id, a deadline, outside any transaction);
 *   4. `record`: in one transaction, the log row, the service's rows and the audit event of the *accepted* decision.
 * A refusal or a timeout at 2-3 records nothing. A crash between 3 and 4 is mended by the caller's retry with the
 * same key: Temporal answers the same update id with its first result, and 4 runs then.
 */
export async function decideOnce<Decided, Answer>(
  dataSource: DataSource,
  decision: { key: string; workflowId: string; action: string },
  steps: {
    check?: () => Promise<void>;
    ask: (key: string) => Promise<Decided>;
    record: (m: EntityManager, decided: Decided) => Promise<Answer>;
  },
): Promise<Answer> {
  const prior = await answered<Answer>(dataSource.manager, decision.key);
  if (prior) return prior.answer;
  await steps.check?.();
  const decided = await steps.ask(decision.key);
  return dataSource.transaction(async (m) => {
    const inserted: unknown[] = await m.query(
      `INSERT INTO applications.decision (key, workflow_id, action) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [decision.key, decision.workflowId, decision.action],
    );
    // A twin request with the same key got here first: its answer is this one's.
    if (inserted.length === 0) return (await answered<Answer>(m, decision.key))!.answer;
    const answer = await steps.record(m, decided);
    await m.query(`UPDATE applications.decision SET answer = $2 WHERE key = $1`, [decision.key, JSON.stringify(answer ?? null)]);
    return answer;
  });
}

async function answered<Answer>(m: EntityManager, key: string): Promise<{ answer: Answer } | null> {
  const rows: Array<{ answer: Answer }> = await m.query(`SELECT answer FROM applications.decision WHERE key = $1`, [key]);
  return rows[0] ?? null;
}

/**
 * Records a fact about a workflow once under its key (a workflow started: `<workflow id>/start`), in its own short
 * transaction after the workflow call answered: `write` (the audit event) runs for the first request only, and a
 * retry after a crash between the call and this record writes what the first one could not.
 */
export async function recordOnce(dataSource: DataSource, fact: { key: string; workflowId: string; action: string }, write: (m: EntityManager) => Promise<unknown>): Promise<boolean> {
  return dataSource.transaction(async (m) => {
    const inserted: unknown[] = await m.query(
      `INSERT INTO applications.decision (key, workflow_id, action) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [fact.key, fact.workflowId, fact.action],
    );
    if (inserted.length === 0) return false;
    await write(m);
    return true;
  });
}
