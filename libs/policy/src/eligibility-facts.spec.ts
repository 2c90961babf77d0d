import fc from 'fast-check';
import type { EligibilityFacts } from './eligibility';
import { type FactError, validateEligibilityFacts } from './eligibility-facts';

const valid = (): EligibilityFacts => ({
  applicationDate: '2026-04-15',
  institution: { creditCode: '91350200MA8DEM018T', legalPerson: true, type: 'sme_service_agency', establishedOn: '2020-03-01', totalAssetsYuan: '2000000', financesSound: true },
  performance: { localSmesServed: { '2024': 90, '2025': 120 }, satisfaction: 0.9 },
  capability: { partnerInstitutions: 5, fixedPremises: true },
  management: { freeOrLowFeeShare: 0.3 },
  staff: { servingSmes: 20, qualified: 18 },
  functions: { information: { onlineSystem: true, offlineEnterprisesServed: 100, activities: 6 } },
});

/** `valid()` changed by `edit`, as the untyped input a request or a stored row would be. */
function input(edit: (f: any) => void): unknown {
  const f = JSON.parse(JSON.stringify(valid()));
  edit(f);
  return f;
}

function errorsOf(value: unknown): FactError[] {
  const sut = validateEligibilityFacts(value);
  if (sut.ok) throw new Error('expected the facts to be refused');
  return sut.errors;
}
const paths = (value: unknown) => errorsOf(value).map((e) => e.path);

describe(validateEligibilityFacts.name, () => {
  it('takes sound facts and answers a plain copy of them', () => {
    const given = valid();
    const sut = validateEligibilityFacts(given);
    expect(sut).toEqual({ ok: true, facts: given });
    expect(sut.ok && sut.facts).not.toBe(given);
  });

  it('takes every optional fact of Arts. 7-8 and every function', () => {
    const sut = validateEligibilityFacts(input((f) => {
      f.openness = { openToSmes: true, sharesResources: false };
      f.functions = {
        information: { onlineSystem: true, offlineEnterprisesServed: 75, activities: 4 },
        technology: { expertPool: true, projectPool: true, activities: 3, organisesResources: true, hasLargeInstruments: false, sharesInstruments: false },
        entrepreneurship: { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4, mentoring: true },
        training: { qualification: true, online: true, offline: true, evaluationMechanism: true, personTimes: 1000 },
        financing: { activities: 5, financingRaisedYuan: '400000000', guaranteeInstitution: false, newGuaranteesYuan: '0' },
      };
    }));
    expect(sut.ok).toBe(true);
  });

  it('refuses a count sent as text ({"2025": "100"}), naming the year and saying it got text', () => {
    const [sut, ...rest] = errorsOf(input((f) => (f.performance.localSmesServed = { '2024': 90, '2025': '100' })));
    expect(rest).toEqual([]);
    expect(sut).toEqual({
      path: 'performance.localSmesServed.2025',
      zh: expect.stringContaining('不能是文本'),
      en: expect.stringContaining('got the text "100"'),
    });
  });

  it.each([
    ['a year key that is not a year', (f: any) => (f.performance.localSmesServed = { last: 3 }), 'performance.localSmesServed.last'],
    ['a fractional count', (f: any) => (f.performance.localSmesServed['2025'] = 100.5), 'performance.localSmesServed.2025'],
    ['a negative count', (f: any) => (f.performance.localSmesServed['2024'] = -1), 'performance.localSmesServed.2024'],
    ['a null count', (f: any) => (f.performance.localSmesServed['2024'] = null), 'performance.localSmesServed.2024'],
    ['year counts as a list', (f: any) => (f.performance.localSmesServed = [90, 120]), 'performance.localSmesServed'],
    ['a staff count as text', (f: any) => (f.staff.servingSmes = '20'), 'staff.servingSmes'],
    ['partners as text', (f: any) => (f.capability.partnerInstitutions = 'three'), 'capability.partnerInstitutions'],
    ['a function count as text', (f: any) => (f.functions.information.activities = '6'), 'functions.information.activities'],
    ['satisfaction above 1', (f: any) => (f.performance.satisfaction = 90), 'performance.satisfaction'],
    ['a share as text', (f: any) => (f.management.freeOrLowFeeShare = '0.3'), 'management.freeOrLowFeeShare'],
    ['money as a float', (f: any) => (f.institution.totalAssetsYuan = 1500000.5), 'institution.totalAssetsYuan'],
    ['money with three places', (f: any) => (f.institution.totalAssetsYuan = '1500000.005'), 'institution.totalAssetsYuan'],
    ['a bad credit code', (f: any) => (f.institution.creditCode = '91350200MA8DEM018A'), 'institution.creditCode'],
    ['an unknown type', (f: any) => (f.institution.type = 'bank'), 'institution.type'],
    ['a bad date', (f: any) => (f.applicationDate = '2026-02-30'), 'applicationDate'],
    ['a boolean as text', (f: any) => (f.institution.legalPerson = 'true'), 'institution.legalPerson'],
    ['a missing section', (f: any) => delete f.staff, 'staff'],
    ['a missing field', (f: any) => delete f.capability.fixedPremises, 'capability.fixedPremises'],
    ['an extra field', (f: any) => (f.hacker = true), 'hacker'],
    ['an unknown function', (f: any) => (f.functions.banking = {}), 'functions.banking'],
    ['openness as text', (f: any) => (f.openness = { openToSmes: 'yes' }), 'openness.openToSmes'],
    ['mentoring as a number', (f: any) => (f.functions.entrepreneurship = { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4, mentoring: 1 }), 'functions.entrepreneurship.mentoring'],
    ['a function given as null', (f: any) => (f.functions.training = null), 'functions.training'],
  ])('refuses %s, naming %s', (_what, edit, path) => {
    expect(paths(input(edit))).toEqual([path]);
  });

  it('refuses more qualified staff than staff serving SMEs, citing 第六条第（五）项 in substance and naming both numbers', () => {
    const [sut] = errorsOf(input((f) => (f.staff = { servingSmes: 10, qualified: 11 })));
    expect(sut).toEqual({ path: 'staff.qualified', zh: expect.stringContaining('第六条第（五）项'), en: expect.stringContaining('qualified staff (11) cannot exceed the staff serving SMEs (10)') });
    expect(validateEligibilityFacts(input((f) => (f.staff = { servingSmes: 10, qualified: 10 }))).ok).toBe(true);
  });

  it('lists every error at once', () => {
    expect(paths(input((f) => ((f.staff.servingSmes = '20'), (f.performance.localSmesServed['2025'] = '100'), (f.institution.type = 'bank'))))).toEqual([
      'institution.type',
      'performance.localSmesServed.2025',
      'staff.servingSmes',
    ]);
  });

  it.each([[null], [undefined], ['facts'], [[1, 2]], [42]])('refuses %p as a whole', (value) => {
    expect(paths(value)).toEqual(['(body)']);
  });

  it('property: a count given as the text of a number is always refused, the number itself always taken', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
      expect(validateEligibilityFacts(input((f) => (f.performance.localSmesServed['2025'] = n))).ok).toBe(true);
      expect(paths(input((f) => (f.performance.localSmesServed['2025'] = String(n))))).toEqual(['performance.localSmesServed.2025']);
    }));
  });

  it('property: qualified staff are refused exactly when they outnumber the staff serving SMEs', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (servingSmes, qualified) => {
      const sut = validateEligibilityFacts(input((f) => (f.staff = { servingSmes, qualified })));
      expect(sut.ok).toBe(qualified <= servingSmes);
    }));
  });
});
