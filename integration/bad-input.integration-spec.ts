import { DEV_EXPERT_ID, DEV_INSTITUTION } from '@sme/auth';
import { allowedRole, MATRIX, PLACEHOLDERS, type Service } from './endpoints';
import { SystemUnderTest, tokenFor } from './harness';

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: { type?: string; pattern?: string; format?: string; enum?: unknown[]; maxLength?: number } }>; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, { type?: string; $ref?: string; items?: unknown }> }> };
}

/** A value of the wrong JSON type for a property of this OpenAPI type. */
function wrongTypeFor(type: string | undefined): unknown {
  switch (type) {
    case 'string': return 12345;
    case 'number': case 'integer': return 'not a number';
    case 'boolean': return 'yes';
    case 'array': return 'not an array';
    default: return 42;
  }
}

const BAD_IDS = ['not-a-uuid', 'x'.repeat(3000), "1' OR '1'='1", '%E4%B8%AD%00', '-1', '99999999999999999999999', '..%2F..%2Fetc%2Fpasswd'];
const BAD_QUERY_VALUES = ['x'.repeat(3000), '-1', 'NaN', '[object Object]', "' OR 1=1 --"];
/** Endpoints whose job is to judge an arbitrary value: they answer 200 with a verdict (valid: false), never 5xx. */
const VERDICT_ENDPOINTS = new Set(['GET /api/credit-codes/{code}']);

/**
 * Every endpoint, called by a role it admits, with malformed, missing, oversized and wrong-typed bodies, ids and
 * query values: each answer is a 4xx RFC 9457 problem, never a 5xx.
 */
