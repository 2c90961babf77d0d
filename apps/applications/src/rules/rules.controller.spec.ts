import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEV_INSTITUTION, TokenService } from '@sme/auth';
import { configureApp, DEV_JWT_SECRET } from '@sme/runtime';
import { WorkingDayCalendar } from '@sme/policy';
import { CalendarService } from './calendar.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';
import { factsFor } from '@sme/testing/facts';

@Module({
  controllers: [RulesController],
  providers: [RulesService, { provide: CalendarService, useValue: { calendar: WorkingDayCalendar.bundled() } }],
})
class RulesOnlyModule {}

/** The public rule endpoints over real HTTP, with the same pipes and problem details as the service. */
describe(RulesController.name, () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create(RulesOnlyModule, { logger: false });
    configureApp(app, { title: 'rules', description: 'test' }, { jwtSecret: DEV_JWT_SECRET });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });

  async function call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; type: string; body: any }> {
    const res = await fetch(base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
  }

  const valid = { applicationDate: '2026-04-15', ...factsFor('91350200MA8DEM018T', '2026-04-15') };

  it('POST /api/eligibility/check answers clause by clause with articles', async () => {
    const sut = await call('POST', '/api/eligibility/check', valid);
    expect(sut.status).toBe(200);
    expect(sut.body).toMatchObject({ eligible: true, qualifyingFunctions: ['information'], policyVersion: 'xiamen-2021-114' });
    expect(sut.body.clauses[0]).toMatchObject({ article: '第六条第（一）项', status: 'pass', reason: { zh: expect.any(String), en: expect.any(String) } });
    const fail = await call('POST', '/api/eligibility/check', { ...valid, staff: { servingSmes: 9, qualified: 9 } });
    expect(fail.body.eligible).toBe(false);
    expect(fail.body.clauses.find((c: { id: string }) => c.id === '6.5.staff')).toMatchObject({ status: 'fail', observed: 9, required: '>= 10' });
  });

  it('takes the optional facts of Art. 7 and Art. 8(2)-(3), and checks them without passing them silently', async () => {
    const body = {
      ...valid,
      openness: { openToSmes: true, sharesResources: false },
      functions: {
        ...valid.functions,
        technology: { expertPool: true, projectPool: true, activities: 3, organisesResources: true, hasLargeInstruments: true, sharesInstruments: false },
        entrepreneurship: { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4, mentoring: true },
      },
    };
    const sut = await call('POST', '/api/eligibility/check', body);
    expect(sut.status).toBe(200);
    const status = (id: string) => sut.body.clauses.find((c: { id: string }) => c.id === id);
    expect(status('7.openness')).toMatchObject({ status: 'needs_evidence', article: '第七条' });
    expect(status('7.resource_sharing')).toMatchObject({ status: 'fail', article: '第七条' });
    expect(status('8.2.instrument_sharing')).toMatchObject({ status: 'fail', article: '第八条第（二）项' });
    expect(status('8.3.mentoring')).toMatchObject({ status: 'needs_evidence', article: '第八条第（三）项' });
    expect(sut.body).toMatchObject({ eligible: false, outcome: 'ineligible', qualifyingFunctions: ['information', 'entrepreneurship'] });
    const omitted = await call('POST', '/api/eligibility/check', valid);
    expect(omitted.body.outcome).toBe('eligible_pending_evidence');
    expect(omitted.body.clauses.find((c: { id: string }) => c.id === '7.openness')).toMatchObject({ status: 'needs_evidence', observed: null });
  });

  it.each([
    ['a missing section', { ...valid, staff: undefined }, 'staff'],
    ['a wrong type', { ...valid, capability: { partnerInstitutions: 'three', fixedPremises: true } }, 'capability.partnerInstitutions'],
    ['money as a float', { ...valid, institution: { ...valid.institution, totalAssetsYuan: 1500000.5 } }, 'institution.totalAssetsYuan'],
    ['a bad credit code', { ...valid, institution: { ...valid.institution, creditCode: '91350200MA8DEM018A' } }, 'institution.creditCode'],
    ['an unknown type', { ...valid, institution: { ...valid.institution, type: 'bank' } }, 'institution.type'],
    ['a bad date', { ...valid, applicationDate: '2026-02-30' }, 'applicationDate'],
    ['an extra field', { ...valid, hacker: true }, 'hacker'],
    ['an unknown policy', { ...valid, policyVersion: 'nope' }, 'policyVersion'],
    ['openness as text', { ...valid, openness: { openToSmes: 'yes' } }, 'openness.openToSmes'],
    ['a count of served SMEs as text', { ...valid, performance: { localSmesServed: { '2024': 90, '2025': '100' }, satisfaction: 0.9 } }, 'performance.localSmesServed.2025'],
    ['a fractional count of served SMEs', { ...valid, performance: { localSmesServed: { '2024': 90, '2025': 100.5 }, satisfaction: 0.9 } }, 'performance.localSmesServed.2025'],
    ['a negative count of served SMEs', { ...valid, performance: { localSmesServed: { '2024': -1, '2025': 100 }, satisfaction: 0.9 } }, 'performance.localSmesServed.2024'],
    ['a null count of served SMEs', { ...valid, performance: { localSmesServed: { '2024': null, '2025': 100 }, satisfaction: 0.9 } }, 'performance.localSmesServed.2024'],
    ['the year counts as a list', { ...valid, performance: { localSmesServed: [90, 120], satisfaction: 0.9 } }, 'performance.localSmesServed'],
    ['a staff count as text', { ...valid, staff: { servingSmes: '20', qualified: 18 } }, 'staff.servingSmes'],
    ['mentoring as a number', { ...valid, functions: { entrepreneurship: { projectPool: true, guide: true, hotline: true, agencyServices: true, events: 4, mentoring: 1 } } }, 'functions.entrepreneurship.mentoring'],
  ])('rejects %s with a 400 problem naming the field', async (_what, body, field) => {
    const sut = await call('POST', '/api/eligibility/check', body);
    expect(sut.status).toBe(400);
    expect(sut.type).toContain('application/problem+json');
    expect(sut.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(sut.body.message.zh).toBeTruthy();
  });

  it('refuses a year map keyed by something other than a year with a 422 (the document cannot say which keys are years), and with a 400 when a count is bad too', async () => {
    const key = await call('POST', '/api/eligibility/check', { ...valid, performance: { localSmesServed: { last: 3 }, satisfaction: 0.9 } });
    expect([key.status, key.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, ['performance.localSmesServed.last']]);
    const both = await call('POST', '/api/eligibility/check', { ...valid, performance: { localSmesServed: { last: 3, '2025': 'many' }, satisfaction: 0.9 } });
    expect(both.status).toBe(400);
  });

  it('says why a count sent as text is refused, and never compares it as text', async () => {
    const sut = await call('POST', '/api/eligibility/check', { ...valid, performance: { localSmesServed: { '2024': 90, '2025': '100' }, satisfaction: 0.9 } });
    expect(sut.status).toBe(400);
    const [error] = sut.body.errors;
    expect(error.field).toBe('performance.localSmesServed.2025');
    expect(error.reason.en).toContain('must be a whole number');
    expect(error.reason.zh).toContain('不能是文本');
  });

  it('refuses more qualified staff than staff serving SMEs with a 422 (a rule the schema cannot say), the article and both numbers', async () => {
    const sut = await call('POST', '/api/eligibility/check', { ...valid, staff: { servingSmes: 10, qualified: 11 } });
    expect([sut.status, sut.body.type]).toEqual([422, expect.stringMatching(/refused-fields$/)]);
    expect(sut.body.errors).toEqual([{ field: 'staff.qualified', reason: { zh: expect.stringContaining('第六条第（五）项'), en: expect.stringContaining('qualified staff (11) cannot exceed staff.servingSmes (10)') } }]);
    expect((await call('POST', '/api/eligibility/check', { ...valid, staff: { servingSmes: 10, qualified: 10 } })).status).toBe(200);
  });

  it('rejects a body that is not JSON with a 400 problem, not a 500', async () => {
    const sut = await call('POST', '/api/eligibility/check', '{"applicationDate": ');
    expect(sut.status).toBe(400);
  });

  it('POST /api/enterprises/classify sizes by group or by GB/T 4754 code', async () => {
    expect((await call('POST', '/api/enterprises/classify', { industryCode: 'I65', employees: 50, revenueWan: '800' })).body).toMatchObject({ size: 'small', isSme: true });
    expect((await call('POST', '/api/enterprises/classify', { industry: 'other', employees: 300 })).body).toMatchObject({ size: 'large', isSme: false });
    // A code of the right form that GB/T 4754 has no such 大类 for: the document cannot say it, the rule refuses it.
    const bad = await call('POST', '/api/enterprises/classify', { industryCode: 'G53', employees: 50, revenueWan: '800' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('industryCode');
  });

  it('GET /api/calendar/* answers from the official calendar', async () => {
    expect((await call('GET', '/api/calendar/days/2026-10-10')).body).toEqual({ date: '2026-10-10', workingDay: true, kind: 'makeup', provisional: false, name: '国庆节' });
    expect((await call('GET', '/api/calendar/notice-period?published=2026-09-30&days=7')).body).toMatchObject({ start: '2026-09-30', end: '2026-10-14', provisional: false });
    expect((await call('GET', '/api/calendar/report-deadline?year=2027')).body).toMatchObject({ due: '2028-02-29', rule: { id: 'deadline_on_working_day' } });
    expect((await call('GET', '/api/calendar/days/2026-02-30')).status).toBe(400);
    expect((await call('GET', '/api/calendar/notice-period?published=x')).status).toBe(400);
    expect((await call('GET', '/api/calendar/report-deadline?year=abc')).status).toBe(400);
  });

  it('GET /api/calendar/notice-period takes its length and day 1 from the policy version in force', async () => {
    expect((await call('GET', '/api/calendar/notice-period?published=2023-06-01')).body).toMatchObject({ start: '2023-06-01', end: '2023-06-09', workingDays: expect.any(Array), policyVersion: 'xiamen-2021-114' });
    expect((await call('GET', '/api/calendar/notice-period?published=2026-09-30')).body).toMatchObject({ end: '2026-10-14' });
    // A date the schema accepts, before any policy version was in force: the rule refuses it.
    const before = await call('GET', '/api/calendar/notice-period?published=2020-06-01');
    expect(before.status).toBe(422);
    expect(before.body.errors[0].field).toBe('published');
  });

  it('GET /api/credit-codes/:code says why a code is invalid', async () => {
    expect((await call('GET', '/api/credit-codes/91350200MA8DEM018T')).body).toMatchObject({ valid: true, regionCode: '350200', local: true });
    const sut = await call('GET', '/api/credit-codes/91350200MA8DEM018A');
    expect(sut.status).toBe(200);
    expect(sut.body.valid).toBe(false);
    expect(sut.body.reason.en).toBeTruthy();
  });

  it('GET /api/policies lists versions and 404s an unknown one', async () => {
    const list = await call('GET', '/api/policies');
    expect(list.body.map((p: { id: string }) => p.id)).toContain('xiamen-2021-114');
    const v = (await call('GET', '/api/policies/xiamen-2021-114')).body;
    expect(v.periods).toMatchObject({ noticeWorkingDays: 7, titleValidityYears: 3, noticeDayOne: 'publication_day_if_working', reminderHour: 9 });
    expect(v.panel).toEqual({ minExperts: 5 });
    expect(v.call).toEqual({ defaultQuota: 10, defaultOpens: { month: 3, day: 1 }, defaultCloses: { month: 4, day: 30 } });
    expect((await call('GET', '/api/policies/none')).status).toBe(404);
  });

  it('the seeded applicant acts for a valid Xiamen institution', async () => {
    expect((await call('GET', `/api/credit-codes/${DEV_INSTITUTION}`)).body).toMatchObject({ valid: true, local: true });
  });

  it('rules are public, but publishing calendar data needs a staff token (the method overrides its public controller)', async () => {
    const body = { source: '国办发明电〔2026〕1号', days: [] };
    const anonymous = await call('PUT', '/api/calendar/years/2030', body);
    expect(anonymous).toMatchObject({ status: 401, type: expect.stringContaining('application/problem+json') });
    expect(anonymous.body.message.zh).toBe('请先登录');
    const tokens = new TokenService(DEV_JWT_SECRET);
    const applicant = tokens.issue({ sub: 'u1', username: 'a', role: 'applicant', displayName: 'A', institution: DEV_INSTITUTION, expertId: null });
    const refused = await call('PUT', '/api/calendar/years/2030', body, applicant);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/\/forbidden$/);
    const forged = new TokenService('another-secret-of-at-least-32-characters!').issue({ sub: 'u1', username: 's', role: 'staff', displayName: 'S', institution: null, expertId: null });
    expect((await call('PUT', '/api/calendar/years/2030', body, forged)).status).toBe(401);
  });
});
