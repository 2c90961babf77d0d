import type { IsoDate } from './dates';

/** Bilingual text. */
export interface Text {
  zh: string;
  en: string;
}

export type InstitutionType =
  | 'sme_service_agency'
  | 'social_intermediary'
  | 'technical_service'
  | 'research_institute'
  | 'internet_service_enterprise';

export type ServiceFunction = 'information' | 'technology' | 'entrepreneurship' | 'training' | 'financing';

/**
 * One version of the rules as data: thresholds, functions, counting settings, and the defaults of the annexes
 * the text names but does not give. A call year binds to one version; a new version is new data, not new code.
 * Percentages are integers (80 = 80%); money is a decimal string of yuan.
 */
export interface PolicyVersion {
  id: string;
  title: Text;
  document: string;
  published: IsoDate;
  effectiveFrom: IsoDate;
  /** null: in force until a successor is added. */
  effectiveTo: IsoDate | null;
  note: Text;
  eligibility: {
    institutionTypes: InstitutionType[];
    operatingYearsMin: number;
    totalAssetsYuanMin: string;
    localSmesServedMin: number;
    satisfactionPercentMin: number;
    partnerInstitutionsMin: number;
    freeOrLowFeeSharePercentMin: number;
    staffServingSmesMin: number;
    qualifiedStaffPercentMin: number;
  };
  functions: {
    information: { offlineEnterprisesServedMin: number; activitiesMin: number };
    technology: { activitiesMin: number };
    entrepreneurship: { eventsMin: number };
    training: { personTimesMin: number };
    financing: { activitiesMin: number; financingRaisedYuanMin: string; newGuaranteesYuanMin: string };
  };
  /** At least this many functions must meet their thresholds (第八条: "至少其中一项"). */
  functionsRequiredMin: number;
  periods: {
    titleValidityYears: number;
    noticeWorkingDays: number;
    reportDue: { month: number; day: number | 'last' };
    deadlinesMoveOffRestDays: boolean;
    /** Days an applicant has to supply missing materials (第十条; the text is silent: a default). */
    materialsDeadlineDays: number;
    /** Days before the report deadline at which platforms are reminded. */
    reportReminderDaysBefore: number[];
  };
  /** The working-day calendar data the periods are counted with: a snapshot id, e.g. `chinese-days@1.5.7`. */
  calendar: { data: string };
  rubric: { label: 'default' | 'custom'; criteria: Array<{ id: string; name: Text; articles: string[]; maxScore: number }> };
  siteChecklist: { label: 'default' | 'custom'; items: Array<{ id: string; text: Text; article: string }> };
  evaluationIndicators: { label: 'default' | 'custom'; items: Array<{ id: string; name: Text; weight: number; article: string }> };
  aggregation: { method: 'trimmed_mean'; trimWhenAtLeast: number; dispersionStdDevFlag: number };
}

export class UnknownPolicyError extends Error {
  constructor(readonly what: string) {
    super(`no policy version ${what}`);
    this.name = 'UnknownPolicyError';
  }
}

/** The versions the system knows. Versions are data: `with()` adds one without code changes. */
export class PolicyRegistry {
  private readonly byId: ReadonlyMap<string, PolicyVersion>;

  constructor(versions: PolicyVersion[]) {
    this.byId = new Map(versions.map((v) => [v.id, v]));
  }

  with(version: PolicyVersion): PolicyRegistry {
    return new PolicyRegistry([...this.byId.values(), version]);
  }

  list(): PolicyVersion[] {
    return [...this.byId.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  }

  get(id: string): PolicyVersion {
    const v = this.byId.get(id);
    if (!v) throw new UnknownPolicyError(`"${id}"`);
    return v;
  }

  find(id: string): PolicyVersion | undefined {
    return this.byId.get(id);
  }

  /** The version in force on `date`: the latest one whose effective period contains it. */
  inForceOn(date: IsoDate): PolicyVersion {
    const found = this.list()
      .filter((v) => v.effectiveFrom <= date && (v.effectiveTo === null || date <= v.effectiveTo))
      .pop();
    if (!found) throw new UnknownPolicyError(`in force on ${date}`);
    return found;
  }

  /** The version a call year binds to when staff did not choose one: the one in force on 1 January of it, else the first that starts within it. */
  forCallYear(year: number): PolicyVersion {
    const jan1 = `${year}-01-01`;
    try {
      return this.inForceOn(jan1);
    } catch {
      const first = this.list().find((v) => v.effectiveFrom.startsWith(`${year}-`));
      if (!first) throw new UnknownPolicyError(`for call year ${year}`);
      return first;
    }
  }
}
