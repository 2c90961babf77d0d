/**
 * The header a decision's update carries (libs/runtime `askWorkflow`): the moment, in epoch milliseconds, after which
 * its caller no longer waits for the answer. A workflow refuses an update that reaches it later (workflows/lib
 * `decision-deadline`), so a decision the caller was told "not taken, retry" (503) is never taken behind its back
 * when the orchestrator comes back; the retry, with the same key, decides it.
 */
export const DECISION_NOT_AFTER_HEADER = 'sme-decision-not-after';
