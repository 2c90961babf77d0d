import { addYearsClamped, compareDates, type IsoDate, parts } from './dates';
import { decimalAtLeast, fractionAtLeastPercent, percentShown } from './decimal';
import type { InstitutionType, PolicyVersion, ServiceFunction, Text } from './policy-version';
import { moneyText } from './money';

/** The structured facts of an application that Arts. 6-8 are checked against. */
export interface EligibilityFacts {
  applicationDate: IsoDate;
  institution: {
    creditCode: string;
    legalPerson: boolean;
    type: InstitutionType;
    establishedOn: IsoDate;
    /** Decimal string of yuan. */
    totalAssetsYuan: string;
    financesSound: boolean;
  };
  performance: {
    /** Local SMEs served per calendar year, e.g. {"2025": 96, "2024": 81}. */
    localSmesServed: Record<string, number>;
    /** Share of satisfied users, 0..1. */
    satisfaction: number;
  };
  capability: { partnerInstitutions: number; fixedPremises: boolean };
  management: { freeOrLowFeeShare: number };
  staff: { servingSmes: number; qualified: number };
  /**
   * 第七条: "具有开放性和资源共享的特征". What the applicant states; a "yes" is confirmed by evidence and the site
   * visit, a "no" fails. Omitted (older callers): both are left to the evidence and the site visit.
   */
  openness?: {
    /** The platform is open to SMEs generally, not to a closed membership (开放性). */
    openToSmes?: boolean;
    /** It shares its resources with SMEs (资源共享). */
    sharesResources?: boolean;
  };
  functions: Partial<{
    information: { onlineSystem: boolean; offlineEnterprisesServed: number; activities: number };
    technology: {
      expertPool: boolean;
      projectPool: boolean;
      activities: number;
      /** 第八条第（二）项 "具有组织技术服务资源的能力". */
      organisesResources?: boolean;
      /** Whether it has large or precision instruments at all: the sharing duty applies only then ("具备条件的"). */
      hasLargeInstruments?: boolean;
      /** 第八条第（二）项 "具备条件的应开放大型、精密仪器设备与中小企业共享". */
      sharesInstruments?: boolean;
    };
    entrepreneurship: {
      projectPool: boolean;
      guide: boolean;
      hotline: boolean;
      agencyServices: boolean;
      events: number;
      /** 第八条第（三）项 "具有较强的创业辅导能力". */
      mentoring?: boolean;
    };
    training: { qualification: boolean; online: boolean; offline: boolean; evaluationMechanism: boolean; personTimes: number };
    financing: { activities: number; financingRaisedYuan: string; guaranteeInstitution: boolean; newGuaranteesYuan: string };
  }>;
}

export type ClauseStatus = 'pass' | 'fail' | 'needs_evidence';

export interface ClauseResult {
  /** Stable id of the criterion, e.g. `6.1.assets`. */
  id: string;
  article: string;
  function?: ServiceFunction;
  status: ClauseStatus;
  observed: string | number | boolean | null;
  required: string | number | boolean | null;
  reason: Text;
}

export interface EligibilityResult {
  /** No clause fails and enough functions qualify; evidence may still be pending (see `outcome`). */
  eligible: boolean;
  outcome: 'eligible' | 'ineligible' | 'eligible_pending_evidence';
  policyVersion: string;
  clauses: ClauseResult[];
  qualifyingFunctions: ServiceFunction[];
  functions: Record<ServiceFunction, { claimed: boolean; status: ClauseStatus | 'not_claimed' }>;
}

const ART8_ITEM: Record<ServiceFunction, string> = {
  information: '第八条第（一）项',
  technology: '第八条第（二）项',
  entrepreneurship: '第八条第（三）项',
  training: '第八条第（四）项',
  financing: '第八条第（五）项',
};
export const SERVICE_FUNCTION_NAMES: Record<ServiceFunction, Text> = {
  information: { zh: '信息服务', en: 'information services' },
  technology: { zh: '技术服务', en: 'technology services' },
  entrepreneurship: { zh: '创业服务', en: 'entrepreneurship services' },
  training: { zh: '培训服务', en: 'training services' },
  financing: { zh: '融资服务', en: 'financing services' },
};
export const SERVICE_FUNCTIONS = Object.keys(ART8_ITEM) as ServiceFunction[];

