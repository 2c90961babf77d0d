import fc from 'fast-check';
import { checkEligibility, type EligibilityFacts } from './eligibility';
import { POLICIES, XIAMEN_2021_114 } from './policies';
import type { PolicyVersion } from './policy-version';

/** An applicant that meets every number of Arts. 6 and 8 (information services). */
function facts(over: (f: EligibilityFacts) => void = () => undefined): EligibilityFacts {
  const f: EligibilityFacts = {
    applicationDate: '2026-04-15',
    institution: {
      creditCode: '91350200MA8DEM018T',
      legalPerson: true,
      type: 'sme_service_agency',
      establishedOn: '2020-03-01',
      totalAssetsYuan: '2000000',
      financesSound: true,
    },
    performance: { localSmesServed: { '2024': 90, '2025': 120 }, satisfaction: 0.9 },
    capability: { partnerInstitutions: 5, fixedPremises: true },
    management: { freeOrLowFeeShare: 0.3 },
    staff: { servingSmes: 20, qualified: 18 },
    functions: { information: { onlineSystem: true, offlineEnterprisesServed: 100, activities: 6 } },
  };
  over(f);
  return f;
}

const clause = (f: EligibilityFacts, id: string, policy: PolicyVersion = XIAMEN_2021_114) =>
  checkEligibility(f, policy).clauses.find((c) => c.id === id)!;

