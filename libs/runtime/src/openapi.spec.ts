import type { OpenAPIObject } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCreditCode } from './is-credit-code';
import { documentProblems, documentValidation, methodNotAllowed } from './openapi';

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
  },
}) as OpenAPIObject;

const statuses = (d: OpenAPIObject, path: string, method: 'get' | 'put') => Object.keys(d.paths[path]![method]!.responses).sort();

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

  it('documents by what an operation takes: parameters 400, a named thing 404, a write 409 and 422, a body 413', () => {
    const d = documentProblems(doc());
    expect(statuses(d, '/api/things/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '503']);
    expect(statuses(d, '/api/things/{id}', 'put')).toEqual(['200', '400', '401', '403', '404', '409', '413', '422', '503']);
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
          },
          required: ['reason'],
        },
      },
    },
  }) as OpenAPIObject;

  it('gives each documented property the constraints its class-validator decorators check, keeping the examples', () => {
    const props = (documentValidation(documented()).components!.schemas!['ReasonDto'] as { properties: Record<string, unknown> }).properties;
    expect(props['reason']).toEqual({ type: 'string', example: '材料不全', minLength: 1, maxLength: 500 });
    expect(props['days']).toEqual({ type: 'integer', minimum: 1, maximum: 30 });
    expect(props['creditCode']).toMatchObject({ example: '91350200MA2Y0001XE', format: 'credit-code', minLength: 18, maxLength: 18 });
    expect(props['expertIds']).toMatchObject({ maxItems: 5, items: { type: 'string', format: 'uuid' } });
  });

  it('requires what class-validator requires (every property not @IsOptional)', () => {
    const schema = documentValidation(documented()).components!.schemas!['ReasonDto'] as { required: string[] };
    expect([...schema.required].sort()).toEqual(['creditCode', 'expertIds', 'reason']);
  });
});
