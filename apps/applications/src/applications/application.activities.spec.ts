import 'reflect-metadata';
import { factsFor } from '@sme/testing/facts';
import { ApplicationActivities } from './application.activities';

/** Activities whose database holds one application row. */
function withApplication(row: Record<string, unknown>): ApplicationActivities {
  const applications = { findOne: async () => row } as never;
  const none = {} as never;
  return new ApplicationActivities(applications, none, none);
}

const facts = factsFor('91350200MA8DEM018T', '2026-04-15');

describe(ApplicationActivities.name, () => {
  describe('checkEligibility', () => {
    const input = { applicationId: '00000000-0000-4000-8000-000000000001', policyVersion: 'xiamen-2021-114' };
    // Submitted 2026-04-15 10:00 in Shanghai: the application date that years N-1 and N-2 count from.
    const createdAt = new Date('2026-04-15T02:00:00Z');

    it('checks the facts as of the submission date', async () => {
      const sut = await withApplication({ id: input.applicationId, eligibilityFacts: facts, createdAt }).checkEligibility(input);
      expect(sut).toMatchObject({ checked: true, eligible: true, outcome: 'eligible_pending_evidence', failedArticles: [], policyVersion: 'xiamen-2021-114', qualifyingFunctions: ['information'] });
      // What only the site visit can settle, each under its Annex 2 item (第十一条).
      expect(sut.pending!.map((p) => `${p.id}@${p.item}`)).toEqual(expect.arrayContaining(['6.1.finances@legal-person', '6.3.premises@premises', '7.openness@functions', '8.1.online_system@functions']));
    });

    it('leaves nothing to the site visit for an ineligible application', async () => {
      const sut = await withApplication({ id: input.applicationId, eligibilityFacts: { ...facts, staff: { servingSmes: 9, qualified: 9 } }, createdAt }).checkEligibility(input);
      expect(sut.pending).toEqual([]);
    });

    it('fails facts that do not meet a threshold, citing the article', async () => {
      const sut = await withApplication({ id: input.applicationId, eligibilityFacts: { ...facts, staff: { servingSmes: 9, qualified: 9 } }, createdAt }).checkEligibility(input);
      expect(sut).toMatchObject({ checked: true, eligible: false, outcome: 'ineligible', failedArticles: ['第六条第（五）项'] });
    });

    it('fails a count stored as text (facts kept before validation), never compares it as text', async () => {
      const sut = await withApplication({ id: input.applicationId, eligibilityFacts: { ...facts, performance: { localSmesServed: { '2024': 90, '2025': '100' }, satisfaction: 0.9 } }, createdAt }).checkEligibility(input);
      expect(sut).toMatchObject({ checked: true, eligible: false, failedArticles: ['第六条第（二）项'] });
    });

    it('answers an old application stored without facts as unchecked, left to the evidence', async () => {
      const sut = await withApplication({ id: input.applicationId, eligibilityFacts: null, createdAt }).checkEligibility(input);
      expect(sut).toEqual({ checked: false, eligible: true, outcome: 'eligible_pending_evidence', failedArticles: [], policyVersion: 'xiamen-2021-114' });
    });
  });

});
