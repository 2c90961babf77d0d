import 'reflect-metadata';
import { factsFor } from '@sme/testing/facts';
import type { Principal } from '@sme/auth';
import { ValidationProblem } from '@sme/runtime';
import { ApplicationService } from './application.service';
import type { CreateApplicationDto } from './create-application.dto';

const CODE = '91350200MA8DEM018T';
const OTHER = '91350200MA2Y0001XE';
const facts = factsFor(CODE, '2026-04-15');
const caller: Principal = { sub: 'u1', username: 'applicant', role: 'applicant', displayName: '申报机构', institution: CODE, expertId: null };
const dto = (eligibilityFacts: unknown): CreateApplicationDto =>
  ({ creditCode: CODE, institutionName: '厦门市某服务中心', callYear: 2026, eligibilityFacts }) as CreateApplicationDto;

/** A service with nothing behind it: these refusals come before any database or workflow is asked. */
function service(): ApplicationService {
  const untouched = new Proxy({}, { get: () => { throw new Error('not to be reached'); } }) as never;
  return new ApplicationService(untouched, untouched, untouched, untouched, untouched);
}

async function refusal(p: Promise<unknown>): Promise<Array<{ field: string; reason: { zh: string; en: string } }>> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationProblem);
  return (err as ValidationProblem).errors;
}

describe(ApplicationService.name, () => {
  describe('submit', () => {
    it("refuses facts of another institution than the applicant's, naming the field", async () => {
      const sut = await refusal(service().submit(dto({ ...facts, institution: { ...facts.institution, creditCode: OTHER } }), caller));
      expect(sut).toEqual([{ field: 'eligibilityFacts.institution.creditCode', reason: { zh: expect.stringContaining(OTHER), en: expect.stringContaining(OTHER) } }]);
    });

    it('checks the facts as the public self-check does (libs/policy), naming each field under eligibilityFacts', async () => {
      const sut = await refusal(service().submit(dto({ ...facts, performance: { localSmesServed: { '2025': '100' }, satisfaction: 0.9 }, staff: { servingSmes: 10, qualified: 12 } }), caller));
      expect(sut.map((e) => e.field)).toEqual(['eligibilityFacts.performance.localSmesServed.2025', 'eligibilityFacts.staff.qualified']);
      expect(sut[0]!.reason).toEqual({ zh: expect.stringContaining('不能是文本'), en: expect.stringContaining('not text') });
    });

    it('refuses a submission without facts', async () => {
      const sut = await refusal(service().submit(dto(undefined), caller));
      expect(sut.map((e) => e.field)).toEqual(expect.arrayContaining(['eligibilityFacts.institution', 'eligibilityFacts.staff']));
    });
  });
});
