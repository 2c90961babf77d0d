/**
 * Response schemas for every Nest handler, from the handlers' TypeScript return types (`npm run build` runs it and
 * writes dist/openapi/responses.json; each service merges its operations into its OpenAPI document at start).
 *
 * Why: the handlers return TypeScript interfaces, which @nestjs/swagger cannot see, so without this no 2xx answer
 * would have a schema. Hand-written @ApiOkResponse classes would be a second copy of each view that can drift.
 *
 * How:
 * 1. The TypeScript checker finds each handler (@Get/@Post/@Put/@Patch/@Delete in `apps/<service>/src/**\/*.controller.ts`,
 *    and the shared ones in the libraries, such as the health check)
 *    and resolves its awaited return type, inferred or annotated.
 * 2. Each type is printed as TypeScript text (named types as `import("<path>").Name`) into a generated file.
 * 3. ts-json-schema-generator turns those aliases into one JSON schema with shared definitions, JSDoc kept. It cannot
 *    evaluate `ReturnType<>` of class methods itself (vega/ts-json-schema-generator#2491), which is why step 1 exists.
 * 4. The result is rewritten as OpenAPI 3.0: nullable, enum for const, `#/components/schemas` refs, safe names.
 *
 * Skipped (no JSON body): handlers that return nothing, binary downloads (StreamableFile), handlers that write the
 * response themselves (@Res() without passthrough).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import {
  AnnotatedType, type BaseType, type CompletedConfig, type Context, createFormatter, createParser, DEFAULT_CONFIG, derefType,
  type MutableParser, type NodeParser, NullType, SchemaGenerator, StringType, type SubNodeParser, UndefinedType, UnionType,
} from 'ts-json-schema-generator';
import { refusalCodes } from './refusal-codes';

type Json = Record<string, unknown>;

export interface ResponseOperation {
  service: string;
  method: string;
  status: number;
  contentType: string;
  schema: Json;
}

export interface ResponseSchemas {
  generator: string;
  operations: Record<string, ResponseOperation>;
  skipped: Record<string, string>;
  components: { schemas: Record<string, Json> };
  /** By operation id: the refusal codes its 409 can carry (./refusal-codes.ts). */
  refusals: Record<string, string[]>;
}

export interface GenerateOptions {
  /** The workspace: its tsconfig.json, and services under `<root>/apps/<service>/src`. */
  root: string;
  /** Where the intermediate TypeScript file is written. */
  workDir: string;
}

const VERBS: Record<string, string> = { Get: 'get', Post: 'post', Put: 'put', Patch: 'patch', Delete: 'delete' };
const BINARY = new Set(['Buffer', 'Uint8Array', 'ArrayBuffer', 'Blob', 'StreamableFile', 'Readable', 'ReadStream']);
const GENERATOR = 'ts-json-schema-generator@2.10.0 (tools/openapi/generate-responses.ts)';

interface Handler {
  operationId: string;
  service: string;
  method: string;
  status: number;
  alias: string;
  contentType: string;
  decl: ts.MethodDeclaration;
  skip?: string;
}

