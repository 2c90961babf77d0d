import { type INestApplication, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ApiParam, ApiQuery, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ACCESS_EXTENSION } from '@sme/auth';
import { ParseDatePipe } from './calendar-date';
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
 * A refusal an operation answers beyond the defaults `documentProblems` gives (a GET refused in the workflow's state:
 * 409; a public operation's own 401, 403 or 404), with the problem `type`s it may carry as an enum.
 */
export function Refuses(status: number, description: string, types: string[] = []): MethodDecorator & ClassDecorator {
  const schema = types.length === 0
    ? { $ref: '#/components/schemas/Problem' }
    : { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { type: { type: 'string', enum: types.map((t) => `${PROBLEM_BASE}/${t}`) } } }] };
  return ApiResponse({ status, description, content: { 'application/problem+json': { schema } } });
}

/** By operation id: the status a handler answers on success (its @HttpCode, else 201 for POST and 200 otherwise). */
const successStatuses = new Map<string, number>();

/**
 * Who may call each operation, and its refusals and faults. A public operation (`x-access: public`, from @Public())
 * needs no credentials: `security: []` overrides the document's bearer requirement. Refusals are documented with the
 * problem schema where the operation does not say more: 400 when it takes parameters or a body; 401 and 403 unless
 * it is public; 404 when its path names something; 409 and 422 on writes, 422 on reads with a query; 413 when it takes a
 * body; 503 everywhere
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
      // A query the schema accepts may still break a rule (a range whose end is before its start).
      else if ((op.parameters ?? []).some((p) => 'in' in p && p.in === 'query')) statuses.push(422);
      if (op.requestBody !== undefined) statuses.push(413);
      statuses.push(503);
      for (const status of statuses) op.responses[String(status)] ??= problemResponse(DESCRIPTIONS[status]!);
      // Swagger drops its default success answer once an operation documents any other (429 on throttled ones).
      if (!Object.keys(op.responses).some((s) => /^[23]/.test(s))) {
        const ok = (op.operationId && successStatuses.get(op.operationId)) || (method === 'post' ? 201 : 200);
        op.responses[String(ok)] = { description: ok === 204 ? 'No Content' : 'OK' };
      }
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
  if (is(ParseDatePipe)) return { type: 'string', format: 'date', example: '2026-10-08' };
  return null;
}

/** Handlers already documented (several apps in one process, as in tests, share the controller classes). */
const documented = new WeakSet<object>();
/** By operation id (Swagger's `<Controller>_<method>`): the classes a handler's whole query or path object is validated as. */
const inputClasses = new Map<string, Array<{ in: 'query' | 'path'; name: string }>>();
/** The classes request bodies are validated as (their nested classes are found from them). */
const bodyClasses = new Set<Constructor>();

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
        const code = Reflect.getMetadata(HTTP_CODE_METADATA, descriptor.value) as number | undefined;
        if (code !== undefined) successStatuses.set(`${metatype.name}_${key}`, code);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, key) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        const paramTypes = (Reflect.getMetadata('design:paramtypes', proto, key) ?? []) as unknown[];
        for (const [type, arg] of Object.entries(args)) {
          const kind = Number(type.split(':')[0]);
          if (kind === RouteParamtypes.BODY && arg.data === undefined) {
            const cls = paramTypes[(arg as { index?: number }).index ?? -1];
            if (typeof cls === 'function' && cls !== Object) bodyClasses.add(cls as Constructor);
          }
          // A whole query or path object validated as a class: its properties are documented from that class.
          if ((kind === RouteParamtypes.QUERY || kind === RouteParamtypes.PARAM) && arg.data === undefined) {
            const cls = paramTypes[(arg as { index?: number }).index ?? -1];
            if (typeof cls === 'function' && cls !== Object) {
              inputClasses.set(`${metatype.name}_${key}`, [...(inputClasses.get(`${metatype.name}_${key}`) ?? []), { in: kind === RouteParamtypes.QUERY ? 'query' : 'path', name: cls.name }]);
            }
            continue;
          }
          if ((kind !== RouteParamtypes.PARAM && kind !== RouteParamtypes.QUERY) || typeof arg.data !== 'string') continue;
          const schema = (arg.pipes ?? []).map(pipeSchema).find((x) => x !== null);
          if (schema && kind === RouteParamtypes.PARAM) ApiParam({ name: arg.data, required: true, schema })(proto, key, descriptor);
          if (schema && kind === RouteParamtypes.QUERY) ApiQuery({ name: arg.data, required: true, schema })(proto, key, descriptor);
        }
      }
    }
  }
}

