import { type INestApplication, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ApiParam, type OpenAPIObject } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ACCESS_EXTENSION } from '@sme/auth';
import { ParseYearPipe } from './parse-year.pipe';
import { PROBLEM_BASE } from './problem-details';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];
type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

const bilingual: SchemaObject = {
  type: 'object',
  required: ['zh', 'en'],
  properties: { zh: { type: 'string', example: '请求内容有误：callYear' }, en: { type: 'string', example: 'invalid fields: callYear' } },
};

/**
 * RFC 9457 problem details as every service answers a refusal or a fault (libs/runtime ProblemDetailsFilter): the
 * type names the refusal, `message` says it in Chinese and English, `article` is the measure's article behind a rule,
 * `code` the workflow's own refusal code, `errors` the fields of a request that failed validation.
 */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: `${PROBLEM_BASE}/<refusal>, or about:blank`, example: `${PROBLEM_BASE}/validation` },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', example: 'invalid fields: callYear' },
    instance: { type: 'string', description: 'the request path', example: '/api/applications' },
    message: bilingual,
    article: { type: 'string', description: '认定管理暂行办法的条款 / the article of the measure', example: '第十条' },
    code: { type: 'string', description: 'the refusal code of a workflow update', example: 'stage' },
    retryAfter: { type: 'integer', description: 'seconds (also in the Retry-After header)', example: 2 },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'reason'], properties: { field: { type: 'string', example: 'callYear' }, reason: bilingual } },
    },
  },
  additionalProperties: true,
};

/** A response whose body is a problem (for `@ApiResponse` and the document's defaults). */
export function problemResponse(description: string): Responses[string] {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

const DESCRIPTIONS: Record<number, string> = {
  400: '请求内容有误（字段及原因见 errors）/ the request is invalid (errors names each field)',
  401: '未登录或登录已失效 / not signed in, or the session ended',
  403: '无权执行此操作 / the caller\'s role may not do this',
  404: '对象不存在 / not found',
  409: '当前状态不允许此操作（原因、条款与 code 见正文）/ refused in the current state (reason, article and code in the body)',
  413: '请求内容过大 / the request body is too large',
  422: '违反认定规则（条款见 article）/ breaks a rule of the measure (see article)',
  503: '系统部分组件正在恢复，请按 Retry-After 重试 / a part of the system is restarting: retry after Retry-After',
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Who may call each operation, and its refusals and faults. A public operation (`x-access: public`, from @Public())
 * needs no credentials: `security: []` overrides the document's bearer requirement. Refusals are documented with the
 * problem schema where the operation does not say more: 400 when it takes parameters or a body; 401 and 403 unless
 * it is public; 404 when its path names something; 409 and 422 on writes; 413 when it takes a body; 503 everywhere
 * (a dependency restarting).
 */
export function documentProblems(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, Operation]>) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const statuses: number[] = [];
      const takesInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
      if (takesInput) statuses.push(400);
      const isPublic = (op as unknown as Record<string, unknown>)[ACCESS_EXTENSION] === 'public';
      if (isPublic) op.security = [];
      if (!isPublic) statuses.push(401, 403);
      if (path.includes('{')) statuses.push(404);
      if (WRITES.has(method)) statuses.push(409, 422);
      if (op.requestBody !== undefined) statuses.push(413);
      statuses.push(503);
      for (const status of statuses) op.responses[String(status)] ??= problemResponse(DESCRIPTIONS[status]!);
    }
  }
  return doc;
}

/** What a path parameter's pipe accepts, as its OpenAPI schema: the pipe is the one source of both. */
function pipeSchema(pipe: unknown): Record<string, unknown> | null {
  const is = (cls: new (...a: never[]) => unknown) => pipe === cls || pipe instanceof cls;
  if (is(ParseUUIDPipe)) return { type: 'string', format: 'uuid', example: '3fa85f64-5717-4562-b3fc-2c963f66afa6' };
  if (is(ParseYearPipe)) return { type: 'integer', minimum: 2000, maximum: 2200, example: 2026 };
  if (is(ParseIntPipe)) return { type: 'integer', example: 2026 };
  return null;
}

/** Handlers already documented (several apps in one process, as in tests, share the controller classes). */
const documented = new WeakSet<object>();
/** By operation id (Swagger's `<Controller>_<method>`): the classes a handler's whole query or path object is validated as. */
const inputClasses = new Map<string, Array<{ in: 'query' | 'path'; name: string }>>();

/**
 * Reads every handler's inputs before the first document is built. A path parameter parsed by a pipe is documented
 * with what that pipe accepts (ParseUUIDPipe: a uuid; ParseYearPipe: a year 2000-2200; ParseIntPipe: an integer);
 * a whole query or path object is remembered by its class, for `documentValidation` to constrain its parameters.
 */
