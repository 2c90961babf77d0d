import type { OpenAPIObject } from '@nestjs/swagger';
import { documentResponses, type ResponseSchemaFile } from './openapi-responses';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const doc = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/calls/{year}': {
      get: { operationId: 'CallController_get', responses: { '200': { description: '' }, '404': { description: 'nf' } } },
      put: { operationId: 'CallController_upsert', requestBody: { content: { 'application/json': { schema: ref('CallView') } } }, responses: { '400': { description: 'bad' } } },
    },
    '/api/public/register.csv': {
      get: { operationId: 'OpenDataController_csv', responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string', description: 'kept' } } } } } },
    },
  },
  components: { schemas: { CallView: { type: 'object', properties: { quota: { type: 'integer' } } } } },
});

const file: ResponseSchemaFile = {
  operations: {
    CallController_get: { status: 200, contentType: 'application/json', schema: ref('CallView') },
    CallController_upsert: { status: 200, contentType: 'application/json', schema: { type: 'array', items: ref('Stage') } },
    OpenDataController_csv: { status: 200, contentType: 'text/csv', schema: { type: 'string' } },
    OtherServiceController_list: { status: 200, contentType: 'application/json', schema: ref('Unrelated') },
  },
  components: {
    schemas: {
      CallView: { type: 'object', additionalProperties: false, properties: { year: { type: 'integer' }, stage: ref('Stage') } },
      Stage: { type: 'string', enum: ['open', 'closed'] },
      Unrelated: { type: 'object' },
    },
  },
  refusals: { CallController_upsert: ['call-closed', 'refused'] },
};

describe(documentResponses.name, () => {
  const out = documentResponses(doc(), file);
  const op = (path: string, method: 'get' | 'put') => out.paths[path]![method]!;

  it('gives each operation the schema of its success answer, by operation id, at its status', () => {
    expect(op('/api/calls/{year}', 'get').responses['200']).toEqual({ description: '', content: { 'application/json': { schema: ref('CallViewResponse') } } });
    expect(op('/api/calls/{year}', 'put').responses['200']).toEqual({ description: 'OK', content: { 'application/json': { schema: { type: 'array', items: ref('Stage') } } } });
  });

  it('renames a response schema whose name a request schema already uses differently, references included', () => {
    const schemas = out.components!.schemas as Record<string, unknown>;
    expect(schemas['CallView']).toEqual({ type: 'object', properties: { quota: { type: 'integer' } } });
    expect(schemas['CallViewResponse']).toEqual({ type: 'object', additionalProperties: false, properties: { year: { type: 'integer' }, stage: ref('Stage') } });
  });

  it('adds only the components its operations reach, and keeps an answer the controller already documents', () => {
    expect(Object.keys(out.components!.schemas!).sort()).toEqual(['CallView', 'CallViewResponse', 'Stage']);
    expect(op('/api/public/register.csv', 'get').responses['200']).toEqual({ description: 'CSV', content: { 'text/csv': { schema: { type: 'string', description: 'kept' } } } });
  });

  it('narrows the 409 problem of an operation that reaches a workflow update to the refusal codes it can carry', () => {
    const withTypes = doc();
    withTypes.paths['/api/calls/{year}']!.put!.responses['409'] = { description: 'refused', content: { 'application/problem+json': { schema: { allOf: [ref('Problem'), { type: 'object', properties: { type: { type: 'string', enum: ['x/stage'] } } }] } } } };
    const code = { type: 'string', enum: ['call-closed', 'refused'], description: expect.any(String) };
    expect(op('/api/calls/{year}', 'put').responses['409']).toEqual({ description: 'Conflict', content: { 'application/problem+json': { schema: { allOf: [ref('Problem'), { type: 'object', properties: { code } }] } } } });
    expect(documentResponses(withTypes, file).paths['/api/calls/{year}']!.put!.responses['409']).toEqual({
      description: 'refused',
      content: { 'application/problem+json': { schema: { allOf: [ref('Problem'), { type: 'object', properties: { type: { type: 'string', enum: ['x/stage'] }, code } }] } } },
    });
    expect(op('/api/calls/{year}', 'get').responses['409']).toBeUndefined();
  });

  it('leaves the document as it is when the build wrote no response schemas (code run from its sources)', () => {
    expect(documentResponses(doc(), undefined)).toEqual(doc());
  });
});
