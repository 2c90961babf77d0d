import { DEV_INSTITUTION, DEV_USERS, type Role, ROLES } from '@sme/auth';
import { makeCreditCode } from '@sme/policy';
import { createAdmin, GOOD_PASSWORD, signIn } from './fixtures/accounts';
import { MATRIX, PLACEHOLDERS, SESSION_ENDING, type Service } from './endpoints';
import { factsFor } from '@sme/testing/facts';
import { SystemUnderTest, tokenFor } from './harness';

describe('authorisation: every role and anonymous against every endpoint', () => {
  let sut: SystemUnderTest;
  const tokens = {} as Record<Role, string>;
  const base = (s: Service) => ({ applications: sut.applicationsUrl, scoring: sut.scoringUrl, notifications: sut.notificationsUrl })[s];

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_authorization');
  }, 120_000);
  afterAll(async () => {
    await sut?.stop();
  });

  it('signs in each seeded development user with its role, and refuses a wrong password alike for unknown users', async () => {
    for (const u of DEV_USERS) {
      const res = await sut.http<{ accessToken: string; principal: { role: string } }>('POST', `${sut.applicationsUrl}/api/auth/sign-in`, { username: u.username, password: u.password });
      expect(res.status).toBe(200);
      expect(res.body.principal.role).toBe(u.role);
      tokens[u.role] = res.body.accessToken;
      const me = await sut.http<{ username: string }>('GET', `${sut.applicationsUrl}/api/auth/me`, undefined, res.body.accessToken);
      expect(me.body.username).toBe(u.username);
    }
    const wrong = await sut.http<{ message: { zh: string } }>('POST', `${sut.applicationsUrl}/api/auth/sign-in`, { username: 'staff', password: 'nope' });
    const unknown = await sut.http<{ message: { zh: string } }>('POST', `${sut.applicationsUrl}/api/auth/sign-in`, { username: 'nobody', password: 'nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.message).toEqual(unknown.body.message);
    expect(wrong.body.message.zh).toBe('用户名或密码错误');
    // The administrator is never seeded: it comes from the one-time command.
    expect((await createAdmin(sut, ['--email', 'admin@xm.gov.cn', '--name', '账号管理员'], { ADMIN_PASSWORD: GOOD_PASSWORD })).code).toBe(0);
    tokens.admin = await signIn(sut, 'admin', GOOD_PASSWORD);
  });

  it('documents exactly the endpoints of the matrix, no gaps and nothing stale', async () => {
    for (const service of Object.keys(MATRIX) as Service[]) {
      const doc = (await sut.http<{ paths: Record<string, Record<string, unknown>> }>('GET', `${base(service)}/docs/json`)).body;
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      const listed = Object.keys(MATRIX[service]).filter((k) => k !== 'GET /metrics');
      expect({ service, endpoints: documented.sort() }).toEqual({ service, endpoints: listed.sort() });
    }
  });

  it('documents who may call each endpoint (x-access), the public ones as needing no credentials (security: []), and their refusals as problems', async () => {
    const wrong: string[] = [];
    for (const service of Object.keys(MATRIX) as Service[]) {
      const doc = (await sut.http<{ security?: unknown; paths: Record<string, Record<string, { security?: unknown }>> }>('GET', `${base(service)}/docs/json`)).body;
      expect({ service, security: doc.security }).toEqual({ service, security: [{ bearer: [] }] });
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const endpoint = `${method.toUpperCase()} ${path}`;
          // An operation without its own `security` inherits the document's bearer requirement.
          const documented = op.security === undefined ? 'bearer' : JSON.stringify(op.security) === '[]' ? 'public' : JSON.stringify(op.security);
          const expected = MATRIX[service][endpoint] === 'public' ? 'public' : 'bearer';
          if (documented !== expected) wrong.push(`${service} ${endpoint}: documented ${documented}, is ${expected}`);
          // The roles it names (x-access) are the roles that may call it.
          const access = MATRIX[service][endpoint];
          const named = (op as { 'x-access'?: unknown })['x-access'];
          const want = access === 'public' ? 'public' : [...(access ?? [])].sort();
          if (JSON.stringify(Array.isArray(named) ? [...named].sort() : named) !== JSON.stringify(want)) wrong.push(`${service} ${endpoint}: x-access ${JSON.stringify(named)}, is ${JSON.stringify(want)}`);
          // Its refusals as problems: the sign-in ones only where a token is needed, a restarting dependency everywhere.
          const responses = (op as { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }).responses;
          const problems = Object.keys(responses).filter((s) => responses[s]!.content?.['application/problem+json']?.schema?.$ref === '#/components/schemas/Problem');
          const signIn = expected === 'bearer' ? ['401', '403'] : [];
          for (const status of [...signIn, '503']) if (!problems.includes(status)) wrong.push(`${service} ${endpoint}: ${status} not documented as a problem`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('allows and denies every caller exactly as the matrix says', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const service of Object.keys(MATRIX) as Service[]) {
      for (const [endpoint, access] of Object.entries(MATRIX[service])) {
        const [method, template] = endpoint.split(' ') as [string, string];
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => PLACEHOLDERS[name] ?? 'x');
        for (const caller of ['anonymous', ...ROLES] as const) {
          // Signing out ends the session it is called with: such endpoints get a session of their own, and after
          // signing out everywhere the role signs in again.
          const login = caller === 'anonymous' ? null : caller === 'admin' ? { username: 'admin', password: GOOD_PASSWORD } : DEV_USERS.find((u) => u.role === caller)!;
          const ending = SESSION_ENDING.has(endpoint) && login;
          const token = caller === 'anonymous' ? undefined : ending ? await signIn(sut, login.username, login.password) : tokens[caller];
          const body = method === 'GET' ? undefined : {};
          const res = await fetch(`${base(service)}${path}`, {
            method,
            headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: body ? JSON.stringify(body) : undefined,
          });
          const type = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { type?: string }).type ?? '' : (await res.arrayBuffer(), '');
          const denied = res.status === 401 || (res.status === 403 && type.endsWith('/forbidden'));
          const expected = access === 'public' || (caller !== 'anonymous' && access.includes(caller)) ? 'allow' : 'deny';
          const wantStatus = caller === 'anonymous' ? 401 : 403;
          if ((expected === 'allow') === denied || (expected === 'deny' && res.status !== wantStatus) || res.status >= 500) {
            mismatches.push(`${service} ${endpoint} as ${caller}: expected ${expected}, got ${res.status} ${type}`);
          }
          checked++;
          if (ending && endpoint.endsWith('sign-out-everywhere')) tokens[caller as Role] = await signIn(sut, login.username, login.password);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.values(MATRIX).reduce((n, m) => n + Object.keys(m).length, 0) * (ROLES.length + 1));
  });

  it("keeps an applicant out of another institution's applications, whatever id they guess", async () => {
    const other = makeCreditCode('91350200', String(Date.now() % 1e8).padStart(8, '0'));
    await sut.http('PUT', `${sut.applicationsUrl}/api/calls/2026`, { quota: 5, opensOn: '2026-01-01', closesOn: '2026-12-31', policyVersion: 'xiamen-2021-114' }, tokens.staff);
    const theirs = await sut.http<{ id: string }>('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode: other, institutionName: '别家机构', callYear: 2026,
      eligibilityFacts: factsFor(other),
    }, tokenFor('applicant', { institution: other }));
    expect(theirs.status).toBe(201);
    const mine = tokens.applicant;
    const guessed = await sut.http<{ type: string }>('GET', `${sut.applicationsUrl}/api/applications/${theirs.body.id}`, undefined, mine);
    expect(guessed.status).toBe(404); // not 403: existence is not revealed
    expect((await sut.http('POST', `${sut.applicationsUrl}/api/applications/${theirs.body.id}/materials`, {}, mine)).status).toBe(404);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/applications?creditCode=${other}`, undefined, mine)).status).toBe(403);
    const list = await sut.http<Array<{ creditCode: string }>>('GET', `${sut.applicationsUrl}/api/applications`, undefined, mine);
    expect(list.body.every((a) => a.creditCode === DEV_INSTITUTION)).toBe(true);
    const forOther = await sut.http('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode: other, institutionName: '冒名', callYear: 2026,
      eligibilityFacts: factsFor(other),
    }, mine);
    expect(forOther.status).toBe(403);
    expect((await sut.http('GET', `${sut.notificationsUrl}/api/notifications?recipient=institution:${other}`, undefined, mine)).status).toBe(403);
    // Staff see it.
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/applications/${theirs.body.id}`, undefined, tokens.staff)).status).toBe(200);
  });
});
