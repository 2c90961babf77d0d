import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;

/** The methods of a path item (its other keys, such as `parameters`, are not operations). */
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Rewrites every `#/components/schemas/<from>` reference under `node` by `rename`. */
export function renameRefs(node: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, rename));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? `#/components/schemas/${rename(v.slice('#/components/schemas/'.length))}` : renameRefs(v, rename);
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * One document for the whole system as the gateway serves it: each service's API paths under `/svc/<service>` (the
 * way a browser or an integrator reaches them there), operation ids prefixed with the service (each service has its
 * own health check), tags kept (one per concept, shared where two services work on one). A component schema two
 * services define alike is kept once; one they define differently is renamed `<Name>_<service>` in the second, with
 * its references. Operations outside `/api/` (documents, metrics) are not published through the gateway.
 */
export function mergeServiceDocuments(docs: Record<string, OpenAPIObject>, info: OpenAPIObject['info']): OpenAPIObject {
  const merged: OpenAPIObject = { openapi: '3.0.0', info, paths: {}, tags: [], components: { schemas: {}, securitySchemes: {} } };
  const schemas = merged.components!.schemas as Record<string, unknown>;
  const tags = new Map<string, Json>();
  for (const [service, original] of Object.entries(docs)) {
    const own = (original.components?.schemas ?? {}) as Record<string, unknown>;
    const renamed = new Map<string, string>();
    for (const [name, schema] of Object.entries(own)) if (name in schemas && !same(schemas[name], schema)) renamed.set(name, `${name}_${service}`);
    const doc = renameRefs(original, (name) => renamed.get(name) ?? name) as OpenAPIObject;
    for (const [name, schema] of Object.entries((doc.components?.schemas ?? {}) as Record<string, unknown>)) schemas[renamed.get(name) ?? name] = schema;
    Object.assign(merged.components!.securitySchemes!, doc.components?.securitySchemes ?? {});
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      const ops: Json = {};
      for (const [key, value] of Object.entries(item as Json)) {
        const op = value as Json;
        ops[key] = METHODS.has(key) && typeof op['operationId'] === 'string' ? { ...op, operationId: `${service}_${op['operationId']}` } : value;
      }
      merged.paths[`/svc/${service}${path}`] = ops;
    }
    for (const tag of doc.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag as unknown as Json);
    for (const item of Object.values(doc.paths)) {
      for (const [key, op] of Object.entries(item as Json)) {
        if (!METHODS.has(key)) continue;
        for (const name of ((op as Json)['tags'] as string[] | undefined) ?? []) if (!tags.has(name)) tags.set(name, { name });
      }
    }
  }
  merged.tags = [...tags.values()].sort((a, b) => String(a['name']).localeCompare(String(b['name']))) as unknown as OpenAPIObject['tags'];
  merged.security = [{ bearer: [] }];
  return merged;
}