describe(checkEligibility.name, () => {
  it('finds a compliant applicant eligible, pending the evidence for the qualitative parts', () => {
    const sut = checkEligibility(facts(), XIAMEN_2021_114);
    expect(sut.eligible).toBe(true);
    expect(sut.outcome).toBe('eligible_pending_evidence');
    expect(sut.qualifyingFunctions).toEqual(['information']);
    expect(sut.clauses.filter((c) => c.status === 'fail')).toEqual([]);
    for (const id of ['6.2.reputation', '6.3.premises', '6.4.rules', '6.4.plan', '6.1.finances', '7.openness', '7.resource_sharing', '8.1.online_system']) {
      expect(clause(facts(), id).status).toBe('needs_evidence');
    }
  });

  it('cites the article of every clause', () => {
    const sut = checkEligibility(facts(), XIAMEN_2021_114);
    for (const c of sut.clauses) expect(c.article).toMatch(/^第[六七八]条(第（[一二三四五]）项)?$/);
    expect(clause(facts(), '6.1.total_assets').article).toBe('第六条第（一）项');
    expect(clause(facts(), '6.2.local_smes_served').article).toBe('第六条第（二）项');
    expect(clause(facts(), '8.1.activities').article).toBe('第八条第（一）项');
    expect(clause(facts(), '7.openness').article).toBe('第七条');
  });

  // At, below and above every threshold of Art. 6 (以上 / 不少于 / 不低于 include the number).
  it.each([
    ['6.1.total_assets', (f: EligibilityFacts, v: number) => (f.institution.totalAssetsYuan = String(v)), 1_500_000],
    ['6.2.local_smes_served', (f: EligibilityFacts, v: number) => (f.performance.localSmesServed = { '2024': v - 1, '2025': v }), 80],
    ['6.3.partners', (f: EligibilityFacts, v: number) => (f.capability.partnerInstitutions = v), 3],
    ['6.5.staff', (f: EligibilityFacts, v: number) => ((f.staff.servingSmes = v), (f.staff.qualified = v)), 10],
  ] as const)('%s passes at the threshold %#, fails one below', (id, set, threshold) => {
    expect(clause(facts((f) => set(f, threshold)), id).status).toBe('pass');
    expect(clause(facts((f) => set(f, threshold + 1)), id).status).toBe('pass');
    expect(clause(facts((f) => set(f, threshold - 1)), id).status).toBe('fail');
  });

  it('compares money exactly: 1499999.99 yuan fails, 1500000.00 passes', () => {
    expect(clause(facts((f) => (f.institution.totalAssetsYuan = '1499999.99')), '6.1.total_assets').status).toBe('fail');
    expect(clause(facts((f) => (f.institution.totalAssetsYuan = '1500000.00')), '6.1.total_assets').status).toBe('pass');
  });

  it.each([
    ['6.2.satisfaction', (f: EligibilityFacts, v: number) => (f.performance.satisfaction = v), 0.8],
    ['6.4.free_or_low_fee', (f: EligibilityFacts, v: number) => (f.management.freeOrLowFeeShare = v), 0.2],
  ] as const)('%s: a share of exactly the percentage passes, 0.01 point below fails', (id, set, threshold) => {
    expect(clause(facts((f) => set(f, threshold)), id).status).toBe('pass');
    expect(clause(facts((f) => set(f, threshold + 0.0001)), id).status).toBe('pass');
    expect(clause(facts((f) => set(f, threshold - 0.0001)), id).status).toBe('fail');
  });

  it('counts qualified staff as a share: 8 of 10 passes, 7 of 10 fails', () => {
    expect(clause(facts((f) => ((f.staff.servingSmes = 10), (f.staff.qualified = 8))), '6.5.qualified_share').status).toBe('pass');
    expect(clause(facts((f) => ((f.staff.servingSmes = 10), (f.staff.qualified = 7))), '6.5.qualified_share').status).toBe('fail');
  });

  it('fails more qualified staff than staff serving SMEs, saying why, rather than passing a share above 100 %', () => {
    const sut = clause(facts((f) => ((f.staff.servingSmes = 10), (f.staff.qualified = 12))), '6.5.qualified_share');
    expect(sut).toMatchObject({ status: 'fail', observed: '12/10', article: '第六条第（五）项' });
    expect(sut.reason.zh).toContain('多于从事中小企业服务的人员');
    expect(sut.reason.en).toContain('qualified staff (12) exceed the staff serving SMEs (10)');
    expect(checkEligibility(facts((f) => ((f.staff.servingSmes = 10), (f.staff.qualified = 12))), XIAMEN_2021_114).eligible).toBe(false);
  });

  it('property: the qualified share passes exactly when 80 % or more of the staff, and never above all of them', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (servingSmes, qualified) => {
      const sut = clause(facts((f) => (f.staff = { servingSmes, qualified })), '6.5.qualified_share');
      expect(sut.status).toBe(qualified <= servingSmes && servingSmes > 0 && qualified * 100 >= 80 * servingSmes ? 'pass' : 'fail');
    }));
  });

  it('fails a count that reached it as text (facts stored before validation), never comparing "100" with "90" as text', () => {
    const stored = facts((f) => (f.performance.localSmesServed = { '2024': 90, '2025': '100' as unknown as number }));
    expect(clause(stored, '6.2.local_smes_served')).toMatchObject({ status: 'fail', observed: '"100"', reason: { en: 'local SMEs served in 2025 is not a number ("100")' } });
    expect(clause(stored, '6.2.growth')).toMatchObject({ status: 'fail', reason: { en: 'numbers served in 2025 are not numbers and cannot be compared' } });
    const before = facts((f) => (f.performance.localSmesServed = { '2024': '90' as unknown as number, '2025': 100 }));
    expect(clause(before, '6.2.local_smes_served').status).toBe('pass');
    expect(clause(before, '6.2.growth').status).toBe('fail');
  });

  it('needs two full years of operation on the application date (两年以上 includes the anniversary)', () => {
    expect(clause(facts((f) => (f.institution.establishedOn = '2024-04-15')), '6.1.operating_years').status).toBe('pass');
    expect(clause(facts((f) => (f.institution.establishedOn = '2024-04-16')), '6.1.operating_years').status).toBe('fail');
  });

  it('needs growth over the last two complete years', () => {
    expect(clause(facts((f) => (f.performance.localSmesServed = { '2024': 120, '2025': 120 })), '6.2.growth').status).toBe('fail');
    expect(clause(facts((f) => (f.performance.localSmesServed = { '2025': 120 })), '6.2.growth').status).toBe('fail');
    expect(clause(facts((f) => (f.performance.localSmesServed = { '2024': 119, '2025': 120 })), '6.2.growth').status).toBe('pass');
  });

  it('fails an institution that is not a legal person, with the reason in Chinese and English', () => {
    const sut = checkEligibility(facts((f) => (f.institution.legalPerson = false)), XIAMEN_2021_114);
    expect(sut.eligible).toBe(false);
    expect(sut.outcome).toBe('ineligible');
    const c = sut.clauses.find((x) => x.id === '6.1.legal_person')!;
    expect(c.reason.zh).toContain('不具有独立法人资格');
    expect(c.reason.en).toContain('not an independent legal person');
  });

  it('fails a qualitative part the applicant says it lacks', () => {
    expect(clause(facts((f) => (f.capability.fixedPremises = false)), '6.3.premises').status).toBe('fail');
  });

  describe('Art. 8 functions (at least one must qualify)', () => {
    it.each([
      ['information', { onlineSystem: true, offlineEnterprisesServed: 75, activities: 4 }, '8.1.offline_served', { offlineEnterprisesServed: 74 }],
      ['information', { onlineSystem: true, offlineEnterprisesServed: 75, activities: 4 }, '8.1.activities', { activities: 3 }],
      ['technology', { expertPool: true, projectPool: true, activities: 3 }, '8.2.activities', { activities: 2 }],
      ['entrepreneurship', { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4 }, '8.3.events', { events: 3 }],
      ['training', { qualification: true, online: true, offline: true, evaluationMechanism: true, personTimes: 1000 }, '8.4.person_times', { personTimes: 999 }],
      ['financing', { activities: 5, financingRaisedYuan: '400000000', guaranteeInstitution: false, newGuaranteesYuan: '0' }, '8.5.activities', { activities: 4 }],
      ['financing', { activities: 5, financingRaisedYuan: '400000000', guaranteeInstitution: false, newGuaranteesYuan: '0' }, '8.5.financing_raised', { financingRaisedYuan: '399999999.99' }],
      ['financing', { activities: 5, financingRaisedYuan: '0', guaranteeInstitution: true, newGuaranteesYuan: '1500000000' }, '8.5.new_guarantees', { newGuaranteesYuan: '1499999999' }],
    ] as const)('%s qualifies at its thresholds and fails on %s one below', (fn, atThreshold, id, below) => {
      const at = checkEligibility(facts((f) => (f.functions = { [fn]: atThreshold })), XIAMEN_2021_114);
      expect(at.qualifyingFunctions).toEqual([fn]);
      expect(at.clauses.find((c) => c.id === id)).toMatchObject({ status: 'pass', function: fn });
      const under = checkEligibility(facts((f) => (f.functions = { [fn]: { ...atThreshold, ...below } })), XIAMEN_2021_114);
      expect(under.clauses.find((c) => c.id === id)!.status).toBe('fail');
      expect(under.qualifyingFunctions).toEqual([]);
      expect(under.eligible).toBe(false);
      expect(under.clauses.find((c) => c.id === '8.functions')!.status).toBe('fail');
    });

    it('is eligible when one of two claimed functions qualifies', () => {
      const sut = checkEligibility(
        facts((f) => (f.functions.training = { qualification: true, online: true, offline: true, evaluationMechanism: true, personTimes: 10 })),
        XIAMEN_2021_114,
      );
      expect(sut.qualifyingFunctions).toEqual(['information']);
      expect(sut.functions.training).toEqual({ claimed: true, status: 'fail' });
      expect(sut.functions.financing).toEqual({ claimed: false, status: 'not_claimed' });
      expect(sut.eligible).toBe(true);
    });
  });

  describe('Art. 7: openness and resource sharing (具有开放性和资源共享的特征)', () => {
    it.each(['7.openness', '7.resource_sharing'])('%s is left to the evidence when the facts omit it, so older callers keep their outcome', (id) => {
      expect(clause(facts(), id)).toMatchObject({ status: 'needs_evidence', observed: null, article: '第七条' });
      expect(checkEligibility(facts(), XIAMEN_2021_114).outcome).toBe('eligible_pending_evidence');
    });

    it('needs evidence for a stated "yes": the text gives nothing a number could pass', () => {
      const f = facts((x) => (x.openness = { openToSmes: true, sharesResources: true }));
      expect(clause(f, '7.openness')).toMatchObject({ status: 'needs_evidence', observed: true });
      expect(clause(f, '7.resource_sharing')).toMatchObject({ status: 'needs_evidence', observed: true });
    });

    it.each([
      ['7.openness', { openToSmes: false }],
      ['7.resource_sharing', { sharesResources: false }],
    ] as const)('%s fails on a stated "no", and the applicant is ineligible whatever its functions', (id, openness) => {
      const sut = checkEligibility(facts((x) => (x.openness = openness)), XIAMEN_2021_114);
      expect(sut.clauses.find((c) => c.id === id)).toMatchObject({ status: 'fail', observed: false, article: '第七条' });
      expect(sut.qualifyingFunctions).toEqual(['information']);
      expect(sut.eligible).toBe(false);
      expect(sut.outcome).toBe('ineligible');
    });
  });

  describe('Art. 8(2) and 8(3): the qualitative parts the check used to skip', () => {
    const technology = { expertPool: true, projectPool: true, activities: 3 };
    const entrepreneurship = { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4 };
    const onlyTechnology = (over: Partial<NonNullable<EligibilityFacts['functions']['technology']>>) =>
      facts((x) => (x.functions = { technology: { ...technology, ...over } }));
    const onlyEntrepreneurship = (over: Partial<NonNullable<EligibilityFacts['functions']['entrepreneurship']>>) =>
      facts((x) => (x.functions = { entrepreneurship: { ...entrepreneurship, ...over } }));

    it('organising technology resources (具有组织技术服务资源的能力): omitted or "yes" needs evidence, "no" fails the function', () => {
      expect(clause(onlyTechnology({}), '8.2.organises_resources')).toMatchObject({ status: 'needs_evidence', observed: null, article: '第八条第（二）项', function: 'technology' });
      expect(clause(onlyTechnology({ organisesResources: true }), '8.2.organises_resources').status).toBe('needs_evidence');
      const no = checkEligibility(onlyTechnology({ organisesResources: false }), XIAMEN_2021_114);
      expect(no.clauses.find((c) => c.id === '8.2.organises_resources')!.status).toBe('fail');
      expect(no.functions.technology).toEqual({ claimed: true, status: 'fail' });
      expect(no.eligible).toBe(false);
    });

    it.each([
      [undefined, undefined, 'needs_evidence'],
      [true, true, 'needs_evidence'],
      [true, undefined, 'needs_evidence'],
      [true, false, 'fail'],
      [false, undefined, 'needs_evidence'],
      [false, false, 'needs_evidence'],
      [undefined, false, 'needs_evidence'],
    ] as const)('instrument sharing (具备条件的应开放共享): has %p, shares %p -> %s', (hasLargeInstruments, sharesInstruments, status) => {
      const c = clause(onlyTechnology({ hasLargeInstruments, sharesInstruments }), '8.2.instrument_sharing');
      expect(c).toMatchObject({ status, article: '第八条第（二）项', function: 'technology' });
    });

    it('says why instrument sharing fails, and that it does not apply to an institution without such instruments', () => {
      const fails = clause(onlyTechnology({ hasLargeInstruments: true, sharesInstruments: false }), '8.2.instrument_sharing');
      expect(fails.reason.zh).toContain('未向中小企业开放共享');
      expect(fails.reason.en).toContain('does not share them');
      const none = clause(onlyTechnology({ hasLargeInstruments: false }), '8.2.instrument_sharing');
      expect(none.reason.zh).toContain('不适用');
      expect(none.reason.en).toContain('does not apply');
      const sut = checkEligibility(onlyTechnology({ hasLargeInstruments: true, sharesInstruments: false }), XIAMEN_2021_114);
      expect(sut.qualifyingFunctions).toEqual([]);
      expect(sut.outcome).toBe('ineligible');
    });

    it('startup mentoring capacity (较强的创业辅导能力): omitted or "yes" needs evidence, "no" fails the function', () => {
      expect(clause(onlyEntrepreneurship({}), '8.3.mentoring')).toMatchObject({ status: 'needs_evidence', observed: null, article: '第八条第（三）项', function: 'entrepreneurship' });
      expect(clause(onlyEntrepreneurship({ mentoring: true }), '8.3.mentoring').status).toBe('needs_evidence');
      const no = checkEligibility(onlyEntrepreneurship({ mentoring: false }), XIAMEN_2021_114);
      expect(no.clauses.find((c) => c.id === '8.3.mentoring')!.status).toBe('fail');
      expect(no.functions.entrepreneurship).toEqual({ claimed: true, status: 'fail' });
    });

    it('a technology applicant stating every part is eligible pending evidence, never plainly eligible', () => {
      const sut = checkEligibility(onlyTechnology({ organisesResources: true, hasLargeInstruments: true, sharesInstruments: true }), XIAMEN_2021_114);
      expect(sut.qualifyingFunctions).toEqual(['technology']);
      expect(sut.outcome).toBe('eligible_pending_evidence');
    });
  });

  it('property: a qualitative clause never passes, whatever the applicant states, and fails only on a stated "no" it requires', () => {
    const answer = fc.constantFrom(true, false, undefined);
    fc.assert(fc.property(answer, answer, answer, answer, answer, answer, (openToSmes, sharesResources, organisesResources, hasLargeInstruments, sharesInstruments, mentoring) => {
      const f = facts((x) => {
        x.openness = { openToSmes, sharesResources };
        x.functions = {
          technology: { expertPool: true, projectPool: true, activities: 3, organisesResources, hasLargeInstruments, sharesInstruments },
          entrepreneurship: { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4, mentoring },
        };
      });
      const sut = checkEligibility(f, XIAMEN_2021_114);
      const s = (id: string) => sut.clauses.find((c) => c.id === id)!.status;
      for (const id of ['7.openness', '7.resource_sharing', '8.2.organises_resources', '8.2.instrument_sharing', '8.3.mentoring']) expect(s(id)).not.toBe('pass');
      expect(s('7.openness')).toBe(openToSmes === false ? 'fail' : 'needs_evidence');
      expect(s('7.resource_sharing')).toBe(sharesResources === false ? 'fail' : 'needs_evidence');
      expect(s('8.2.organises_resources')).toBe(organisesResources === false ? 'fail' : 'needs_evidence');
      expect(s('8.2.instrument_sharing')).toBe(hasLargeInstruments === true && sharesInstruments === false ? 'fail' : 'needs_evidence');
      expect(s('8.3.mentoring')).toBe(mentoring === false ? 'fail' : 'needs_evidence');
      expect(sut.outcome).not.toBe('eligible');
      const art7Holds = openToSmes !== false && sharesResources !== false;
      const technologyHolds = organisesResources !== false && !(hasLargeInstruments === true && sharesInstruments === false);
      expect(sut.eligible).toBe(art7Holds && (technologyHolds || mentoring !== false));
    }));
  });

  it('property: a numeric clause passes exactly when the value reaches the threshold', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3000 }), (served, partners, trained) => {
      const f = facts((x) => {
        x.performance.localSmesServed = { '2024': 0, '2025': served };
        x.capability.partnerInstitutions = partners;
        x.functions = { training: { qualification: true, online: true, offline: true, evaluationMechanism: true, personTimes: trained } };
      });
      const sut = checkEligibility(f, XIAMEN_2021_114);
      const s = (id: string) => sut.clauses.find((c) => c.id === id)!.status;
      expect(s('6.2.local_smes_served')).toBe(served >= 80 ? 'pass' : 'fail');
      expect(s('6.3.partners')).toBe(partners >= 3 ? 'pass' : 'fail');
      expect(s('8.4.person_times')).toBe(trained >= 1000 ? 'pass' : 'fail');
      expect(sut.eligible).toBe(served >= 80 && served > 0 && partners >= 3 && trained >= 1000);
    }));
  });

  it('a second policy version added as data changes the outcome with no code change', () => {
    const stricter: PolicyVersion = {
      ...XIAMEN_2021_114,
      id: 'fixture-2027',
      effectiveFrom: '2027-01-01',
      eligibility: { ...XIAMEN_2021_114.eligibility, localSmesServedMin: 150 },
    };
    const registry = POLICIES.with(stricter);
    const f = facts((x) => ((x.applicationDate = '2027-04-01'), (x.performance.localSmesServed = { '2025': 100, '2026': 120 })));
    expect(checkEligibility(f, registry.forCallYear(2026)).eligible).toBe(true);
    const under2027 = checkEligibility(f, registry.forCallYear(2027));
    expect(under2027.policyVersion).toBe('fixture-2027');
    expect(under2027.eligible).toBe(false);
    expect(under2027.clauses.find((c) => c.id === '6.2.local_smes_served')).toMatchObject({ status: 'fail', required: '>= 150' });
  });
});
