import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeServiceDocuments } from './openapi-merge';

const problem = { type: 'object', properties: { type: { type: 'string' } } };
const service = (paths: Record<string, unknown>, schemas: Record<string, unknown>, tags: string[] = []): OpenAPIObject =>
  ({ openapi: '3.0.0', info: { title: 's', version: '1' }, paths, tags: tags.map((name) => ({ name })), components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } }) as OpenAPIObject;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe(mergeServiceDocuments.name, () => {
  const merged = mergeServiceDocuments(
    {
      applications: service(
        {
          '/api/health': { get: { operationId: 'HealthController_health', tags: ['health'], responses: {} } },
          '/api/calls/{year}': { parameters: [], put: { operationId: 'CallController_upsert', tags: ['calls'], requestBody: { content: { 'application/json': { schema: ref('UpsertDto') } } }, responses: { '400': { content: { 'application/problem+json': { schema: ref('Problem') } } } } } },
          '/metrics': { get: { operationId: 'MetricsController_metrics', responses: {} } },
        },
        { Problem: problem, UpsertDto: { type: 'object', properties: { quota: { type: 'integer' } } } },
        ['calls'],
      ),
      scoring: service(
        {
          '/api/health': { get: { operationId: 'HealthController_health', tags: ['health'], responses: {} } },
          '/api/experts': { post: { operationId: 'ExpertController_create', tags: ['experts'], requestBody: { content: { 'application/json': { schema: ref('UpsertDto') } } }, responses: { '400': { content: { 'application/problem+json': { schema: ref('Problem') } } } } } },
        },
        { Problem: problem, UpsertDto: { type: 'object', properties: { name: { type: 'string' } } } },
      ),
    },
    { title: 'all', version: '1' },
  );

  it('publishes each service\'s API under /svc/<service>, with its operation ids prefixed, and nothing outside /api/', () => {
    expect(Object.keys(merged.paths).sort()).toEqual(['/svc/applications/api/calls/{year}', '/svc/applications/api/health', '/svc/scoring/api/experts', '/svc/scoring/api/health']);
    expect([merged.paths['/svc/applications/api/health']!.get!.operationId, merged.paths['/svc/scoring/api/health']!.get!.operationId]).toEqual(['applications_HealthController_health', 'scoring_HealthController_health']);
    expect(merged.paths['/svc/applications/api/calls/{year}']!.parameters).toEqual([]);
  });

  it('keeps a schema two services define alike once, and renames one they define differently, with its references', () => {
    expect(Object.keys(merged.components!.schemas!).sort()).toEqual(['Problem', 'UpsertDto', 'UpsertDto_scoring']);
    const body = (path: string, method: 'put' | 'post') => (merged.paths[path]![method]!.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json']!.schema;
    expect([body('/svc/applications/api/calls/{year}', 'put'), body('/svc/scoring/api/experts', 'post')]).toEqual([ref('UpsertDto'), ref('UpsertDto_scoring')]);
    expect(merged.paths['/svc/scoring/api/experts']!.post!.responses['400']).toEqual({ content: { 'application/problem+json': { schema: ref('Problem') } } });
  });

  it('lists each concept\'s tag once, and the bearer scheme', () => {
    expect(merged.tags!.map((t) => t.name)).toEqual(['calls', 'experts', 'health']);
    expect(merged.components!.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
  });
});
