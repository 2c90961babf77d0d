import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { renameRefs } from './openapi-merge';

type Json = Record<string, unknown>;

/** What tools/openapi/generate-responses.ts writes at build time: each handler's answer, from its TypeScript type. */
export interface ResponseSchemaFile {
  operations: Record<string, { status: number; contentType: string; schema: Json }>;
  components: { schemas: Record<string, Json> };
  /** By operation id: the refusal codes (`code` of its 409 problem) the workflow updates it reaches can answer. */
  refusals?: Record<string, string[]>;
}

/** Where `npm run build` writes the response schemas (dist/openapi, beside dist/libs/runtime/src). */
export const RESPONSE_SCHEMA_FILE = join(__dirname, '../../../openapi/responses.json');

/** The build's response schemas, or none when the code runs from its sources (unit tests). */
export function loadResponseSchemas(file = RESPONSE_SCHEMA_FILE): ResponseSchemaFile | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ResponseSchemaFile) : undefined;
}

const REF = '#/components/schemas/';

/** The component schemas `roots` reach, directly or through one another. */
function reachable(roots: unknown[], components: Record<string, Json>): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) {
        const name = v.slice(REF.length);
        if (!seen.has(name) && components[name]) {
          seen.add(name);
          visit(components[name]);
        }
      } else visit(v);
    }
  };
  visit(roots);
  return seen;
}

/**
 * Gives each operation of `doc` the schema of its success answer (by operation id, `<Controller>_<method>`), with the
 * component schemas those reach. A response component whose name a request schema already uses for something else
 * is renamed `<Name>Response`. An answer the document already describes (@ApiOkResponse with content) is kept.
 */
export function documentResponses(doc: OpenAPIObject, file: ResponseSchemaFile | undefined): OpenAPIObject {
  if (!file) return doc;
  const existing = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const renamed = new Map<string, string>();
  for (const [name, schema] of Object.entries(file.components.schemas)) {
    if (name in existing && JSON.stringify(existing[name]) !== JSON.stringify(schema)) renamed.set(name, `${name}Response`);
  }
  const rename = (name: string): string => renamed.get(name) ?? name;
  const used: unknown[] = [];
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as Array<{ operationId?: string; responses?: Record<string, Json> } | undefined>) {
      const answer = op?.operationId ? file.operations[op.operationId] : undefined;
      if (!answer || !op?.responses) continue;
      const response = (op.responses[String(answer.status)] ??= { description: answer.status === 201 ? 'Created' : 'OK' });
      const content = ((response.content as Record<string, Json> | undefined) ??= {});
      const media = (content[answer.contentType] ??= {});
      if (media.schema) continue;
      media.schema = renameRefs(answer.schema, rename) as Json;
      used.push(media.schema);
    }
  }
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as Array<{ operationId?: string; responses?: Record<string, Json> } | undefined>) {
      const codes = op?.operationId ? file.refusals?.[op.operationId] : undefined;
      if (codes && op?.responses) documentRefusalCodes(op.responses, codes);
    }
  }
  const components = Object.fromEntries(Object.entries(file.components.schemas).map(([n, s]) => [rename(n), renameRefs(s, rename) as Json]));
  const schemas: Record<string, unknown> = { ...existing };
  for (const name of [...reachable(used, components)].sort()) schemas[name] = components[name];
  doc.components = { ...doc.components, schemas: schemas as NonNullable<OpenAPIObject['components']>['schemas'] };
  return doc;
}

/**
 * Narrows an operation's 409 problem to the refusal codes it can carry: `code` as an enum beside whatever the
 * operation already says of its problem `type`s (`@Refuses`).
 */
function documentRefusalCodes(responses: Record<string, Json>, codes: string[]): void {
  const conflict = (responses['409'] ??= { description: 'Conflict' });
  const content = ((conflict.content as Record<string, Json> | undefined) ??= {});
  const media = (content['application/problem+json'] ??= {});
  const code = { type: 'string', enum: codes, description: '流程拒绝的原因代码 / the refusal code of the workflow update' };
  const schema = media.schema as Json | undefined;
  const allOf = schema && Array.isArray(schema.allOf) ? (schema.allOf as Json[]) : [schema ?? { $ref: `${REF}Problem` }];
  const narrowing = allOf.find((s) => s.type === 'object' && s.properties);
  if (narrowing) (narrowing.properties as Json).code = code;
  else allOf.push({ type: 'object', properties: { code } });
  media.schema = { allOf };
}