const TYPE_NAMES: Record<InstitutionType, string> = {
  sme_service_agency: '中小企业服务机构',
  social_intermediary: '社会中介机构',
  technical_service: '技术服务机构',
  research_institute: '科研院所',
  internet_service_enterprise: '基于互联网提供创业创新服务的企业',
};
/** The institution types 第六条第（一）项 names. */
export const INSTITUTION_TYPES = Object.keys(TYPE_NAMES) as InstitutionType[];

/** A number at least a minimum (`以上` / `不少于` include the number). */
function atLeast(id: string, article: string, observed: number, min: number, what: Text, unit: Text): ClauseResult {
  const ok = observed >= min;
  return {
    id,
    article,
    status: ok ? 'pass' : 'fail',
    observed,
    required: `>= ${min}`,
    reason: ok
      ? { zh: `${what.zh}为 ${observed}${unit.zh}，达到 ${min}${unit.zh}以上的要求`, en: `${what.en} is ${observed}${unit.en}, meeting the minimum of ${min}${unit.en}` }
      : { zh: `${what.zh}为 ${observed}${unit.zh}，未达到 ${min}${unit.zh}以上的要求`, en: `${what.en} is ${observed}${unit.en}, below the minimum of ${min}${unit.en}` },
  };
}

function percentAtLeast(id: string, article: string, fraction: number, percent: number, what: Text): ClauseResult {
  const ok = fractionAtLeastPercent(fraction, percent);
  const shown = `${percentShown(fraction)}%`;
  return {
    id,
    article,
    status: ok ? 'pass' : 'fail',
    observed: shown,
    required: `>= ${percent}%`,
    reason: ok
      ? { zh: `${what.zh}为 ${shown}，达到 ${percent}% 以上`, en: `${what.en} is ${shown}, at least ${percent}%` }
      : { zh: `${what.zh}为 ${shown}，低于 ${percent}%`, en: `${what.en} is ${shown}, below ${percent}%` },
  };
}

function yuanAtLeast(id: string, article: string, observed: string, min: string, what: Text): ClauseResult {
  const ok = decimalAtLeast(observed, min);
  return {
    id,
    article,
    status: ok ? 'pass' : 'fail',
    observed,
    required: `>= ${min}`,
    reason: ok
      ? { zh: `${what.zh}为 ${moneyText(observed, 'zh')}，不低于 ${moneyText(min, 'zh')}`, en: `${what.en} is ${moneyText(observed, 'en')}, at least ${moneyText(min, 'en')}` }
      : { zh: `${what.zh}为 ${moneyText(observed, 'zh')}，低于 ${moneyText(min, 'zh')}`, en: `${what.en} is ${moneyText(observed, 'en')}, below ${moneyText(min, 'en')}` },
  };
}

/**
 * A qualitative requirement: a "yes" from the applicant is checked by evidence and the site visit, never
 * passed silently; a "no" fails.
 */
function evidence(id: string, article: string, claimed: boolean | undefined, what: Text): ClauseResult {
  if (claimed === false) {
    return { id, article, status: 'fail', observed: false, required: true, reason: { zh: `申报机构表示不具备：${what.zh}`, en: `the applicant states it lacks: ${what.en}` } };
  }
  return {
    id,
    article,
    status: 'needs_evidence',
    observed: claimed ?? null,
    required: true,
    reason: { zh: `需佐证材料及实地考察核实：${what.zh}`, en: `to be verified by evidence and the site visit: ${what.en}` },
  };
}