function walk(dir: string, test: (f: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') walk(p, test, out);
    else if (e.isFile() && test(e.name)) out.push(p);
  }
  return out;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${path.join(root, 'tsconfig.json')}`);
  const o = parsed.options;
  return { ...o, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, types: ['node'], baseUrl: o.baseUrl ?? root };
}

const decoratorName = (d: ts.Decorator): string | undefined => {
  const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
};
const decoratorArgs = (d: ts.Decorator): readonly ts.Expression[] => (ts.isCallExpression(d.expression) ? d.expression.arguments : []);

/** A string the expression stands for ('text/csv', or a const such as XLSX_TYPE). */
function literal(checker: ts.TypeChecker, e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  if (ts.isStringLiteralLike(e)) return e.text;
  const t = checker.getTypeAtLocation(e);
  return t.isStringLiteral() ? t.value : undefined;
}

function statusOf(checker: ts.TypeChecker, e: ts.Expression | undefined): number | undefined {
  if (!e) return undefined;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  const v = ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) ? checker.getConstantValue(e) : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** The awaited return type as union members, without void/undefined (Nest answers those with an empty body). */
function bodyType(checker: ts.TypeChecker, m: ts.MethodDeclaration): ts.Type[] {
  const signature = checker.getSignatureFromDeclaration(m);
  if (!signature) return [];
  const ret = checker.getReturnTypeOfSignature(signature);
  const awaited = checker.getAwaitedType(ret) ?? ret;
  const members = awaited.isUnion() && !awaited.types.every((x) => x.flags & ts.TypeFlags.BooleanLiteral) ? awaited.types : [awaited];
  return members.filter((t) => !(t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never)));
}

/** Step 1: the handlers, and what each answers. The operation id is @nestjs/swagger's `<Controller>_<method>`. */
function findHandlers(program: ts.Program, root: string, controllers: string[]): Handler[] {
  const checker = program.getTypeChecker();
  const handlers: Handler[] = [];
  for (const file of controllers) {
    const inApps = !path.relative(path.join(root, 'apps'), file).startsWith('..');
    const service = inApps ? (path.relative(path.join(root, 'apps'), file).split(path.sep)[0] ?? '') : 'shared';
    const source = program.getSourceFile(file);
    if (!source) continue;
    for (const cls of source.statements.filter(ts.isClassDeclaration)) {
      if (!cls.name || !(ts.getDecorators(cls) ?? []).some((d) => decoratorName(d) === 'Controller')) continue;
      for (const m of cls.members.filter(ts.isMethodDeclaration)) {
        const decos = ts.getDecorators(m) ?? [];
        const verb = decos.map(decoratorName).find((n) => n !== undefined && n in VERBS);
        if (!verb || !ts.isIdentifier(m.name)) continue;
        const code = decos.find((d) => decoratorName(d) === 'HttpCode');
        const header = decos.find((d) => decoratorName(d) === 'Header' && /^content-type$/i.test(literal(checker, decoratorArgs(d)[0]) ?? ''));
        const produces = decos.find((d) => decoratorName(d) === 'ApiProduces');
        const contentType = (header && literal(checker, decoratorArgs(header)[1])) ?? (produces && literal(checker, decoratorArgs(produces)[0])) ?? 'application/json';
        const operationId = `${cls.name.text}_${m.name.text}`;
        const handler: Handler = {
          operationId, service, method: VERBS[verb] ?? verb, decl: m, alias: operationId.replace(/[^A-Za-z0-9_$]/g, '_'),
          contentType: (contentType.split(';')[0] ?? contentType).trim(),
          status: (code && statusOf(checker, decoratorArgs(code)[0])) ?? (verb === 'Post' ? 201 : 200),
        };
        const writesItself = m.parameters.some((p) => (ts.getDecorators(p) ?? []).some((d) => decoratorName(d) === 'Res'
          && !/passthrough\s*:\s*true/.test(decoratorArgs(d)[0]?.getText() ?? '')));
        const body = bodyType(checker, m);
        if (writesItself) handler.skip = 'writes the response itself (@Res() without passthrough)';
        else if (body.length === 0) handler.skip = 'no body';
        else if (body.every((t) => BINARY.has(t.getSymbol()?.getName() ?? ''))) handler.skip = 'binary download';
        handlers.push(handler);
      }
    }
  }
  return handlers;
}

/** Step 2: each body type as TypeScript text, named types referenced through import("..."). */
function writeAliases(program: ts.Program, file: string, handlers: Handler[]): void {
  const checker = program.getTypeChecker();
  const here = program.getSourceFile(file);
  if (!here) throw new Error(`${file} is not in the program`);
  const printer = ts.createPrinter({ removeComments: true });
  const print = (t: ts.Type): string => {
    const node = checker.typeToTypeNode(t, here, ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.IgnoreErrors);
    if (!node) throw new Error(`cannot print ${checker.typeToString(t)}`);
    return printer.printNode(ts.EmitHint.Unspecified, node, here);
  };
  const lines = ['// generated by tools/openapi/generate-responses.ts: the awaited return type of each Nest handler', 'export {};'];
  for (const h of handlers.filter((x) => !x.skip)) {
    const body = bodyType(checker, h.decl);
    // true | false printed as boolean
    const members = body.some((t) => t.flags & ts.TypeFlags.BooleanLiteral)
      ? [checker.getBooleanType(), ...body.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral))] : body;
    lines.push(`export type ${h.alias} = ${members.map(print).join(' | ')};`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** NonNullable<T> is `T & {}`, which the generator turns into allOf [T, {type: object}] (wrong for arrays and strings, #2286). */
class NonNullableParser implements SubNodeParser {
  constructor(private readonly checker: ts.TypeChecker, private readonly child: NodeParser) {}
  supportsNode(node: ts.Node): boolean {
    if (!ts.isTypeReferenceNode(node) || !ts.isIdentifier(node.typeName) || node.typeName.text !== 'NonNullable' || node.typeArguments?.length !== 1) return false;
    const decl = this.checker.getSymbolAtLocation(node.typeName)?.declarations?.[0];
    return !decl || decl.getSourceFile().hasNoDefaultLib;
  }
  createType(node: ts.TypeReferenceNode, context: Context): BaseType {
    const argument = node.typeArguments?.[0];
    if (!argument) throw new Error('NonNullable without its argument');
    const inner = this.child.createType(argument, context);
    const base = derefType(inner);
    if (!(base instanceof UnionType)) return inner;
    const kept = base.getTypes().filter((t) => !(derefType(t) instanceof NullType) && !(derefType(t) instanceof UndefinedType));
    return kept.length === 1 && kept[0] ? kept[0] : new UnionType(kept);
  }
}

/** Buffers and streams inside a JSON body: a binary string, not the class's members. */
class BinaryParser implements SubNodeParser {
  constructor(private readonly checker: ts.TypeChecker) {}
  supportsNode(node: ts.Node): boolean {
    if (!ts.isTypeReferenceNode(node)) return false;
    const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
    if (!BINARY.has(name)) return false;
    const file = this.checker.getSymbolAtLocation(node.typeName)?.declarations?.[0]?.getSourceFile();
    return !file || file.hasNoDefaultLib || file.fileName.includes('/node_modules/');
  }
  createType(): BaseType {
    return new AnnotatedType(new StringType(), { format: 'binary' }, false);
  }
}

const isNull = (x: Json): boolean => x.type === 'null' || (x.nullable === true && Array.isArray(x.enum) && x.enum.length === 1 && x.enum[0] === null);

/** Step 4: JSON Schema draft-07 (as generated) to an OpenAPI 3.0 Schema Object. */
export function toOpenApi30(s: unknown, rename: (n: string) => string): unknown {
  if (Array.isArray(s)) return s.map((x) => toOpenApi30(x, rename));
  if (!s || typeof s !== 'object') return s;
  const o: Json = {};
  for (const [k, v] of Object.entries(s as Json)) {
    if (k === '$schema' || k === '$comment' || k === 'definitions') continue;
    if (k === '$ref') o.$ref = `#/components/schemas/${rename(decodeURIComponent(String(v).replace('#/definitions/', '')))}`;
    else if (k === 'properties') o[k] = Object.fromEntries(Object.entries(v as Json).map(([p, x]) => [p, toOpenApi30(x, rename)]));
    else o[k] = toOpenApi30(v, rename);
  }
  if ('const' in o) {
    o.enum = [o.const];
    delete o.const;
  }
  if (Array.isArray(o.examples)) {
    o.example = o.examples[0];
    delete o.examples;
  }
  if (Array.isArray(o.items)) { // a tuple: 3.0 has no prefixItems
    const items = o.items as Json[];
    o.items = items.length === 1 ? items[0] : { anyOf: items };
    o.minItems ??= items.length;
    if (o.additionalItems === false || o.maxItems === undefined) o.maxItems = items.length;
    delete o.additionalItems;
  }
  // An index signature of unknown values (Record<string, unknown>) stays open in so many words: a client generator
  // reads an object schema that says nothing as an empty object.
  if (o.additionalProperties && typeof o.additionalProperties === 'object' && Object.keys(o.additionalProperties).length === 0) o.additionalProperties = true;
  if (Array.isArray(o.type)) { // ["string", "null"]: type and nullable; several non-null types: anyOf
    const types = (o.type as string[]).filter((t) => t !== 'null');
    if (types.length < (o.type as string[]).length) o.nullable = true;
    if (types.length === 1) o.type = types[0];
    else {
      delete o.type;
      o.anyOf = types.map((t) => ({ type: t }));
    }
  }
  if (o.type === 'null') {
    delete o.type;
    o.nullable = true;
    o.enum = [null];
  }
  for (const key of ['anyOf', 'oneOf'] as const) { // anyOf [X, {type: null}]: X and nullable
    const list = o[key] as Json[] | undefined;
    if (!list || !list.some(isNull)) continue;
    const rest = list.filter((x) => !isNull(x));
    o.nullable = true;
    if (rest.length === 1 && rest[0]) {
      delete o[key];
      const only = rest[0];
      // nullable beside $ref is ignored in 3.0; beside allOf it is honoured (as @nestjs/swagger writes it)
      if (only.$ref) o.allOf = [only];
      else Object.assign(o, only, { nullable: true });
    } else o[key] = rest;
  }
  if (o.nullable && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  return o;
}

