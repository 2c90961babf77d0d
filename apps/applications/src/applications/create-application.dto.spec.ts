import 'reflect-metadata';
import { factsFor } from '@sme/testing/facts';
import { flattenValidationErrors } from '@sme/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateApplicationDto } from './create-application.dto';

/** The fields the service's ValidationPipe would name for `body` (same options: whitelist, forbid the rest). */
async function refusedFields(body: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(CreateApplicationDto, body) as object, { whitelist: true, forbidNonWhitelisted: true });
  return flattenValidationErrors(errors).map((e) => e.field);
}

const facts = factsFor('91350200MA8DEM018T', '2026-04-15');
const application = {
  creditCode: '91350200MA8DEM018T',
  institutionName: '厦门市某服务中心',
  callYear: 2026,
  eligibilityFacts: facts,
};

/** The application form carries the facts of the self-check: the same refusals apply when they are submitted. */
describe(CreateApplicationDto.name, () => {
  it('takes an application with sound facts, with or without the optional facts of Arts. 7-8', async () => {
    expect(await refusedFields(application)).toEqual([]);
    expect(await refusedFields({ ...application, eligibilityFacts: { ...facts, openness: { openToSmes: true } } })).toEqual([]);
  });

  it('refuses a count of served SMEs sent as text, naming the year', async () => {
    const sut = await refusedFields({ ...application, eligibilityFacts: { ...facts, performance: { localSmesServed: { '2024': 90, '2025': '100' }, satisfaction: 0.9 } } });
    expect(sut).toEqual(['eligibilityFacts.performance.localSmesServed.2025']);
  });

  it('requires the facts, as an object', async () => {
    const { eligibilityFacts: _facts, ...without } = application;
    for (const eligibilityFacts of [undefined, null, [], 'facts']) {
      expect(new Set(await refusedFields({ ...without, eligibilityFacts }))).toEqual(new Set(['eligibilityFacts']));
    }
  });

  it('names each missing part of the facts', async () => {
    const sut = await refusedFields({ ...application, eligibilityFacts: { institution: facts.institution, functions: facts.functions } });
    expect(sut).toEqual(['eligibilityFacts.performance', 'eligibilityFacts.capability', 'eligibilityFacts.management', 'eligibilityFacts.staff']);
  });

  it('refuses an application date or a policy version from the client: the service sets them', async () => {
    const sut = await refusedFields({ ...application, eligibilityFacts: { ...facts, applicationDate: '2020-01-01', policyVersion: 'xiamen-2021-114' } });
    expect(sut.sort()).toEqual(['eligibilityFacts.applicationDate', 'eligibilityFacts.policyVersion']);
  });

  it('refuses ticked materials, saying the files are the materials (第十条)', async () => {
    const errors = await validate(plainToInstance(CreateApplicationDto, { ...application, materials: { applicationForm: true, platformIntroduction: true, supportingEvidence: true } }) as object, { whitelist: true, forbidNonWhitelisted: true });
    expect(flattenValidationErrors(errors)).toEqual([{ field: 'materials', reason: { zh: expect.stringContaining('申报材料以上传的文件为准'), en: expect.stringContaining('materials are the uploaded files') } }]);
  });

  it('refuses counts sent as text', async () => {
    const sut = await refusedFields({ ...application, eligibilityFacts: { ...facts, staff: { servingSmes: '20', qualified: 18 }, capability: { partnerInstitutions: '5', fixedPremises: true } } });
    expect(new Set(sut)).toEqual(new Set(['eligibilityFacts.capability.partnerInstitutions', 'eligibilityFacts.staff.servingSmes']));
  });

  it('refuses more qualified staff than staff serving SMEs', async () => {
    const sut = await refusedFields({ ...application, eligibilityFacts: { ...facts, staff: { servingSmes: 10, qualified: 12 } } });
    expect(sut).toEqual(['eligibilityFacts.staff.qualified']);
  });
});
