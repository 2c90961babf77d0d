/**
 * Which refusal codes each operation can answer with its 409 (issue 15: "update and refusal codes as an enum per
 * operation"), read from the code itself so the list cannot drift:
 * 1. every workflow update (`const x = defineUpdate(...)`) and the codes its handler and validator refuse with
 *    (`refuse('<code>', ...)` in workflows/, followed through the functions they call, such as a shared `live()` check);
 * 2. every HTTP handler and the updates it reaches, followed through the service methods it calls;
 * 3. the codes a service adds when a workflow answers without a typed refusal (libs/runtime `rethrowAsRefusal`), and
 *    the refusal of every validator's interceptor (workflows/lib/decision-deadline.ts).
 */
import * as path from 'node:path';
import ts from 'typescript';

/** What `rethrowAsRefusal` answers for an update refused without a typed reason, or a workflow no longer running. */
export const UNTYPED_REFUSALS = ['refused', 'workflow-not-running'];
/** Refused by the interceptor before any update's validator (a decision that came after its caller gave up). */
export const INTERCEPTOR_REFUSALS = ['decision-expired'];

const MAX_DEPTH = 8;

const callee = (call: ts.CallExpression): string | undefined => {
  const e = call.expression;
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
};

function symbolOf(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const s = checker.getSymbolAtLocation(node);
  return s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
}

/** The body a call runs, when it is the workspace's own code (a function, a method, or a const arrow function). */
function bodyOfCall(checker: ts.TypeChecker, call: ts.CallExpression): ts.Node | undefined {
  const decl = checker.getResolvedSignature(call)?.getDeclaration() as ts.Declaration | undefined
    ?? symbolOf(checker, call.expression)?.valueDeclaration;
  if (!decl || decl.getSourceFile().isDeclarationFile || decl.getSourceFile().fileName.includes('/node_modules/')) return undefined;
  if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isArrowFunction(decl) || ts.isFunctionExpression(decl)) && decl.body) return decl.body;
  if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer.body;
  return undefined;
}

/** Visits `root` and, through the calls and function names in it, the workspace functions it runs (each once). */
function reach(checker: ts.TypeChecker, root: ts.Node, visit: (node: ts.Node) => void): void {
  const seen = new Set<ts.Node>();
  const walk = (node: ts.Node, depth: number): void => {
    visit(node);
    // A call runs its function; a function passed by name (a validator, a callback) runs too.
    if ((ts.isCallExpression(node) || ts.isIdentifier(node)) && depth < MAX_DEPTH) {
      const body = ts.isCallExpression(node) ? bodyOfCall(checker, node) : functionBehind(checker, node);
      if (body && !seen.has(body)) {
        seen.add(body);
        walk(body, depth + 1);
      }
    }
    ts.forEachChild(node, (child) => walk(child, depth));
  };
  walk(root, 0);
}

/** A handler or validator passed by name (`setHandler(update, decide)`): the function it names. */
function functionBehind(checker: ts.TypeChecker, arg: ts.Expression): ts.Node | undefined {
  if (!ts.isIdentifier(arg)) return undefined;
  const decl = symbolOf(checker, arg)?.valueDeclaration;
  if (decl && (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && decl.body) return decl.body;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer.body;
  return undefined;
}

const where = (n: ts.Node): string => {
  const file = n.getSourceFile();
  return `${file.fileName}:${file.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
};

/** The update definitions of the program: their symbols, by the name their workflow knows them. */
function updateDefinitions(program: ts.Program, checker: ts.TypeChecker): Map<ts.Symbol, string> {
  const found = new Map<ts.Symbol, string>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(node.initializer) && callee(node.initializer) === 'defineUpdate') {
        const name = node.initializer.arguments[0];
        const symbol = symbolOf(checker, node.name);
        if (symbol && name && ts.isStringLiteralLike(name)) found.set(symbol, name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** Each update's refusal codes, from the `setHandler(update, handler, { validator })` calls under `workflowsDir`. */
function codesByUpdate(program: ts.Program, checker: ts.TypeChecker, updates: Map<ts.Symbol, string>, workflowsDir: string): Map<ts.Symbol, Set<string>> {
  const codes = new Map<ts.Symbol, Set<string>>();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(workflowsDir + path.sep) || file.fileName.endsWith('.spec.ts')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && callee(node) === 'setHandler' && node.arguments[0]) {
        const update = symbolOf(checker, node.arguments[0]);
        if (update && updates.has(update)) {
          const set = codes.get(update) ?? new Set<string>();
          for (const arg of node.arguments.slice(1)) {
            reach(checker, arg, (n) => {
              if (!ts.isCallExpression(n) || callee(n) !== 'refuse') return;
              const code = n.arguments[0];
              // A code the build cannot read would be left out of the document without a word: refuse it here.
              if (!code || !ts.isStringLiteralLike(code)) throw new Error(`${where(n)}: refuse() needs its code as a string literal, for the OpenAPI documents to list it`);
              set.add(code.text);
            });
          }
          codes.set(update, set);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return codes;
}

/**
 * By operation id: the refusal codes its 409 can carry, sorted; operations that reach no workflow update are left out.
 * `handlers` are the controllers' methods with their operation ids; the program must hold the workflows too.
 */
export function refusalCodes(program: ts.Program, handlers: Array<{ operationId: string; decl: ts.MethodDeclaration }>, workflowsDir: string): Record<string, string[]> {
  const checker = program.getTypeChecker();
  const updates = updateDefinitions(program, checker);
  const byUpdate = codesByUpdate(program, checker, updates, path.resolve(workflowsDir));
  const out: Record<string, string[]> = {};
  for (const h of handlers) {
    if (!h.decl.body) continue;
    const codes = new Set<string>();
    reach(checker, h.decl.body, (n) => {
      if (!ts.isIdentifier(n)) return;
      const symbol = symbolOf(checker, n);
      if (symbol && updates.has(symbol)) for (const c of [...(byUpdate.get(symbol) ?? []), ...INTERCEPTOR_REFUSALS, ...UNTYPED_REFUSALS]) codes.add(c);
    });
    if (codes.size > 0) out[h.operationId] = [...codes].sort();
  }
  return out;
}