interface Route {
  pattern: RegExp;
  literal: boolean;
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
      literal: !path.includes('{'),
      methods: new Set(Object.keys(item).filter((m) => HTTP_METHODS.has(m)).map((m) => m.toUpperCase())),
    })));
  return (req, res, next) => {
    if (!req.path.startsWith('/api/')) return next();
    const all = table().filter((r) => r.pattern.test(req.path));
    if (all.length === 0) return next();
    // A literal path wins over a template that also matches it (/accounts/invitations, not /accounts/{id}).
    const literal = all.filter((r) => r.literal);
    const matching = literal.length > 0 ? literal : all;
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
const CONSTRAINTS = ['type', 'format', 'pattern', 'enum', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'] as const;

/** A unified social credit code as JSON Schema can say it (the check digits need the format's own generator). */
export const CREDIT_CODE_SCHEMA = { type: 'string' as const, format: 'credit-code', pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$', minLength: 18, maxLength: 18 };

type Json = Record<string, unknown>;
/** A class, as class-validator and class-transformer record them. */
type Constructor = abstract new (...args: never[]) => unknown;

const UUID4 = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';

/** class-transformer's @Type() records (the package ships this module without a declaration beside it). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/** By class name: what a class's schema says beyond its properties (see `SchemaRules`). */
const schemaRules = new Map<string, Json>();

/**
 * What a request class checks across its fields, said in its schema: for example "either ids or all" as
 * `{ oneOf: [{ required: ['ids'] }, { required: ['all'] }] }`. Put it next to the class-validator decorators that
 * check the same, so both are read together.
 */
export function SchemaRules(rules: Json): ClassDecorator {
  return (target) => {
    schemaRules.set(target.name, rules);
  };
}

function mergeConstraints(documented: Json, derived: Json): Json {
  const out: Json = { ...documented };
  for (const k of CONSTRAINTS) {
    if (derived[k] === undefined) continue;
    // A $ref or an enum the document already names stays; an integer is narrower than a number.
    if (k === 'type' && (out['$ref'] || out['allOf'] || (out['type'] && !(out['type'] === 'number' && derived[k] === 'integer')))) continue;
    out[k] = derived[k];
  }
  // A free-form object (@IsObject) the document says nothing more about takes any member.
  if (derived['additionalProperties'] === true && documented['additionalProperties'] === undefined && !documented['properties'] && !documented['$ref']) out['additionalProperties'] = true;
  const items = derived['items'] as Json | undefined;
  if (items && !('$ref' in items) && documented['items'] && !('$ref' in (documented['items'] as Json))) out['items'] = mergeConstraints(documented['items'] as Json, items);
  else if (items && !('$ref' in items) && !documented['items']) out['items'] = items;
  return out;
}

/** The body classes and the classes nested in them (class-transformer's @Type), by name as Swagger names their schemas. */
function bodyClassesByName(): Map<string, Constructor> {
  const found = new Map<string, Constructor>();
  const visit = (cls: Constructor): void => {
    if (found.has(cls.name)) return;
    found.set(cls.name, cls);
    for (const prop of Object.keys((targetConstructorToSchema(cls) as Json)['properties'] ?? {})) {
      const nested = defaultMetadataStorage.findTypeMetadata(cls, prop)?.typeFunction();
      if (typeof nested === 'function' && nested !== Object) visit(nested as Constructor);
    }
  };
  bodyClasses.forEach(visit);
  return found;
}

/** The properties of a validated class (by its name, as Swagger names its schema) that @IsOptional() marks. */
function optionalProperties(className: string, known?: Constructor): string[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Constructor, ValidationMetadata[]> };
  const cls = known ?? [...storage.validationMetadatas.keys()].find((c) => c.name === className);
  if (!cls) return [];
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).filter((m) => m.name === 'isOptional').map((m) => m.propertyName))];
}

