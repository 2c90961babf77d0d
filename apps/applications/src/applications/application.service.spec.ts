import 'reflect-metadata';
import { factsFor } from '@sme/testing/facts';
import type { Principal } from '@sme/auth';
import { GENESIS_HASH } from '@sme/persistence';
import { shanghaiDate } from '@sme/policy';
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

  describe('submit, in the database', () => {
    /** A service whose database records each statement and operation, in order. */
    function recorded(): { sut: ApplicationService; ops: string[] } {
      const ops: string[] = [];
      const year = Number(shanghaiDate(new Date()).slice(0, 4));
      const m = {
        findOne: async () => ({ year, quota: 3, opensOn: `${year}-01-01`, closesOn: `${year}-12-31`, policyVersion: 'xiamen-2021-114' }),
        find: async (entity: { name: string }) => (ops.push(`find ${entity.name}`), []),
        create: (_entity: unknown, row: object) => row,
        save: async (row: object) => (ops.push('save'), { ...row, id: '00000000-0000-4000-8000-000000000001', createdAt: new Date() }),
        query: async (sql: string) => {
          ops.push(sql.replace(/\s+/g, ' ').trim().slice(0, 100));
          return /FOR UPDATE/.test(sql) ? [{ seq: '0', hash: GENESIS_HASH }] : [];
        },
      };
      const dataSource = { query: async () => [], transaction: async (work: (manager: typeof m) => Promise<unknown>) => work(m) };
      const sut = new ApplicationService(dataSource as never, { find: async () => [] } as never, {} as never, { nudge: () => undefined } as never, {} as never);
      return { sut, ops };
    }

    it('writes the audit event last, so that the chain is held only for its two statements and the commit, and reads no files of a new application', async () => {
      const { sut, ops } = recorded();
      const year = Number(shanghaiDate(new Date()).slice(0, 4));
      await sut.submit({ ...dto(factsFor(CODE)), callYear: year }, caller);
      expect(ops.slice(-3)).toEqual([
        expect.stringContaining('INSERT INTO applications.outbox'),
        expect.stringContaining('FROM applications.audit_seal WHERE id = 1 FOR UPDATE'),
        expect.stringContaining('INSERT INTO applications.audit_event'),
      ]);
      expect(ops).not.toContain('find EvidenceFileEntity');
    });
  });
});
