import 'reflect-metadata';
import { flattenValidationErrors } from '@sme/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SiteVisitDto } from './site-visit.dto';

/** The fields the service's ValidationPipe would name for `body` (same options: whitelist, forbid the rest). */
async function refusedFields(body: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(SiteVisitDto, body) as object, { whitelist: true, forbidNonWhitelisted: true });
  return flattenValidationErrors(errors).map((e) => e.field);
}

const visit = { checklist: { premises: true }, surveySatisfaction: 0.92, opinion: '情况属实', expertIds: ['00000000-0000-4000-8000-00000000e001'] };

describe(SiteVisitDto.name, () => {
  it('takes a survey satisfaction from 0 to 1 with up to four places', async () => {
    for (const surveySatisfaction of [0, 1, 0.9, 0.9235]) expect(await refusedFields({ ...visit, surveySatisfaction })).toEqual([]);
  });

  it('refuses, rather than throwing on, a share in exponent form (1e-7) or with five places', async () => {
    for (const surveySatisfaction of [1e-7, 0.00001, 0.92351]) expect(await refusedFields({ ...visit, surveySatisfaction })).toEqual(['surveySatisfaction']);
  });

  it('refuses text, negative and out-of-range shares', async () => {
    for (const surveySatisfaction of ['0.9', -0.1, 1.5, null]) expect(await refusedFields({ ...visit, surveySatisfaction })).toContain('surveySatisfaction');
  });
});