/** The component schemas a request body names, directly or through their properties and items. */
function bodySchemas(doc: OpenAPIObject): Set<string> {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Json>;
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const ref = (node as Json)['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (!seen.has(name)) {
        seen.add(name);
        visit(schemas[name]);
      }
      return;
    }
    Object.values(node).forEach(visit);
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as Operation[]) if (op && typeof op === 'object' && 'requestBody' in op) visit(op.requestBody);
  }
  return seen;
}

/**
 * The request schemas as strict as class-validator checks them: each documented class's properties get the
 * constraints its decorators declare (lengths, ranges, patterns, enums, formats, array sizes, required), derived at
 * start from class-validator's own metadata (class-validator-jsonschema), so the validation is the one source.
 */
export function documentValidation(doc: OpenAPIObject): OpenAPIObject {
  const options = {
    refPointerPrefix: '#/components/schemas/',
    additionalConverters: {
      isCreditCode: () => ({ ...CREDIT_CODE_SCHEMA }),
      isCalendarDate: () => ({ type: 'string', format: 'date' }),
      // class-validator's isEmail wants a top-level domain of letters (or an IDN's xn--): narrower than RFC 5322.
      isEmail: () => ({ type: 'string', format: 'email', pattern: '^[^\\s@]+@[^\\s@]+\\.([A-Za-z\\u00a1-\\uffff]{2,}|xn--[A-Za-z0-9-]+)$' }),
      // A share such as a survey's satisfaction: at most four places (apps/applications site-visit.dto IsShare).
      isShare: () => ({ type: 'number', minimum: 0, maximum: 1, multipleOf: 0.0001 }),
      // A free-form object (a draft's content, a checklist): open in so many words, or a client generator reads it as {}.
      isObject: () => ({ type: 'object', additionalProperties: true }),
      // A version-4 uuid (what the database gives) is narrower than `format: uuid`.
      isUuid: (meta) => ({ type: 'string', format: 'uuid', ...(String((meta.constraints as unknown[] | undefined)?.[0] ?? 'all') === '4' ? { pattern: UUID4 } : {}) }),
    },
  } satisfies Parameters<typeof validationMetadatasToSchemas>[0];
  const derived = validationMetadatasToSchemas(options) as Record<string, Json>;
  // A class with no checks of its own (one made by OmitType or PickType) inherits its parent's: derive it by class.
  const classes = bodyClassesByName();
  for (const [name, cls] of classes) if (!derived[name]) derived[name] = targetConstructorToSchema(cls, options) as Json;
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
    // @IsOptional() lets null through as well as a missing field.
    for (const prop of optionalProperties(name, classes.get(name))) {
      const p = props[prop];
      if (!p || p['nullable'] !== undefined) continue;
      props[prop] = typeof p['$ref'] === 'string' ? { allOf: [{ $ref: p['$ref'] }], nullable: true } : { ...p, nullable: true };
    }
  }
  for (const [name, patch] of schemaRules) if (schemas[name]) Object.assign(schemas[name], patch);
  // A body's fields are all its class declares (ValidationPipe's forbidNonWhitelisted refuses any other), nested ones too.
  for (const name of bodySchemas(doc)) {
    const schema = schemas[name];
    if (derived[name] && schema && typeof schema['properties'] === 'object' && schema['additionalProperties'] === undefined) schema['additionalProperties'] = false;
  }
  // A body whose fields are all optional may be left out (the handler then gets an empty object).
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as Operation[]) {
      const body = op && typeof op === 'object' ? (op.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined) : undefined;
      // A form takes only its named parts (the upload interceptor refuses any other file, and a part's name must be a header value).
      const form = body?.content?.['multipart/form-data']?.schema;
      if (form && form['type'] === 'object' && form['additionalProperties'] === undefined) form['additionalProperties'] = false;
      const ref = body?.content?.['application/json']?.schema?.['$ref'];
      if (body && typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
        const target = schemas[ref.slice('#/components/schemas/'.length)];
        if (target && ((target['required'] as string[] | undefined) ?? []).length === 0 && !target['oneOf'] && !target['anyOf']) body.required = false;
      }
    }
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
