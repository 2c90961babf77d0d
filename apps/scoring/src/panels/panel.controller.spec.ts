import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TokenService } from '@sme/auth';
import { configureApp, DEV_JWT_SECRET } from '@sme/runtime';
import { PanelController } from './panel.controller';
import { scoreRecordProblems } from './panel.dtos';
import { PanelService } from './panel.service';

const submitted: unknown[] = [];
const service = {
  submitScore: async (_id: string, dto: { scores: unknown }) => {
    submitted.push(dto.scores);
    return { total: 'ok' };
  },
};

@Module({ controllers: [PanelController], providers: [{ provide: PanelService, useValue: service }] })
class PanelOnlyModule {}

/** The panel endpoints' validation over real HTTP, with the service's pipes and problem details. */
describe(PanelController.name, () => {
  let app: INestApplication;
  let base: string;
  const expert = new TokenService(DEV_JWT_SECRET).issue({ sub: 'u1', username: 'e', role: 'expert', displayName: 'E', institution: null, expertId: '00000000-0000-4000-8000-00000000e001' });
  const path = '/api/assignments/00000000-0000-4000-8000-0000000000a1/score';

  beforeAll(async () => {
    app = await NestFactory.create(PanelOnlyModule, { logger: false });
    configureApp(app, { title: 'scoring', description: 'test' }, { jwtSecret: DEV_JWT_SECRET });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    submitted.length = 0;
  });

  async function post(body: unknown): Promise<{ status: number; type: string; body: any }> {
    const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${expert}` }, body: JSON.stringify(body) });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
  }

  it('passes numbers and decimal strings on to the rubric', async () => {
    const scores = { performance: 8.2, capability: '19.99', management: 0 };
    expect((await post({ scores })).status).toBe(201);
    expect(submitted).toEqual([scores]);
  });

  it.each([
    ['text', { performance: 'eight' }, 'scores.performance'],
    ['a boolean', { performance: true }, 'scores.performance'],
    ['null', { performance: null }, 'scores.performance'],
    ['an object', { performance: { value: 8 } }, 'scores.performance'],
    ['an exponent form', { performance: '1e1' }, 'scores.performance'],
    ['a negative number', { performance: -1 }, 'scores.performance'],
    ['a comma decimal', { capability: '8,2' }, 'scores.capability'],
  ])('refuses %s as a score with a 400 problem naming it (validation refusal)', async (_what, scores, named) => {
    const sut = await post({ scores });
    expect(sut.status).toBe(400);
    expect(sut.type).toContain('application/problem+json');
    expect(sut.body.type).toMatch(/\/validation$/);
    expect(sut.body.errors.map((e: { field: string }) => e.field)).toEqual(['scores']);
    expect(sut.body.errors[0].reason.en).toContain(`${named} must be a number or a decimal string`);
    expect(sut.body.errors[0].reason.zh).toContain(`${named} 须为数字或十进制数字字符串`);
    expect(submitted).toEqual([]);
  });

  it.each([
    ['an array', [8.2]],
    ['a number', 8.2],
    ['nothing', undefined],
    ['an empty object', {}],
  ])('refuses scores given as %s (validation refusal)', async (_what, scores) => {
    const sut = await post({ scores });
    expect(sut.status).toBe(400);
    expect(sut.body.errors.map((e: { field: string }) => e.field)).toEqual(['scores']);
  });
});

describe(scoreRecordProblems.name, () => {
  it('names every score that is not a number or a decimal string, and nothing else', () => {
    expect(scoreRecordProblems({ a: 1, b: '2.5', c: 'x', d: false })).toEqual([
      expect.stringContaining('scores.c must be'),
      expect.stringContaining('scores.d must be'),
    ]);
    expect(scoreRecordProblems({ a: 25, b: '0.29' })).toEqual([]);
  });
});
