import type { Schema } from '../api';

/** A filed annual report, and its structured content, as the service documents them (libs/api-client). */
export type FiledReport = Schema<'FiledReport'>;
export type StructuredReport = Schema<'AnnualReportContent'>;

/**
 * The structured content of a filed report (`form: 'annual-report/2'`), or null for one filed before that form (its
 * content is documented as the structured form or a free one; the `form` member tells which).
 */
export function structured(content: FiledReport['content']): StructuredReport | null {
  return content['form'] === 'annual-report/2' ? (content as StructuredReport) : null;
}