export function documentHandlerInputs(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as (new (...a: never[]) => unknown) | null;
      if (!metatype?.prototype) continue;
      const proto = metatype.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, key);
        if (key === 'constructor' || typeof descriptor?.value !== 'function' || Reflect.getMetadata(METHOD_METADATA, descriptor.value) === undefined) continue;
        if (documented.has(descriptor.value as object)) continue; // another app in the same process (tests)
        documented.add(descriptor.value as object);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, key) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        const paramTypes = (Reflect.getMetadata('design:paramtypes', proto, key) ?? []) as unknown[];
        for (const [type, arg] of Object.entries(args)) {
          const kind = Number(type.split(':')[0]);
          // A whole query or path object validated as a class: its properties are documented from that class.
          if ((kind === RouteParamtypes.QUERY || kind === RouteParamtypes.PARAM) && arg.data === undefined) {
            const cls = paramTypes[(arg as { index?: number }).index ?? -1];
            if (typeof cls === 'function' && cls !== Object) {
              inputClasses.set(`${metatype.name}_${key}`, [...(inputClasses.get(`${metatype.name}_${key}`) ?? []), { in: kind === RouteParamtypes.QUERY ? 'query' : 'path', name: cls.name }]);
            }
            continue;
          }
          if (kind !== RouteParamtypes.PARAM || typeof arg.data !== 'string') continue;
          const schema = (arg.pipes ?? []).map(pipeSchema).find((x) => x !== null);
          if (schema) ApiParam({ name: arg.data, required: true, schema })(proto, key, descriptor);
        }
      }
    }
  }
}

interface Route {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * An express middleware that answers a method a documented path does not take with 405 and the methods it does
 * take in `Allow` (RFC 9110), as a problem, instead of the framework's 404 ("no such path"). The paths and their
 * methods come from the OpenAPI document, built once on first use.
 */
export function methodNotAllowed(document: () => OpenAPIObject): (req: { method: string; path: string }, res: MethodNotAllowedResponse, next: () => void) => void {
  let routes: Route[] | null = null;
  const table = (): Route[] =>
    (routes ??= Object.entries(document().paths).map(([path, item]) => ({
      pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      methods: new Set(Object.keys(item).filter((m) => HTTP_METHODS.has(m)).map((m) => m.toUpperCase())),
    })));
  return (req, res, next) => {
    if (!req.path.startsWith('/api/')) return next();
    const matching = table().filter((r) => r.pattern.test(req.path));
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((r) => [...r.methods]));
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }
    res.setHeader('Allow', allow);
    res.status(405).type('application/problem+json').json({
      type: `${PROBLEM_BASE}/method-not-allowed`,
      title: 'Method Not Allowed',
      status: 405,
      detail: `${req.method} is not allowed here: ${allow}`,
      message: { zh: `此地址不支持 ${req.method} 请求，可用：${allow}`, en: `${req.method} is not allowed here: ${allow}` },
      instance: req.path,
    });
  };
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The part of express's response the 405 middleware uses. */
export interface MethodNotAllowedResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): MethodNotAllowedResponse;
  type(t: string): MethodNotAllowedResponse;
  json(body: unknown): unknown;
  end(): unknown;
}

/** The keywords class-validator's checks add to a property's schema (the document keeps its own descriptions and examples). */
const CONSTRAINTS = ['type', 'format', 'pattern', 'enum', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems'] as const;

/** A unified social credit code as JSON Schema can say it (the check digits need the format's own generator). */
export const CREDIT_CODE_SCHEMA = { type: 'string' as const, format: 'credit-code', pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$', minLength: 18, maxLength: 18 };

type Json = Record<string, unknown>;

function mergeConstraints(documented: Json, derived: Json): Json {
  const out: Json = { ...documented };
  for (const k of CONSTRAINTS) {
    if (derived[k] === undefined) continue;
    // A $ref or an enum the document already names stays; an integer is narrower than a number.
    if (k === 'type' && (out['$ref'] || out['allOf'] || (out['type'] && !(out['type'] === 'number' && derived[k] === 'integer')))) continue;
    out[k] = derived[k];
  }
  const items = derived['items'] as Json | undefined;
  if (items && !('$ref' in items) && documented['items'] && !('$ref' in (documented['items'] as Json))) out['items'] = mergeConstraints(documented['items'] as Json, items);
  else if (items && !('$ref' in items) && !documented['items']) out['items'] = items;
  return out;
}

/**
 * The request schemas as strict as class-validator checks them: each documented class's properties get the
 * constraints its decorators declare (lengths, ranges, patterns, enums, formats, array sizes, required), derived at
 * start from class-validator's own metadata (class-validator-jsonschema), so the validation is the one source.
 */
export function documentValidation(doc: OpenAPIObject): OpenAPIObject {
  const derived = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    additionalConverters: { isCreditCode: () => ({ ...CREDIT_CODE_SCHEMA }) },
  }) as Record<string, Json>;
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) {
    const from = derived[name];
    if (!from || typeof schema['properties'] !== 'object') continue;
    const props = schema['properties'] as Record<string, Json>;
    for (const [prop, d] of Object.entries((from['properties'] ?? {}) as Record<string, Json>)) {
      if (props[prop]) props[prop] = mergeConstraints(props[prop], d);
    }
    const required = new Set([...((schema['required'] as string[] | undefined) ?? []), ...((from['required'] as string[] | undefined) ?? [])].filter((p) => p in props));
    if (required.size > 0) schema['required'] = [...required];
  }
  // Query and path objects: Swagger lists their properties as parameters; each gets its class's constraints.
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as Operation[]) {
      const classes = op && typeof op === 'object' && op.operationId ? inputClasses.get(op.operationId) : undefined;
      if (!classes) continue;
      for (const param of (op.parameters ?? []) as Array<Json & { name: string; in: string; schema?: Json }>) {
        for (const c of classes.filter((x) => x.in === param.in)) {
          const d = ((derived[c.name]?.['properties'] ?? {}) as Record<string, Json>)[param.name];
          if (!d) continue;
          param.schema = mergeConstraints(param.schema ?? {}, d);
          if (((derived[c.name]?.['required'] as string[] | undefined) ?? []).includes(param.name)) param.required = true;
        }
      }
    }
  }
  return doc;
}
