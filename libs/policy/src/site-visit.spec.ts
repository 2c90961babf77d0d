import { checkEligibility, type EligibilityFacts } from './eligibility';
import { POLICIES, XIAMEN_2021_114 } from './policies';
import { checklistItemFor, pendingClauses, settleFindings } from './site-visit';

/** An applicant meeting every number, claiming every function whose clauses evidence must settle. */
const facts = (functions: EligibilityFacts['functions']): EligibilityFacts => ({
  applicationDate: '2026-04-15',
  institution: { creditCode: '91350200MA8DEM018T', legalPerson: true, type: 'sme_service_agency', establishedOn: '2020-03-01', totalAssetsYuan: '2000000', financesSound: true },
  performance: { localSmesServed: { '2024': 90, '2025': 120 }, satisfaction: 0.9 },
  capability: { partnerInstitutions: 5, fixedPremises: true },
  management: { freeOrLowFeeShare: 0.3 },
  staff: { servingSmes: 20, qualified: 18 },
  openness: { openToSmes: true, sharesResources: true },
  functions,
});
const information = { onlineSystem: true, offlineEnterprisesServed: 100, activities: 6 };
const everything = facts({
  information,
  technology: { expertPool: true, projectPool: true, activities: 3, organisesResources: true, hasLargeInstruments: true, sharesInstruments: true },
  entrepreneurship: { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4, mentoring: true },
  training: { qualification: true, online: true, offline: true, evaluationMechanism: true, personTimes: 1200 },
});

describe('the site visit settles what only evidence can (第十一条)', () => {
  it('has an Annex 2 item for every clause the facts leave to evidence, in every policy version', () => {
    for (const policy of POLICIES.list()) {
      const open = checkEligibility(everything, policy).clauses.filter((c) => c.status === 'needs_evidence');
      expect(open.length).toBeGreaterThan(20);
      for (const c of open) expect([c.id, checklistItemFor(c.id, policy)]).toEqual([c.id, expect.any(String)]);
    }
    expect(checklistItemFor('6.3.premises', XIAMEN_2021_114)).toBe('premises');
    expect(checklistItemFor('6.1.finances', XIAMEN_2021_114)).toBe('legal-person');
    expect(checklistItemFor('8.2.instrument_sharing', XIAMEN_2021_114)).toBe('functions');
  });

  it('lists the clauses still open, leaving out those of a function already failed on its numbers', () => {
    const result = checkEligibility(facts({ information, training: { qualification: true, online: true, offline: true, evaluationMechanism: true, personTimes: 10 } }), XIAMEN_2021_114);
    const sut = pendingClauses(result, XIAMEN_2021_114);
    expect(sut.map((p) => p.id)).toEqual(expect.arrayContaining(['6.1.finances', '6.2.reputation', '7.openness', '8.1.online_system']));
    expect(sut.some((p) => p.id.startsWith('8.4.'))).toBe(false);
    expect(sut.find((p) => p.id === '6.3.premises')).toMatchObject({ article: '第六条第（三）项', item: 'premises' });
  });

  const result = checkEligibility(everything, XIAMEN_2021_114);
  const pending = pendingClauses(result, XIAMEN_2021_114);
  const all = (value: boolean) => Object.fromEntries(pending.map((p) => [p.id, value]));

  it('finds the application eligible when the visit confirms every clause', () => {
    expect(settleFindings(pending, all(true), result.qualifyingFunctions, 1)).toMatchObject({ eligible: true, failed: [], failedArticles: [], unsettled: [], unknown: [] });
  });

  it('ends it with the article of a failed clause of Art. 6 or 7', () => {
    const sut = settleFindings(pending, { ...all(true), '6.3.premises': false, '7.openness': false }, result.qualifyingFunctions, 1);
    expect(sut).toMatchObject({ eligible: false, failed: ['6.3.premises', '7.openness'], failedArticles: ['第六条第（三）项', '第七条'] });
  });

  it('takes away only the function of a failed Art. 8 clause while enough functions are left', () => {
    const sut = settleFindings(pending, { ...all(true), '8.3.mentoring': false }, result.qualifyingFunctions, 1);
    expect(sut).toMatchObject({ eligible: true, failed: ['8.3.mentoring'], failedArticles: [], qualifyingFunctions: ['information', 'technology', 'training'] });
    const alone = checkEligibility(facts({ information }), XIAMEN_2021_114);
    const onlyOne = pendingClauses(alone, XIAMEN_2021_114);
    const lost = settleFindings(onlyOne, { ...Object.fromEntries(onlyOne.map((p) => [p.id, true])), '8.1.online_system': false }, alone.qualifyingFunctions, 1);
    expect(lost).toMatchObject({ eligible: false, failedArticles: ['第八条第（一）项', '第八条'], qualifyingFunctions: [] });
  });

  it('is not settled while a clause has no finding, nor by findings on clauses not open', () => {
    const { '6.4.plan': _plan, ...rest } = all(true);
    const sut = settleFindings(pending, { ...rest, '6.1.total_assets': true, '8.5.activities': 'yes' as unknown as boolean }, result.qualifyingFunctions, 1);
    expect(sut).toMatchObject({ eligible: false, unsettled: ['6.4.plan'], unknown: ['6.1.total_assets', '8.5.activities'] });
  });
});
