/** Workflow ids, as in DESIGN.md. One place so that services, starters and tests agree. */
export const WorkflowIds = {
  application: (applicationId: string): string => `application-${applicationId}`,
  annualCall: (year: number): string => `call-${year}`,
  publicNotice: (noticeId: string): string => `notice-${noticeId}`,
  platform: (creditCode: string): string => `platform-${creditCode}`,
  annualEvaluation: (year: number): string => `evaluation-${year}`,
  /** One per imported file (its digest), so the same file imported twice runs once. */
  platformImport: (importId: string): string => `import-${importId}`,
} as const;

/** Workflow type names (the exported function names in workflows/), for starters that do not import workflow code. */
export const WorkflowTypes = {
  application: 'applicationWorkflow',
  annualCall: 'annualCallWorkflow',
  publicNotice: 'publicNoticeWorkflow',
  platform: 'platformWorkflow',
  annualEvaluation: 'annualEvaluationWorkflow',
  platformImport: 'platformImportWorkflow',
  scheduledAnnualCall: 'scheduledAnnualCallWorkflow',
  scheduledAnnualEvaluation: 'scheduledAnnualEvaluationWorkflow',
} as const;