function art6(f: EligibilityFacts, p: PolicyVersion): ClauseResult[] {
  const e = p.eligibility;
  const i1 = '第六条第（一）项';
  const i2 = '第六条第（二）项';
  const i3 = '第六条第（三）项';
  const i4 = '第六条第（四）项';
  const i5 = '第六条第（五）项';
  const out: ClauseResult[] = [];

  out.push({
    id: '6.1.legal_person',
    article: i1,
    status: f.institution.legalPerson ? 'pass' : 'fail',
    observed: f.institution.legalPerson,
    required: true,
    reason: f.institution.legalPerson
      ? { zh: '具有独立法人资格', en: 'is an independent legal person' }
      : { zh: '不具有独立法人资格', en: 'is not an independent legal person' },
  });
  const typeOk = e.institutionTypes.includes(f.institution.type);
  out.push({
    id: '6.1.type',
    article: i1,
    status: typeOk ? 'pass' : 'fail',
    observed: f.institution.type,
    required: e.institutionTypes.join('|'),
    reason: typeOk
      ? { zh: `机构类型为${TYPE_NAMES[f.institution.type]}`, en: `institution type ${f.institution.type} is admitted` }
      : { zh: '机构类型不在可申报范围内', en: `institution type ${f.institution.type} is not admitted` },
  });
  const anniversary = addYearsClamped(f.institution.establishedOn, e.operatingYearsMin);
  const operatingOk = compareDates(f.applicationDate, anniversary) >= 0;
  out.push({
    id: '6.1.operating_years',
    article: i1,
    status: operatingOk ? 'pass' : 'fail',
    observed: f.institution.establishedOn,
    required: `<= ${addYearsClamped(f.applicationDate, -e.operatingYearsMin)}`,
    reason: operatingOk
      ? { zh: `成立于 ${f.institution.establishedOn}，至申报日运营满${e.operatingYearsMin}年`, en: `established ${f.institution.establishedOn}: operating at least ${e.operatingYearsMin} years by the application date` }
      : { zh: `成立于 ${f.institution.establishedOn}，至申报日运营不满${e.operatingYearsMin}年（满${e.operatingYearsMin}年之日为 ${anniversary}）`, en: `established ${f.institution.establishedOn}: fewer than ${e.operatingYearsMin} years by the application date (reached on ${anniversary})` },
  });
  out.push(yuanAtLeast('6.1.total_assets', i1, f.institution.totalAssetsYuan, e.totalAssetsYuanMin, { zh: '资产总额', en: 'total assets' }));
  out.push(evidence('6.1.finances', i1, f.institution.financesSound, { zh: '财务收支状况良好、经营规范（审计报告）', en: 'sound finances and regular operation (audit report)' }));

  const year = parts(f.applicationDate).year;
  // Counts are numbers. Facts that never went through validation (stored before it existed) may hold text such
  // as "100": that is not compared (as text "100" < "90"), it is said and fails.
  const served = (y: number): { count?: number; text?: string } => {
    const v: unknown = f.performance.localSmesServed[String(y)];
    if (v === undefined) return {};
    return typeof v === 'number' && Number.isFinite(v) ? { count: v } : { text: JSON.stringify(v) };
  };
  const lastGiven = served(year - 1);
  const beforeGiven = served(year - 2);
  const last = lastGiven.count;
  const before = beforeGiven.count;
  const notNumbers = [lastGiven.text === undefined ? null : year - 1, beforeGiven.text === undefined ? null : year - 2].filter((y) => y !== null);
  if (lastGiven.text !== undefined) {
    out.push({
      id: '6.2.local_smes_served',
      article: i2,
      status: 'fail',
      observed: lastGiven.text,
      required: `>= ${e.localSmesServedMin} in ${year - 1}`,
      reason: { zh: `${year - 1} 年服务本地中小企业数量不是数字（${lastGiven.text}）`, en: `local SMEs served in ${year - 1} is not a number (${lastGiven.text})` },
    });
  } else if (last === undefined) {
    out.push({
      id: '6.2.local_smes_served',
      article: i2,
      status: 'fail',
      observed: null,
      required: `>= ${e.localSmesServedMin} in ${year - 1}`,
      reason: { zh: `未提供 ${year - 1} 年服务本地中小企业数量`, en: `local SMEs served in ${year - 1} not given` },
    });
  } else {
    out.push(atLeast('6.2.local_smes_served', i2, last, e.localSmesServedMin, { zh: `${year - 1} 年服务本地中小企业数量`, en: `local SMEs served in ${year - 1}` }, { zh: '家', en: '' }));
  }
  const grew = last !== undefined && before !== undefined && last > before;
  out.push({
    id: '6.2.growth',
    article: i2,
    status: grew ? 'pass' : 'fail',
    observed: last === undefined || before === undefined ? null : `${year - 2}: ${before}, ${year - 1}: ${last}`,
    required: `${year - 1} > ${year - 2}`,
    reason: grew
      ? { zh: `近两年服务企业数量有增长（${before} → ${last}）`, en: `the number served grew (${before} -> ${last})` }
      : notNumbers.length
        ? { zh: `${notNumbers.join('、')} 年服务企业数量不是数字，无法比较`, en: `numbers served in ${notNumbers.join(', ')} are not numbers and cannot be compared` }
        : before === undefined || last === undefined
        ? { zh: `未提供 ${year - 2}、${year - 1} 两年的服务企业数量`, en: `numbers served in ${year - 2} and ${year - 1} not both given` }
        : { zh: `近两年服务企业数量未增长（${before} → ${last}）`, en: `the number served did not grow (${before} -> ${last})` },
  });
  out.push(percentAtLeast('6.2.satisfaction', i2, f.performance.satisfaction, e.satisfactionPercentMin, { zh: '用户满意度', en: 'user satisfaction' }));
  out.push(evidence('6.2.reputation', i2, undefined, { zh: '在专业服务领域或区域内的声誉和品牌影响力', en: 'reputation and brand in its field or region' }));

  out.push(evidence('6.3.premises', i3, f.capability.fixedPremises, { zh: '固定的经营服务场所和必要的服务设施、仪器设备', en: 'fixed premises, facilities and equipment' }));
  out.push(atLeast('6.3.partners', i3, f.capability.partnerInstitutions, e.partnerInstitutionsMin, { zh: '集聚服务机构数量', en: 'partner service institutions' }, { zh: '家', en: '' }));
  out.push(evidence('6.3.cooperation', i3, undefined, { zh: '参加主管部门推广活动，与院校、协会等有稳定合作', en: 'takes part in authority-run activities; stable cooperation with universities, associations' }));

  out.push(percentAtLeast('6.4.free_or_low_fee', i4, f.management.freeOrLowFeeShare, e.freeOrLowFeeSharePercentMin, { zh: '公益性或低收费服务占总服务量比例', en: 'share of free or low-fee services' }));
  out.push(evidence('6.4.rules', i4, undefined, { zh: '管理制度、服务流程、收费标准、质量保证措施及小微企业优惠规定', en: 'management rules, process, fees, quality assurance and small-firm discounts' }));
  out.push(evidence('6.4.plan', i4, undefined, { zh: '明确的发展规划和年度服务目标', en: 'development plan and annual service targets' }));

  out.push(atLeast('6.5.staff', i5, f.staff.servingSmes, e.staffServingSmesMin, { zh: '从事中小企业服务人员', en: 'staff serving SMEs' }, { zh: '人', en: '' }));
  const { qualified, servingSmes } = f.staff;
  const share = percentShown(servingSmes > 0 ? qualified / servingSmes : 0);
  // Qualified staff are a part of the staff serving SMEs: more of them than of the whole is a contradiction, which
  // fails rather than passing as a share above 100 %.
  const overCount = qualified > servingSmes;
  const qualifiedOk = !overCount && servingSmes > 0 && qualified * 100 >= e.qualifiedStaffPercentMin * servingSmes;
  out.push({
    id: '6.5.qualified_share',
    article: i5,
    status: qualifiedOk ? 'pass' : 'fail',
    observed: `${qualified}/${servingSmes}${overCount ? '' : ` (${share}%)`}`,
    required: `>= ${e.qualifiedStaffPercentMin}%`,
    reason: overCount
      ? { zh: `大专及以上学历或中级及以上职称人员（${qualified} 人）多于从事中小企业服务的人员（${servingSmes} 人），前者应为后者的一部分`, en: `qualified staff (${qualified}) exceed the staff serving SMEs (${servingSmes}), of whom they are a part` }
      : qualifiedOk
        ? { zh: `大专及以上学历或中级及以上职称人员占 ${share}%`, en: `${share}% hold a college degree or a mid-level title` }
        : { zh: `大专及以上学历或中级及以上职称人员占比低于 ${e.qualifiedStaffPercentMin}%`, en: `fewer than ${e.qualifiedStaffPercentMin}% hold a college degree or a mid-level title` },
  });
  out.push(evidence('6.5.leadership', i5, undefined, { zh: '管理团队健全，主要负责人诚信守法', en: 'a sound management team; honest, law-abiding head' }));
  return out;
}

