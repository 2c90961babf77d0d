/**
 * The application form as the wizard edits it, and its two translations: to the draft/application content the
 * applications service checks (CreateApplicationDto without creditCode and callYear), and back. Percentages are
 * entered as 0-100 and carried as 0..1; money stays a decimal string of yuan throughout.
 */
export const FUNCTION_KEYS = ['information', 'technology', 'entrepreneurship', 'training', 'financing'] as const;
export type FunctionKey = (typeof FUNCTION_KEYS)[number];

/**
 * Each Art. 8 function's fields: a yes/no, a count, an amount of yuan, or an optional statement (`stated`: yes, no or
 * not said). A statement left unsaid is omitted, and the check leaves it to the evidence and the site visit; a "no"
 * fails (libs/policy eligibility.ts).
 */
export type FieldKind = 'bool' | 'count' | 'yuan' | 'stated';
export const FUNCTION_FIELDS: Record<FunctionKey, Array<[string, FieldKind]>> = {
  information: [['onlineSystem', 'bool'], ['offlineEnterprisesServed', 'count'], ['activities', 'count']],
  technology: [
    ['organisesResources', 'stated'], ['expertPool', 'bool'], ['projectPool', 'bool'], ['activities', 'count'],
    ['hasLargeInstruments', 'stated'], ['sharesInstruments', 'stated'],
  ],
  entrepreneurship: [['mentoring', 'stated'], ['projectPool', 'bool'], ['guide', 'bool'], ['hotline', 'bool'], ['agencyServices', 'bool'], ['events', 'count']],
  training: [['qualification', 'bool'], ['online', 'bool'], ['offline', 'bool'], ['evaluationMechanism', 'bool'], ['personTimes', 'count']],
  financing: [['activities', 'count'], ['financingRaisedYuan', 'yuan'], ['guaranteeInstitution', 'bool'], ['newGuaranteesYuan', 'yuan']],
};

type RequiredLabel = 'institutionType' | 'establishedOn' | 'totalAssetsYuan' | 'servedTwoYears' | 'satisfactionPct' | 'partnerInstitutions' | 'freeOrLowFeePct' | 'servingSmes' | 'qualified';

export const MATERIAL_KEYS = ['applicationForm', 'platformIntroduction', 'supportingEvidence'] as const;

/** 第七条's statements (开放性, 资源共享): optional, like the `stated` fields of Art. 8. */
export const OPENNESS_KEYS = ['openToSmes', 'sharesResources'] as const;
/** An optional statement as the form holds it: yes, no, or not said (undefined before the field shows: not said). */
export type Stated = 'yes' | 'no' | 'unsaid' | undefined;
const statedFact = (x: unknown): boolean | undefined => (x === 'yes' ? true : x === 'no' ? false : undefined);
const statedValue = (x: unknown): Stated => (x === true ? 'yes' : x === false ? 'no' : 'unsaid');

export interface WizardValues {
  callYear?: number;
  institutionName?: string;
  contact?: { name?: string; email?: string; mobile?: string };
  legalPerson?: boolean;
  type?: string;
  establishedOn?: string;
  totalAssetsYuan?: string;
  financesSound?: boolean;
  servedBefore?: number;
  servedLast?: number;
  satisfactionPct?: number;
  partnerInstitutions?: number;
  fixedPremises?: boolean;
  freeOrLowFeePct?: number;
  servingSmes?: number;
  qualified?: number;
  openness?: Partial<Record<(typeof OPENNESS_KEYS)[number], Stated>>;
  claimed?: FunctionKey[];
  functions?: Partial<Record<FunctionKey, Record<string, boolean | number | string | undefined>>>;
}

/** The Arts. 6-8 inputs the check needs, as [form field, label key]; a missing one is named to the applicant. */
export const REQUIRED_FACTS: Array<[keyof WizardValues, RequiredLabel]> = [
  ['type', 'institutionType'],
  ['establishedOn', 'establishedOn'],
  ['totalAssetsYuan', 'totalAssetsYuan'],
  ['servedBefore', 'servedTwoYears'],
  ['servedLast', 'servedTwoYears'],
  ['satisfactionPct', 'satisfactionPct'],
  ['partnerInstitutions', 'partnerInstitutions'],
  ['freeOrLowFeePct', 'freeOrLowFeePct'],
  ['servingSmes', 'servingSmes'],
  ['qualified', 'qualified'],
];

/**
 * Qualified staff are a part of the staff serving SMEs (第六条第（五）项): more of them is refused by the form, as the
 * service refuses it.
 */
export function qualifiedExceedsServing(v: Pick<WizardValues, 'servingSmes' | 'qualified'>): boolean {
  return typeof v.qualified === 'number' && typeof v.servingSmes === 'number' && v.qualified > v.servingSmes;
}

const ratio = (pct: number) => Math.round(pct * 100) / 10_000;
const pct = (r: unknown) => (typeof r === 'number' ? Math.round(r * 10_000) / 100 : undefined);

/** Drops undefined members, so a half-filled form stays half-filled (and the service names what is missing). */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== null && x !== '')) as Partial<T>;
}