/** Runs steps 1-4 over every service of the workspace. */
export function generateResponses(options: GenerateOptions): ResponseSchemas {
  const { root } = options;
  // The services' controllers, and the ones every service shares from a library (health and readiness).
  const controllers = [...walk(path.join(root, 'apps'), (f) => f.endsWith('.controller.ts')), ...walk(path.join(root, 'libs'), (f) => f.endsWith('.controller.ts'))]
    .filter((f) => f.split(path.sep).includes('src')).sort();
  const ambient = [...walk(path.join(root, 'apps'), (f) => f.endsWith('.d.ts')), ...walk(path.join(root, 'libs'), (f) => f.endsWith('.d.ts'))];
  const compiler = compilerOptions(root);
  fs.mkdirSync(options.workDir, { recursive: true });
  const generated = path.resolve(options.workDir, 'handler-responses.ts');
  fs.writeFileSync(generated, 'export {};\n');
  // The workflows too: the refusal codes of their updates are read from them.
  const workflows = walk(path.join(root, 'workflows'), (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  const roots = [...controllers, ...workflows, ...ambient, generated];
  // One host for both programs: the workspace's files are parsed once; only the generated file is read again.
  const host = ts.createCompilerHost(compiler);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, onError, fresh) => {
    if (path.resolve(file) === generated) return read(file, lang, onError, fresh);
    if (!parsed.has(file)) parsed.set(file, read(file, lang, onError, fresh));
    return parsed.get(file);
  };
  const first = ts.createProgram(roots, compiler, host);
  const handlers = findHandlers(first, root, controllers);
  const duplicates = handlers.map((h) => h.operationId).filter((id, i, all) => all.indexOf(id) !== i);
  if (duplicates.length) throw new Error(`duplicate operation ids: ${duplicates.join(', ')}`);
  const refusals = refusalCodes(first, handlers, path.join(root, 'workflows'));
  writeAliases(first, generated, handlers);
  const program = ts.createProgram(roots, compiler, host, first);

  // A type the compiler cannot name outside its module is an error here, not a silently missing schema.
  const genFile = program.getSourceFile(generated);
  if (!genFile) throw new Error(`${generated} is not in the program`);
  const broken = program.getSemanticDiagnostics(genFile).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  if (broken.length) throw new Error(`response types that cannot be named outside their module (export them):\n${broken.join('\n')}`);

  const config: CompletedConfig = {
    ...DEFAULT_CONFIG, tsProgram: program, skipTypeCheck: true, expose: 'export', topRef: true, jsDoc: 'extended',
    additionalProperties: false, encodeRefs: false, functions: 'hide', sortProps: false,
  };
  const checker = program.getTypeChecker();
  const parser = createParser(program, config, (chain: MutableParser) => {
    chain.addNodeParser(new BinaryParser(checker));
    chain.addNodeParser(new NonNullableParser(checker, chain as unknown as NodeParser));
  });
  const generator = new SchemaGenerator(program, parser, createFormatter(config), config);
  const schema = generator.createSchemaFromNodes(genFile.statements.filter(ts.isTypeAliasDeclaration)) as { definitions: Record<string, Json> };

  // Component names match ^[A-Za-z0-9._-]+$ (generic instances such as Pick<A,"b"> are renamed) and are unique.
  const aliases = new Set(handlers.map((h) => h.alias));
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of Object.keys(schema.definitions).filter((k) => !aliases.has(k)).sort()) {
    const base = n.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'Schema';
    let safe = base;
    for (let i = 2; taken.has(safe); i++) safe = `${base}_${i}`;
    names.set(n, safe);
    taken.add(safe);
  }
  const rename = (n: string): string => names.get(n) ?? n;

  const operations: Record<string, ResponseOperation> = {};
  const skipped: Record<string, string> = {};
  for (const h of handlers) {
    const root = schema.definitions[h.alias];
    if (h.skip || !root) {
      skipped[h.operationId] = h.skip ?? 'no schema generated';
      continue;
    }
    operations[h.operationId] = { service: h.service, method: h.method, status: h.status, contentType: h.contentType, schema: toOpenApi30(root, rename) as Json };
  }
  const components = Object.fromEntries([...names].sort(([, a], [, b]) => a.localeCompare(b)).map(([n, safe]) => [safe, toOpenApi30(schema.definitions[n], rename) as Json]));
  return { generator: GENERATOR, operations, skipped, components: { schemas: components }, refusals };
}

/** `node dist/tools/openapi/generate-responses.js [--out file]`: the workspace is three folders up from dist/tools/openapi. */
function main(): void {
  const root = path.resolve(__dirname, '../../..');
  const i = process.argv.indexOf('--out');
  const out = path.resolve(i > 0 && process.argv[i + 1] ? process.argv[i + 1] as string : path.join(root, 'dist/openapi/responses.json'));
  const started = Date.now();
  const result = generateResponses({ root, workDir: path.join(path.dirname(out), '.work') });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
  process.stdout.write(`response schemas: ${Object.keys(result.operations).length} operations, ${Object.keys(result.skipped).length} without a JSON body, `
    + `${Object.keys(result.components.schemas).length} shared schemas, refusal codes for ${Object.keys(result.refusals).length} operations, `
    + `${Date.now() - started} ms -> ${path.relative(root, out)}\n`);
}

if (require.main === module) main();