/**
 * 第七条: the platform has open and resource-sharing character. The text gives no number: what the applicant
 * states is confirmed by evidence and the site visit; a stated "no" fails, since the article requires both.
 */
function art7(f: EligibilityFacts): ClauseResult[] {
  const a = '第七条';
  return [
    evidence('7.openness', a, f.openness?.openToSmes, { zh: '平台具有开放性，面向中小企业普遍提供服务', en: 'the platform is open, serving SMEs generally' }),
    evidence('7.resource_sharing', a, f.openness?.sharesResources, { zh: '平台具有资源共享的特征', en: 'the platform shares its resources' }),
  ];
}

/**
 * 第八条第（二）项 "具备条件的应开放大型、精密仪器设备与中小企业共享": a duty only for an institution that has such
 * instruments. It has them and does not share them: fail. It says it has none: the duty does not apply, which
 * the site visit confirms (never a silent pass). Otherwise the sharing is confirmed by evidence and the visit.
 */
function instrumentSharing(article: string, x: { hasLargeInstruments?: boolean; sharesInstruments?: boolean }): ClauseResult {
  const id = '8.2.instrument_sharing';
  const observed = x.hasLargeInstruments === undefined && x.sharesInstruments === undefined ? null : `has: ${x.hasLargeInstruments ?? 'not given'}, shares: ${x.sharesInstruments ?? 'not given'}`;
  const required = 'shares its large or precision instruments, if it has any';
  if (x.hasLargeInstruments === true && x.sharesInstruments === false) {
    return {
      id,
      article,
      status: 'fail',
      observed,
      required,
      reason: { zh: '申报机构具备大型、精密仪器设备，但表示未向中小企业开放共享', en: 'the applicant has large or precision instruments but states it does not share them with SMEs' },
    };
  }
  if (x.hasLargeInstruments === false) {
    return {
      id,
      article,
      status: 'needs_evidence',
      observed,
      required,
      reason: { zh: '申报机构表示不具备大型、精密仪器设备，本项开放共享要求不适用；需实地考察核实', en: 'the applicant states it has no large or precision instruments, so the sharing duty does not apply; to be verified by the site visit' },
    };
  }
  return {
    id,
    article,
    status: 'needs_evidence',
    observed,
    required,
    reason: { zh: '需佐证材料及实地考察核实：具备条件的，开放大型、精密仪器设备与中小企业共享', en: 'to be verified by evidence and the site visit: large or precision instruments, where it has them, shared with SMEs' },
  };
}

