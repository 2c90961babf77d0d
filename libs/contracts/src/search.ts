/**
 * What the staff's global search (GET /api/search) answers, shared by the service and the web front end (types only:
 * the front end imports them with `import type` from `@sme/contracts/search`).
 */

/** An application found, with the web path that opens it. */
export interface ApplicationSearchHit {
  id: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  submittedAt: string;
  /** `/pipeline?open=<id>` */
  link: string;
}

/** A platform of the register found, with the web path that opens it. */
export interface PlatformSearchHit {
  creditCode: string;
  institutionName: string;
  listYear: number;
  status: 'valid' | 'revoked' | 'lapsed';
  /** `/platforms?open=<creditCode>` */
  link: string;
}

export interface GlobalSearchResult {
  q: string;
  applications: ApplicationSearchHit[];
  platforms: PlatformSearchHit[];
}
