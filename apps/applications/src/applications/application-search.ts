import type { ApplicationSort } from './list-applications.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A text taken literally inside a LIKE pattern (PostgreSQL's default escape character is the backslash). */
export const likeLiteral = (text: string): string => text.replace(/[%_\\]/g, (c) => `\\${c}`);

/** The words of a search as the three ways people find an application or a platform: by name, code or id. */
export interface SearchTerms {
  /** `%fragment%`, for ILIKE on the name. */
  namePattern: string;
  /** `PREFIX%`, for LIKE on the credit code (codes are upper case). */
  codePrefix: string;
  /** The application id, when the text is one (lower case, as PostgreSQL prints a uuid). */
  id: string | null;
}

/** The search terms of `q`, or null when it says nothing (empty or blanks). */
export function searchTerms(q: string | undefined): SearchTerms | null {
  const text = q?.trim();
  if (!text) return null;
  return { namePattern: `%${likeLiteral(text)}%`, codePrefix: `${likeLiteral(text.toUpperCase())}%`, id: UUID.test(text) ? text.toLowerCase() : null };
}

/** A condition on the rows of `alias`, with its named parameters. */
export interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The rows of `alias` (an application, or a platform: `institutionName`, `creditCode`) that the terms find; by id too
 * where `byId` (applications).
 */
export function matching(alias: string, terms: SearchTerms, byId: boolean): Condition {
  const id = byId && terms.id !== null;
  return {
    sql: `(${alias}.institutionName ILIKE :namePattern OR ${alias}.creditCode LIKE :codePrefix${id ? ` OR ${alias}.id = :id` : ''})`,
    params: { namePattern: terms.namePattern, codePrefix: terms.codePrefix, ...(id ? { id: terms.id } : {}) },
  };
}

export interface ApplicationFilters {
  q?: string;
  creditCode?: string;
  callYear?: number;
  /** The ids a stage filter resolved from visibility (absent: no stage filter). */
  ids?: readonly string[];
  sort?: ApplicationSort;
  order?: 'asc' | 'desc';
}

const SORT_COLUMNS: Record<ApplicationSort, string> = {
  submittedAt: 'a.createdAt',
  institutionName: 'a.institutionName',
  callYear: 'a.callYear',
};

/**
 * The WHERE conditions and ORDER BY of a list of applications. Names sort A to Z by default, the rest newest first;
 * ties break on submission (newest first) and then the id, so that pages never overlap or skip a row.
 */
export function applicationQuery(f: ApplicationFilters): { conditions: Condition[]; orderBy: Array<[string, 'ASC' | 'DESC']> } {
  const conditions: Condition[] = [];
  const terms = searchTerms(f.q);
  if (terms) conditions.push(matching('a', terms, true));
  if (f.creditCode) conditions.push({ sql: 'a.creditCode = :creditCode', params: { creditCode: f.creditCode } });
  if (f.callYear !== undefined) conditions.push({ sql: 'a.callYear = :callYear', params: { callYear: f.callYear } });
  if (f.ids) conditions.push({ sql: 'a.id = ANY(CAST(:ids AS uuid[]))', params: { ids: [...f.ids] } });
  const sort = f.sort ?? 'submittedAt';
  const order = (f.order ?? (sort === 'institutionName' ? 'asc' : 'desc')).toUpperCase() as 'ASC' | 'DESC';
  const orderBy: Array<[string, 'ASC' | 'DESC']> = [[SORT_COLUMNS[sort], order]];
  if (sort !== 'submittedAt') orderBy.push(['a.createdAt', 'DESC']);
  orderBy.push(['a.id', 'ASC']);
  return { conditions, orderBy };
}