function art8(fn: ServiceFunction, f: EligibilityFacts, p: PolicyVersion): ClauseResult[] {
  const a = ART8_ITEM[fn];
  const t = p.functions;
  const tag = (c: ClauseResult): ClauseResult => ({ ...c, function: fn });
  switch (fn) {
    case 'information': {
      const x = f.functions.information!;
      return [
        evidence('8.1.online_system', a, x.onlineSystem, { zh: '开放的、便于查询的信息服务系统及线上线下联动', en: 'an open, searchable online information system, online and offline' }),
        atLeast('8.1.offline_served', a, x.offlineEnterprisesServed, t.information.offlineEnterprisesServedMin, { zh: '线下年服务企业数量', en: 'enterprises served offline a year' }, { zh: '家', en: '' }),
        atLeast('8.1.activities', a, x.activities, t.information.activitiesMin, { zh: '年组织服务活动', en: 'service activities a year' }, { zh: '次', en: '' }),
      ].map(tag);
    }
    case 'technology': {
      const x = f.functions.technology!;
      return [
        evidence('8.2.organises_resources', a, x.organisesResources, { zh: '具有组织技术服务资源的能力', en: 'the ability to organise technology service resources' }),
        evidence('8.2.expert_pool', a, x.expertPool, { zh: '专家库', en: 'an expert pool' }),
        evidence('8.2.project_pool', a, x.projectPool, { zh: '新产品、新技术项目库', en: 'a new-product and new-technology project pool' }),
        instrumentSharing(a, x),
        atLeast('8.2.activities', a, x.activities, t.technology.activitiesMin, { zh: '年开展技术服务活动', en: 'technology service activities a year' }, { zh: '次', en: '' }),
      ].map(tag);
    }
    case 'entrepreneurship': {
      const x = f.functions.entrepreneurship!;
      return [
        evidence('8.3.mentoring', a, x.mentoring, { zh: '较强的创业辅导能力', en: 'strong startup mentoring capacity' }),
        evidence('8.3.project_pool', a, x.projectPool, { zh: '创业项目库', en: 'a startup project pool' }),
        evidence('8.3.guide', a, x.guide, { zh: '《创业指南》', en: 'a startup guide' }),
        evidence('8.3.hotline', a, x.hotline, { zh: '创业服务热线', en: 'a startup hotline' }),
        evidence('8.3.agency_services', a, x.agencyServices, { zh: '政务代理服务', en: 'agency services for government procedures' }),
        atLeast('8.3.events', a, x.events, t.entrepreneurship.eventsMin, { zh: '年开展创业项目洽谈、推介活动', en: 'startup matchmaking events a year' }, { zh: '次', en: '' }),
      ].map(tag);
    }
    case 'training': {
      const x = f.functions.training!;
      return [
        evidence('8.4.qualification', a, x.qualification, { zh: '培训资质或在中小企业主管部门备案', en: 'a training qualification or filing with the SME authority' }),
        evidence('8.4.online', a, x.online, { zh: '线上培训能力', en: 'online training' }),
        evidence('8.4.offline', a, x.offline, { zh: '线下培训能力', en: 'offline training' }),
        evidence('8.4.evaluation', a, x.evaluationMechanism, { zh: '培训服务评价机制', en: 'a training evaluation mechanism' }),
        atLeast('8.4.person_times', a, x.personTimes, t.training.personTimesMin, { zh: '年培训', en: 'people trained a year' }, { zh: '人次', en: ' person-times' }),
      ].map(tag);
    }
    case 'financing': {
      const x = f.functions.financing!;
      const volume = x.guaranteeInstitution
        ? yuanAtLeast('8.5.new_guarantees', a, x.newGuaranteesYuan, t.financing.newGuaranteesYuanMin, { zh: '融资担保机构年新增担保额', en: 'new guarantees a year (guarantee institution)' })
        : yuanAtLeast('8.5.financing_raised', a, x.financingRaisedYuan, t.financing.financingRaisedYuanMin, { zh: '帮助中小企业融资总额', en: 'financing raised for SMEs' });
      return [
        atLeast('8.5.activities', a, x.activities, t.financing.activitiesMin, { zh: '年开展投融资对接等服务活动', en: 'financing activities a year' }, { zh: '次', en: '' }),
        volume,
      ].map(tag);
    }
  }
}