/** The Arts. 6-8 facts as far as they are filled in, in the service's shape. */
function partialFacts(v: WizardValues, creditCode: string, applicationYear: number): Record<string, unknown> {
  const functions: Record<string, Record<string, unknown>> = {};
  for (const f of v.claimed ?? []) {
    const given = v.functions?.[f] ?? {};
    // A claimed function's unticked boxes are "no" and its blank counts are zero: the applicant said what it has.
    // A statement not made is left out (the evidence and the site visit decide it), never turned into a "no".
    functions[f] = Object.fromEntries(
      FUNCTION_FIELDS[f].flatMap(([k, kind]): Array<[string, unknown]> =>
        kind === 'stated' ? (statedFact(given[k]) === undefined ? [] : [[k, statedFact(given[k])]]) : [[k, given[k] ?? (kind === 'bool' ? false : kind === 'count' ? 0 : '0')]],
      ),
    );
  }
  const openness = Object.fromEntries(OPENNESS_KEYS.filter((k) => statedFact(v.openness?.[k]) !== undefined).map((k) => [k, statedFact(v.openness?.[k])]));
  const served = defined({ [String(applicationYear - 2)]: v.servedBefore, [String(applicationYear - 1)]: v.servedLast });
  return {
    institution: defined({ creditCode, legalPerson: v.legalPerson ?? false, type: v.type, establishedOn: v.establishedOn, totalAssetsYuan: v.totalAssetsYuan, financesSound: v.financesSound ?? false }),
    performance: defined({ localSmesServed: served, satisfaction: v.satisfactionPct === undefined || v.satisfactionPct === null ? undefined : ratio(v.satisfactionPct) }),
    capability: defined({ partnerInstitutions: v.partnerInstitutions, fixedPremises: v.fixedPremises ?? false }),
    management: defined({ freeOrLowFeeShare: v.freeOrLowFeePct === undefined || v.freeOrLowFeePct === null ? undefined : ratio(v.freeOrLowFeePct) }),
    staff: defined({ servingSmes: v.servingSmes, qualified: v.qualified }),
    ...(Object.keys(openness).length ? { openness } : {}),
    functions,
  };
}

/**
 * The facts of Arts. 6-8 for the live check, or null while a needed one is missing (`missing` names them) or the
 * staff counts contradict each other (`contradiction`: more qualified staff than serving staff).
 */
export function factsOf(v: WizardValues, creditCode: string, applicationYear: number): { facts: Record<string, unknown> | null; missing: Array<keyof WizardValues>; contradiction: boolean } {
  const missing = REQUIRED_FACTS.filter(([k]) => v[k] === undefined || v[k] === null || v[k] === '').map(([k]) => k);
  const contradiction = qualifiedExceedsServing(v);
  return { missing, contradiction, facts: missing.length || contradiction ? null : partialFacts(v, creditCode, applicationYear) };
}

/** What a draft stores and submission sends (the service adds creditCode and callYear from the draft row). */
export function contentOf(v: WizardValues, creditCode: string, applicationYear: number): Record<string, unknown> {
  const touched =
    REQUIRED_FACTS.some(([k]) => v[k] !== undefined && v[k] !== null && v[k] !== '') ||
    (v.claimed ?? []).length > 0 ||
    OPENNESS_KEYS.some((k) => statedFact(v.openness?.[k]) !== undefined);
  const contact = defined(v.contact ?? {});
  return defined({
    institutionName: v.institutionName,
    eligibilityFacts: touched ? partialFacts(v, creditCode, applicationYear) : undefined,
    contact: Object.keys(contact).length ? contact : undefined,
  });
}

/** The wizard's values from a stored draft's content (the reverse of `contentOf`). */
export function valuesOf(content: Record<string, unknown>, callYear: number, applicationYear: number): WizardValues {
  type Facts = {
    institution?: Record<string, unknown>;
    performance?: { localSmesServed?: Record<string, number>; satisfaction?: number };
    capability?: Record<string, unknown>;
    management?: { freeOrLowFeeShare?: number };
    staff?: Record<string, unknown>;
    openness?: Record<string, unknown>;
    functions?: Record<string, Record<string, unknown>>;
  };
  const f = (content['eligibilityFacts'] ?? {}) as Facts;
  // Statements not made show as "not said", so the form's three choices always have one chosen.
  const functions = Object.fromEntries(
    Object.entries(f.functions ?? {})
      .filter(([k]) => (FUNCTION_KEYS as readonly string[]).includes(k))
      .map(([k, given]) => [k, { ...given, ...Object.fromEntries(FUNCTION_FIELDS[k as FunctionKey].filter(([, kind]) => kind === 'stated').map(([name]) => [name, statedValue(given[name])])) }]),
  ) as WizardValues['functions'];
  return {
    callYear,
    institutionName: content['institutionName'] as string | undefined,
    contact: content['contact'] as WizardValues['contact'],
    legalPerson: f.institution?.['legalPerson'] as boolean | undefined,
    type: f.institution?.['type'] as string | undefined,
    establishedOn: f.institution?.['establishedOn'] as string | undefined,
    totalAssetsYuan: f.institution?.['totalAssetsYuan'] as string | undefined,
    financesSound: f.institution?.['financesSound'] as boolean | undefined,
    servedBefore: f.performance?.localSmesServed?.[String(applicationYear - 2)],
    servedLast: f.performance?.localSmesServed?.[String(applicationYear - 1)],
    satisfactionPct: pct(f.performance?.satisfaction),
    partnerInstitutions: f.capability?.['partnerInstitutions'] as number | undefined,
    fixedPremises: f.capability?.['fixedPremises'] as boolean | undefined,
    freeOrLowFeePct: pct(f.management?.freeOrLowFeeShare),
    servingSmes: f.staff?.['servingSmes'] as number | undefined,
    qualified: f.staff?.['qualified'] as number | undefined,
    openness: Object.fromEntries(OPENNESS_KEYS.map((k) => [k, statedValue(f.openness?.[k])])),
    claimed: Object.keys(f.functions ?? {}).filter((k): k is FunctionKey => (FUNCTION_KEYS as readonly string[]).includes(k)),
    functions,
  };
}
