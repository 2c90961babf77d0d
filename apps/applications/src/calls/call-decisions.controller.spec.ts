import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TokenService } from '@sme/auth';
import { configureApp, DEV_JWT_SECRET } from '@sme/runtime';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { CallDecisionsController } from './call-decisions.controller';

const sent: Array<{ args: unknown[]; audit: unknown }> = [];
const gateway = {
  update: async (_id: string, _u: unknown, args: unknown[], _r: unknown, audit: unknown) => {
    sent.push({ args, audit });
    return { stage: 'internal_review' };
  },
};

@Module({
  controllers: [CallDecisionsController],
  providers: [{ provide: WorkflowGateway, useValue: gateway }],
})
class DecisionsOnlyModule {}

/** Submitting the candidate list over real HTTP: an institution left off the list needs its reason. */
describe(CallDecisionsController.name, () => {
  let app: INestApplication;
  let base: string;
  const staff = new TokenService(DEV_JWT_SECRET).issue({ sub: 'u-s', username: 'staff1', role: 'staff', displayName: 'S', institution: null, expertId: null });
  const A = '91350200MA8DEM018T';

  beforeAll(async () => {
    app = await NestFactory.create(DecisionsOnlyModule, { logger: false });
    configureApp(app, { title: 'calls', description: 'test' }, { jwtSecret: DEV_JWT_SECRET });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    sent.length = 0;
  });

  async function submit(body: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}/api/calls/2026/candidate-list`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  it('submits the list with nobody left off', async () => {
    expect((await submit({})).status).toBe(201);
    expect(sent).toEqual([{ args: [{ by: 'staff1', exclude: [] }], audit: expect.objectContaining({ data: { exclude: [], exclusions: [] } }) }]);
  });

  it('passes the codes to the workflow and keeps each reason in the audit trail', async () => {
    expect((await submit({ exclude: [{ creditCode: A.toLowerCase(), reason: ' 公示前查实申报材料不实 ' }] })).status).toBe(201);
    expect(sent[0]!.args).toEqual([{ by: 'staff1', exclude: [A] }]);
    expect(sent[0]!.audit).toMatchObject({ action: 'call.candidate_list_submitted', data: { exclude: [A], exclusions: [{ creditCode: A, reason: '公示前查实申报材料不实' }] } });
  });

  it.each([
    ['a bare code, as the list took before', { exclude: [A] }, 'exclude.0'],
    ['no reason', { exclude: [{ creditCode: A }] }, 'exclude.0.reason'],
    ['an empty reason', { exclude: [{ creditCode: A, reason: '' }] }, 'exclude.0.reason'],
    ['a blank reason', { exclude: [{ creditCode: A, reason: '   ' }] }, 'exclude.0.reason'],
    ['a bad credit code', { exclude: [{ creditCode: '91350200MA8DEM018A', reason: '理由' }] }, 'exclude.0.creditCode'],
    ['the same institution twice', { exclude: [{ creditCode: A, reason: '一' }, { creditCode: A, reason: '二' }] }, 'exclude'],
  ])('refuses an exclusion with %s (validation refusal, 400), and the workflow hears nothing', async (_what, body, field) => {
    const sut = await submit(body);
    expect(sut.status).toBe(400);
    expect(sut.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(sent).toEqual([]);
  });

  it('says in both languages that an exclusion needs its reason', async () => {
    const sut = await submit({ exclude: [{ creditCode: A, reason: ' ' }] });
    expect(sut.body.errors).toContainEqual({ field: 'exclude.0.reason', reason: { zh: expect.stringContaining('剔除须写明理由'), en: expect.stringContaining('reason must say why') } });
    const bare = await submit({ exclude: [A] });
    expect(bare.body.errors).toContainEqual({ field: 'exclude.0', reason: { zh: expect.stringContaining('每项剔除须写明机构及理由'), en: expect.stringContaining('each exclusion is {creditCode, reason}') } });
  });
});