function worst(clauses: ClauseResult[]): ClauseStatus {
  if (clauses.some((c) => c.status === 'fail')) return 'fail';
  if (clauses.some((c) => c.status === 'needs_evidence')) return 'needs_evidence';
  return 'pass';
}

/**
 * Checks an application's facts against Arts. 6, 7 and 8 of the given policy version: a result per clause with
 * its article, then the overall outcome. Every clause of Arts. 6 and 7 must hold; under Art. 8 a failing clause
 * fails only its function. Art. 9 (innovation, demonstration value) is for the experts.
 */
export function checkEligibility(facts: EligibilityFacts, policy: PolicyVersion): EligibilityResult {
  const clauses = [...art6(facts, policy), ...art7(facts)];
  const functions = {} as EligibilityResult['functions'];
  const qualifying: ServiceFunction[] = [];
  for (const fn of SERVICE_FUNCTIONS) {
    if (!facts.functions[fn]) {
      functions[fn] = { claimed: false, status: 'not_claimed' };
      continue;
    }
    const own = art8(fn, facts, policy);
    clauses.push(...own);
    const status = worst(own);
    functions[fn] = { claimed: true, status };
    if (status !== 'fail') qualifying.push(fn);
  }
  const enough = qualifying.length >= policy.functionsRequiredMin;
  clauses.push({
    id: '8.functions',
    article: '第八条',
    status: enough ? 'pass' : 'fail',
    observed: qualifying.length,
    required: `>= ${policy.functionsRequiredMin}`,
    reason: enough
      ? { zh: `满足要求的服务功能：${qualifying.map((q) => SERVICE_FUNCTION_NAMES[q].zh).join('、')}`, en: `functions meeting their thresholds: ${qualifying.map((q) => SERVICE_FUNCTION_NAMES[q].en).join(', ')}` }
      : { zh: `至少一项服务功能须满足第八条要求，现有 ${qualifying.length} 项`, en: `at least ${policy.functionsRequiredMin} function must meet Art. 8; ${qualifying.length} do` },
  });
  const basicFails = clauses.some((c) => (c.article.startsWith('第六条') || c.article.startsWith('第七条')) && c.status === 'fail');
  const eligible = !basicFails && enough;
  const pending = clauses.some((c) => c.status === 'needs_evidence' && (c.function === undefined || qualifying.includes(c.function)));
  return {
    eligible,
    outcome: !eligible ? 'ineligible' : pending ? 'eligible_pending_evidence' : 'eligible',
    policyVersion: policy.id,
    clauses,
    qualifyingFunctions: qualifying,
    functions,
  };
}
