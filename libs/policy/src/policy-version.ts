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
 * Which day is day 1 of a public notice counted in working days (第十三条 "公示7个工作日"; the text is silent):
 * - `publication_day_if_working`: the publication day when it is a working day, else the next working day;
 * - `next_working_day`: the first working day after the publication day (the publication day never counts).
 */
export type NoticeDayOne = 'publication_day_if_working' | 'next_working_day';

/** A day of the year, e.g. 1 March: `{ month: 3, day: 1 }`. */
export interface MonthDay {
  month: number;
  day: number;
}

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
    /** Days between chases of a platform whose annual report (第十五条) is overdue. The text is silent: a default. */
    reportChaseEveryDays: number;
    /** The local hour (Asia/Shanghai, 0-23) at which reminders and chases go out. The text is silent: a default. */
    reminderHour: number;
    /** Days between reminders to an expert whose panel score (第十二条) is overdue. The text is silent: a default. */
    expertReminderEveryDays: number;
    /** Days the center has to enter the annual evaluation's results (第十九条, Annex 3). The text is silent: a default. */
    evaluationScoringDays: number;
    /**
     * Days the call waits for anyone (every application's outcome, staff's list, the bureau's review) before those who
     * must act are told what it still waits for, and again every as many days. The text is silent: a default.
     */
    callWaitReminderDays: number;
    /**
     * Day 1 of the public notice (第十三条). The text says only "7个工作日": counting the publication day when it
     * is a working day is the decision recorded in the policy digest (Procedure 5), a default.
     */
    noticeDayOne: NoticeDayOne;
  };
  /** The expert panel (第十二条 "组织专家对申报单位进行评审打分"). */
  panel: {
    /**
     * The fewest experts a panel may have. The text says only "专家" (experts, plural), so this is a default; a
     * panel of one is never a panel (see `panelSizeProblem`, which refuses fewer than two whatever the data say).
     */
    minExperts: number;
  };
  /** The annual call (年度申报通知, 第四条, 第十条) when staff have not set one up. The text leaves these to each call. */
  call: {
    /** Recommended number of platforms (第四条 "具体推荐数量……在年度申报通知中明确"). A default. */
    defaultQuota: number;
    /** The day the call opens. A default. */
    defaultOpens: MonthDay;
    /** The last day to apply. A default. */
    defaultCloses: MonthDay;
  };
  /** The working-day calendar data the periods are counted with: a snapshot id, e.g. `chinese-days@1.5.7`. */
  calendar: { data: string };
  rubric: { label: 'default' | 'custom'; criteria: Array<{ id: string; name: Text; articles: string[]; maxScore: number }> };
  /**
   * Annex 2 (现场核查表, 第十一条). `verifies`: the ids (or id prefixes ending in `.`) of the eligibility clauses that
   * only evidence and the visit can settle (`needs_evidence`); the visit confirms or fails each under its item.
   */
  siteChecklist: { label: 'default' | 'custom'; items: Array<{ id: string; text: Text; article: string; verifies: string[] }> };
  /**
   * The annual evaluation (第十九条). Its indicators (Annex 3) are a versioned set of their own (`INDICATOR_SETS`,
   * evaluation.ts), bound to this version by id.
   */
  evaluation: {
    /**
     * 总量控制: the most titles valid at once. The text gives no number: a default, changed as data. Each call's quota is
     * this cap less the titles still valid after the call year (`callQuotaFromCap`).
     */
    titleCap: number;
    /** Days a platform rated 整改 has to file its rectification report. The text is silent: a default. */
    rectificationDays: number;
    /** Days before the rectification deadline at which the platform is reminded. */
    rectificationReminderDaysBefore: number[];
    /**
     * Experts who score each platform's qualitative indicators (第九条 judged by experts), after those in conflict with
     * it stand aside under 第十二条's rules. The text is silent on the number: a default.
     */
    minExperts: number;
  };
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

  /**
   * The version a year falls under for work that must go on regardless (an evaluation, the cap's count): the one the
   * year binds to, else (a year before the first version, e.g. platforms brought in from before this measure) the earliest.
   */
  forYearOrEarliest(year: number): PolicyVersion {
    try {
      return this.forCallYear(year);
    } catch {
      return this.list()[0]!;
    }
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