describe('bad input: every endpoint answers 4xx problem details, never 500', () => {
  let sut: SystemUnderTest;
  const docs = {} as Record<Service, OpenApi>;
  const base = (s: Service) => ({ applications: sut.applicationsUrl, scoring: sut.scoringUrl, notifications: sut.notificationsUrl })[s];

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_bad_input');
    for (const s of Object.keys(MATRIX) as Service[]) docs[s] = (await sut.http<OpenApi>('GET', `${base(s)}/docs/json`)).body;
  }, 120_000);
  afterAll(async () => {
    await sut?.stop();
  });

  it('answers every malformed request with a 4xx problem', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const service of Object.keys(MATRIX) as Service[]) {
      for (const [endpoint, access] of Object.entries(MATRIX[service])) {
        if (endpoint === 'GET /metrics') continue;
        const [method, template] = endpoint.split(' ') as [string, string];
        const op = docs[service].paths[template]?.[method.toLowerCase()];
        if (!op) throw new Error(`${service} ${endpoint} is not documented`);
        const role = allowedRole(access);
        const token = role ? tokenFor(role, { institution: DEV_INSTITUTION, expertId: DEV_EXPERT_ID }) : undefined;
        const fill = (name: string) => PLACEHOLDERS[name] ?? 'x';
        const goodPath = template.replace(/\{(\w+)\}/g, (_, n: string) => fill(n));
        const cases: Array<{ what: string; path: string; body?: string }> = [];

        for (const param of (op.parameters ?? []).filter((p) => p.in === 'path')) {
          for (const bad of BAD_IDS) {
            cases.push({ what: `path ${param.name}=${bad.slice(0, 20)}`, path: template.replace(/\{(\w+)\}/g, (_, n: string) => (n === param.name ? encodeURIComponent(bad) : fill(n))), body: method === 'GET' ? undefined : '{}' });
          }
        }
        for (const param of (op.parameters ?? []).filter((p) => p.in === 'query')) {
          // A free-text parameter (a search, a filter by name) may take any short string: only the oversized one is bad.
          const freeText = param.schema?.type === 'string' && !param.schema.pattern && !param.schema.format && !param.schema.enum;
          // A value the documented pattern and length accept is not bad input (e.g. an actor name may be '-1').
          const accepted = (v: string) => param.schema?.type === 'string' && !!param.schema.pattern && !param.schema.enum && !param.schema.format
            && new RegExp(param.schema.pattern).test(v) && v.length <= (param.schema.maxLength ?? Infinity);
          for (const bad of (freeText ? BAD_QUERY_VALUES.slice(0, 1) : BAD_QUERY_VALUES).filter((v) => !accepted(v))) cases.push({ what: `query ${param.name}=${bad.slice(0, 20)}`, path: `${goodPath}?${param.name}=${encodeURIComponent(bad)}` });
          cases.push({ what: `query ${param.name} twice`, path: `${goodPath}?${param.name}=1&${param.name}=2` });
        }
        if (method !== 'GET') {
          const ref = op.requestBody?.content['application/json']?.schema.$ref;
          const props = ref ? (docs[service].components.schemas[ref.split('/').pop()!]?.properties ?? {}) : {};
          const wrongTyped = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, wrongTypeFor(v.type ?? (v.$ref ? 'object' : undefined))]));
          for (const [what, body] of [
            ['malformed JSON', '{"broken": '],
            ['an array', '[]'],
            ['a string', '"text"'],
            ['a number', '42'],
            ['null', 'null'],
            ['wrong types', JSON.stringify(wrongTyped)],
            ['an unknown field', JSON.stringify({ ...wrongTyped, notAField: true })],
            ['2 MB', JSON.stringify({ blob: 'a'.repeat(2_000_000) })],
            ...(Object.keys(props).length ? [['missing fields', '{}']] : []),
          ] as Array<[string, string]>) {
            cases.push({ what: `body: ${what}`, path: goodPath, body });
          }
        }

        for (const c of cases) {
          const res = await fetch(`${base(service)}${c.path}`, {
            method,
            headers: { ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: c.body,
          });
          sent++;
          const type = res.headers.get('content-type') ?? '';
          const text = await res.text();
          const verdict = VERDICT_ENDPOINTS.has(endpoint) && res.status === 200;
          let problem: { status?: number; type?: string; message?: { zh?: string; en?: string } } = {};
          try {
            problem = JSON.parse(text) as typeof problem;
          } catch {
            /* reported below */
          }
          const ok = verdict || (res.status >= 400 && res.status < 500 && type.includes('application/problem+json') && problem.status === res.status && !!problem.message?.zh && !!problem.message?.en);
          if (!ok) failures.push(`${service} ${endpoint} ${c.what}: ${res.status} ${type} ${text.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(250); // the sweep ran: 284 requests when written
  });

  it('answers a survey share in exponent form (1e-7) with a 400 naming it, where class-validator would throw', async () => {
    const res = await sut.http<{ status: number; errors: Array<{ field: string }> }>('POST', `${sut.applicationsUrl}/api/applications/${PLACEHOLDERS['id']}/site-visit`, {
      checklist: { premises: true }, surveySatisfaction: 1e-7, opinion: '情况属实', expertIds: [DEV_EXPERT_ID],
    }, tokenFor('staff'));
    expect([res.status, res.body.errors.map((e) => e.field)]).toEqual([400, ['surveySatisfaction']]);
  });

  it('answers a NUL character bound for a JSON column (a draft, an expert\'s relationships) with 422 unsupported-character, and stores nothing', async () => {
    const draft = await sut.http<{ type: string }>('POST', `${sut.applicationsUrl}/api/drafts`, { callYear: 2026, content: { 'name\u0000': '机构' } }, tokenFor('applicant', { institution: DEV_INSTITUTION }));
    const expert = await sut.http<{ type: string }>('POST', `${sut.scoringUrl}/api/experts`, {
      name: '专家\u0000乙', fields: ['检验检测'], relationships: [{ creditCode: DEV_INSTITUTION, nature: '任职\u0000' }],
    }, tokenFor('staff'));
    expect([draft.status, draft.body.type, expert.status, expert.body.type]).toEqual([422, expect.stringMatching(/unsupported-character$/), 422, expect.stringMatching(/unsupported-character$/)]);
    const drafts = await sut.http<unknown[]>('GET', `${sut.applicationsUrl}/api/drafts`, undefined, tokenFor('applicant', { institution: DEV_INSTITUTION }));
    expect(JSON.stringify(drafts.body)).not.toContain('name\\u0000');
  });

  it('refuses a draft version beyond what the document allows (it reached PostgreSQL as a float before) with a 400 naming it', async () => {
    const res = await sut.http<{ errors: Array<{ field: string }> }>('PUT', `${sut.applicationsUrl}/api/drafts/${PLACEHOLDERS['id']}`, { version: 1e30, content: {} }, tokenFor('applicant', { institution: DEV_INSTITUTION }));
    expect([res.status, res.body.errors.map((e) => e.field)]).toEqual([400, ['version']]);
  });
});
