import fc from 'fast-check';
import { detectConflicts } from './conflicts';

const A = '91350200MA2Y0001XE';
const P = '91350200MA2Y00028E';
const OTHER = '91350203MA8DEM0001';
const expert = (employer: string | null, rel: Array<{ creditCode: string; nature: string }> = []) => ({ expertId: 'e', employerCreditCode: employer, declaredRelationships: rel });

describe('detectConflicts (第十二条, recusal decision)', () => {
  it('finds an expert employed by the applicant, whatever the letter case', () => {
    expect(detectConflicts(expert(A.toLowerCase()), { creditCode: A, partnerCreditCodes: [] })).toEqual([
      expect.objectContaining({ kind: 'employer_is_applicant', creditCode: A, article: '第十二条' }),
    ]);
  });

  it('finds an expert employed by a partner institution', () => {
    expect(detectConflicts(expert(P), { creditCode: A, partnerCreditCodes: [P] }).map((c) => c.kind)).toEqual(['employer_is_partner']);
  });

  it('finds declared relationships with the applicant and with partners, naming their nature', () => {
    const found = detectConflicts(expert(OTHER, [{ creditCode: A, nature: '曾任职' }, { creditCode: P, nature: '顾问' }]), { creditCode: A, partnerCreditCodes: [P] });
    expect(found.map((c) => [c.kind, c.creditCode])).toEqual([['declared_relationship', A], ['declared_relationship', P]]);
    expect(found[0]!.reason.zh).toContain('曾任职');
  });

  it('clears an expert with no tie, and one with no employer on file', () => {
    expect(detectConflicts(expert(OTHER, [{ creditCode: OTHER, nature: '本单位' }]), { creditCode: A, partnerCreditCodes: [P] })).toEqual([]);
    expect(detectConflicts(expert(null), { creditCode: A, partnerCreditCodes: [] })).toEqual([]);
  });

  it('never clears an expert whose employer is among the applicant and its partners (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9A-H]{18}$/), { minLength: 1, maxLength: 6 }), fc.nat(), (codes, pick) => {
        const [applicant, ...partners] = codes as [string, ...string[]];
        const employer = codes[pick % codes.length]!;
        expect(detectConflicts(expert(employer), { creditCode: applicant, partnerCreditCodes: partners })).toHaveLength(1);
      }),
    );
  });
});
