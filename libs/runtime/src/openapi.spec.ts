import type { OpenAPIObject } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from './calendar-date';
import { IsCreditCode } from './is-credit-code';
import { documentProblems, documentValidation, methodNotAllowed, SchemaRules } from './openapi';

const doc = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/health': { get: { 'x-access': 'public', responses: { '200': { description: 'up' } } } },
    '/api/things/{id}': {
      get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } },
      put: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'ok' }, '409': { description: 'its own words' } },
      },
    },
    '/api/things/new': { post: { responses: { '201': { description: 'made' } } } },
  },
}) as OpenAPIObject;

const statuses = (d: OpenAPIObject, path: string, method: 'get' | 'put' | 'post') => Object.keys(d.paths[path]![method]!.responses).sort();

describe('documentProblems', () => {
  it('adds the Problem schema and refers every added response to it as application/problem+json', () => {
    const d = documentProblems(doc());
    expect(d.components?.schemas?.['Problem']).toMatchObject({ required: ['type', 'title', 'status', 'detail'] });
    expect(d.paths['/api/things/{id}']!.get!.responses['404']).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  });

  it('documents a public operation as needing no credentials, with no sign-in refusals, and a restarting dependency everywhere', () => {
    const d = documentProblems(doc());
    expect(d.paths['/api/health']!.get!.security).toEqual([]);
    expect(d.paths['/api/things/{id}']!.get!.security).toBeUndefined();
    expect(statuses(d, '/api/health', 'get')).toEqual(['200', '503']);
  });

  it('documents by what an operation takes: parameters 400, a named thing 404, a write 409 and 422, a query 422, a body 413', () => {
    const withQuery = doc();
    withQuery.paths['/api/list'] = { get: { parameters: [{ name: 'from', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } } as never;
    expect(statuses(documentProblems(withQuery), '/api/list', 'get')).toEqual(['200', '400', '401', '403', '422', '503']);
    const d = documentProblems(doc());
    expect(statuses(d, '/api/things/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '503']);
    expect(statuses(d, '/api/things/{id}', 'put')).toEqual(['200', '400', '401', '403', '404', '409', '413', '422', '503']);
  });

  it('documents the success answer Swagger drops once an operation declares another (a throttled one\'s 429)', () => {
    const throttled = doc();
    throttled.paths['/api/sign-in'] = { post: { 'x-access': 'public', responses: { '429': { description: 'slow down' } } } } as never;
    expect(statuses(documentProblems(throttled), '/api/sign-in', 'post')).toContain('201');
  });

  it('keeps what an operation documents itself', () => {
    expect(documentProblems(doc()).paths['/api/things/{id}']!.put!.responses['409']).toEqual({ description: 'its own words' });
  });
});

describe('methodNotAllowed', () => {
  const answer = (method: string, path: string) => {
    const res = { headers: {} as Record<string, string>, code: 0, body: undefined as unknown, nexted: false };
    const r = {
      setHeader: (n: string, v: string) => (res.headers[n] = v),
      status: (c: number) => ((res.code = c), r),
      type: () => r,
      json: (b: unknown) => (res.body = b),
      end: () => undefined,
    };
    methodNotAllowed(doc)({ method, path }, r, () => (res.nexted = true));
    return res;
  };

  it('answers a method the path does not take with 405, the methods it takes in Allow, and a bilingual problem', () => {
    const res = answer('DELETE', '/api/things/42');
    expect(res.code).toBe(405);
    expect(res.headers['Allow']).toBe('GET, HEAD, PUT');
    expect(res.body).toMatchObject({ status: 405, type: expect.stringMatching(/method-not-allowed$/), message: { zh: expect.stringContaining('DELETE') } });
  });

  it('matches a literal path before a template that also matches it', () => {
    const res = answer('PUT', '/api/things/new');
    expect([res.code, res.headers['Allow']]).toEqual([405, 'POST']);
    expect(answer('POST', '/api/things/new').nexted).toBe(true);
  });

  it('passes on the methods a path takes (HEAD with GET), unknown paths (the 404 stays the router\'s), and answers OPTIONS with Allow', () => {
    expect(answer('PUT', '/api/things/42').nexted).toBe(true);
    expect(answer('HEAD', '/api/things/42').nexted).toBe(true);
    expect(answer('TRACE', '/api/nothing-here').nexted).toBe(true);
    const options = answer('OPTIONS', '/api/health');
    expect([options.code, options.headers['Allow']]).toEqual([204, 'GET, HEAD']);
  });
});

class ReasonDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  days?: number;

  @IsCreditCode()
  creditCode!: string;

  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('4', { each: true })
  expertIds!: string[];

  @IsOptional()
  @IsCalendarDate()
  closesOn?: string;
}

class NoteDto {
  @IsOptional() @IsString() note?: string;
  @IsOptional() @IsObject() form?: Record<string, unknown>;
}

@SchemaRules({ oneOf: [{ required: ['ids'] }, { required: ['all'] }] })
class IdsOrAllDto {
  @IsOptional() @IsUUID('all', { each: true }) ids?: string[];
  @IsOptional() all?: true;
}

describe('documentValidation', () => {
  const documented = (): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {},
    components: {
      schemas: {
        // Swagger names a class's schema by the class, as class-validator's metadata does.
        [ReasonDto.name]: {
          type: 'object',
          properties: {
            reason: { type: 'string', example: '材料不全' },
            days: { type: 'number' },
            creditCode: { type: 'string', example: '91350200MA2Y0001XE' },
            expertIds: { type: 'array', items: { type: 'string' } },
            closesOn: { type: 'string', example: '2027-01-15' },
          },
          required: ['reason'],
        },
        [NoteDto.name]: { type: 'object', properties: { note: { type: 'string' }, form: { type: 'object', example: { name: '甲' } } } },
        [IdsOrAllDto.name]: { type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } }, all: { type: 'boolean' } } },
      },
    },
  }) as OpenAPIObject;

  it('gives each documented property the constraints its class-validator decorators check, keeping the examples', () => {
    const props = (documentValidation(documented()).components!.schemas!['ReasonDto'] as { properties: Record<string, unknown> }).properties;
    expect(props['reason']).toEqual({ type: 'string', example: '材料不全', minLength: 1, maxLength: 500 });
    // @IsOptional() lets null through too.
    expect(props['days']).toEqual({ type: 'integer', minimum: 1, maximum: 30, nullable: true });
    expect(props['creditCode']).toMatchObject({ example: '91350200MA2Y0001XE', format: 'credit-code', minLength: 18, maxLength: 18 });
    expect(props['expertIds']).toMatchObject({ maxItems: 5, items: { type: 'string', format: 'uuid' } });
    expect(props['closesOn']).toEqual({ type: 'string', example: '2027-01-15', format: 'date', nullable: true });
    expect(props['reason']).not.toHaveProperty('nullable');
  });

  it('documents a free-form object (@IsObject) as taking any member, not as an empty object', () => {
    const props = (documentValidation(documented()).components!.schemas!['NoteDto'] as { properties: Record<string, unknown> }).properties;
    expect(props['form']).toEqual({ type: 'object', example: { name: '甲' }, additionalProperties: true, nullable: true });
  });

  it('narrows a version-4 uuid to its pattern, and leaves any version as format uuid', () => {
    const schemas = documentValidation(documented()).components!.schemas! as Record<string, { properties: Record<string, { items: Record<string, unknown> }> }>;
    const v4 = new RegExp(schemas['ReasonDto']!.properties['expertIds']!.items['pattern'] as string);
    expect([v4.test('3fa85f64-5717-4562-b3fc-2c963f66afa6'), v4.test('e3e70682-c209-1cac-a29f-6fbed82c07cd')]).toEqual([true, false]);
    expect(schemas['IdsOrAllDto']!.properties['ids']!.items).toEqual({ type: 'string', format: 'uuid' });
  });

  it('lets a body whose fields are all optional (and that names no either-or) be left out', () => {
    const doc = documented();
    const body = (name: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
    doc.paths['/a'] = { post: { requestBody: body('NoteDto'), responses: {} } } as never;
    doc.paths['/b'] = { post: { requestBody: body('ReasonDto'), responses: {} } } as never;
    doc.paths['/c'] = { post: { requestBody: body('IdsOrAllDto'), responses: {} } } as never;
    const out = documentValidation(doc).paths as Record<string, { post: { requestBody: { required?: boolean } } }>;
    expect(['/a', '/b', '/c'].map((p) => out[p]!.post.requestBody.required)).toEqual([false, true, true]);
  });

  it('adds what a class checks across its fields (SchemaRules) to its schema', () => {
    expect(documentValidation(documented()).components!.schemas!['IdsOrAllDto']).toMatchObject({ oneOf: [{ required: ['ids'] }, { required: ['all'] }] });
  });

  it('requires what class-validator requires (every property not @IsOptional)', () => {
    const schema = documentValidation(documented()).components!.schemas!['ReasonDto'] as { required: string[] };
    expect([...schema.required].sort()).toEqual(['creditCode', 'expertIds', 'reason']);
  });

  it('closes a schema a request body names (directly or nested) to the fields its class declares, and leaves responses open', () => {
    const doc = documented();
    const schemas = doc.components!.schemas! as Record<string, Record<string, unknown>>;
    schemas['Wrapper'] = { type: 'object', properties: { inner: { $ref: '#/components/schemas/ReasonDto' } } };
    doc.paths['/a'] = { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Wrapper' } } } }, responses: {} } } as never;
    expect(documentValidation(documented()).components!.schemas!['ReasonDto']).not.toHaveProperty('additionalProperties');
    const out = documentValidation(doc).components!.schemas! as Record<string, Record<string, unknown>>;
    expect(out['ReasonDto']!['additionalProperties']).toBe(false);
    // Wrapper has no class-validator metadata: nothing says which fields it refuses.
    expect(out['Wrapper']).not.toHaveProperty('additionalProperties');
  });
});
