import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DECORATORS } from '@nestjs/swagger';
import ts from 'typescript';

/**
 * Every refusal code an operation can really answer is declared on it in the OpenAPI document, under
 * its status. The codes are found in the source: from each route's controller method to the command
 * handler it dispatches, through every function and method it calls (by name), into the deciders of
 * `libs/domain` (the `case` a command's `type` selects), collecting each `reject('code', …)`,
 * `new ProblemError(status, 'code', …)` and the shared rejection helpers (`notFound('worker')` is
 * `worker_not_found`). The declared codes are read from the decorators' metadata, as the document is
 * built from it. A code raised but not declared is a client's surprise; this lists each.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const API = path.join(root, 'apps/api/src');
const DOMAIN = path.join(root, 'libs/domain/src');
const RUNTIME = path.join(root, 'libs/runtime/src');
/** The libraries an import by name (`#libs/…`) is looked up in: every file of the library. */
const LIBRARY_DIRS: [string, string][] = [
  ['#libs/domain', DOMAIN],
  ['#libs/runtime', RUNTIME],
];
const libraryDir = (specifier: string): string | undefined => LIBRARY_DIRS.find(([name]) => specifier === name || specifier.startsWith(`${name}/`))?.[1];

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'testing' ? [] : sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [full] : [];
  });

type Raised = { status: number; code: string; where: string };
type Body = { file: string; node: ts.Node; name: string };

const KIND_STATUS: Record<string, number> = { rule: 422, invalid: 400, not_found: 404, conflict: 409 };

/** The shared helpers: by the file that defines them and their name, what they raise given their first argument. */
const HELPERS: Record<string, Record<string, (first: string | undefined) => { status: number; code: string } | undefined>> = {
  [path.join(DOMAIN, 'shared/rejections.ts')]: {
    notFound: (what) => (what ? { status: 404, code: `${what}_not_found` } : undefined),
    alreadyExists: (what) => (what ? { status: 409, code: `${what}_already_exists` } : undefined),
    invalidTransition: () => ({ status: 422, code: 'invalid_transition' }),
    invalidDay: () => ({ status: 400, code: 'invalid_day' }),
    invalidInput: (code) => (code ? { status: 400, code } : undefined),
    noRulesInForce: () => ({ status: 422, code: 'no_rules_in_force' }),
    unknownCounty: () => ({ status: 404, code: 'unknown_county' }),
  },
  [path.join(RUNTIME, 'http/problem.ts')]: {
    invalidInput: () => ({ status: 400, code: 'invalid_input' }),
    notFound: () => ({ status: 404, code: 'not_found' }),
    forbidden: () => ({ status: 403, code: 'forbidden' }),
    unauthorized: () => ({ status: 401, code: 'unauthorized' }),
  },
};

/**
 * Method names called on other objects that are not followed: the event writer's and the stores' own
 * (their codes are the generic ones every command declares: `not_found`, `concurrent_change`,
 * `stale_revision`, `store_unavailable`, …), and names too common to resolve by name alone.
 */
const NOT_FOLLOWED = new Set(['execute', 'decide', 'evolve', 'load', 'loadExisting', 'findReplay', 'append', 'appendMulti', 'get', 'set', 'has', 'find', 'map', 'filter', 'some', 'every', 'push', 'then', 'catch', 'close', 'open', 'read', 'write', 'query']);

class SourceIndex {
  readonly files = new Map<string, ts.SourceFile>();
  /** Top-level functions and arrow constants, by file then name. */
  private readonly functions = new Map<string, Map<string, ts.Node>>();
  /** Class methods, by method name (every class of the api). */
  private readonly methods = new Map<string, Body[]>();
  /** Classes by name: their file and node. */
  readonly classes = new Map<string, { file: string; node: ts.ClassDeclaration }>();
  /** Imported names, by file: the file they come from (relative imports), or `#libs/…`. */
  private readonly imports = new Map<string, Map<string, string>>();
  /** Decider cases: the command `type` and the clause that handles it. */
  readonly cases = new Map<string, Body[]>();

  constructor(files: string[]) {
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      this.files.set(file, source);
      const functions = new Map<string, ts.Node>();
      const imports = new Map<string, string>();
      for (const statement of source.statements) {
        if (ts.isFunctionDeclaration(statement) && statement.name) functions.set(statement.name.text, statement);
        if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            if (ts.isIdentifier(declaration.name) && declaration.initializer) functions.set(declaration.name.text, declaration.initializer);
          }
        }
        if (ts.isClassDeclaration(statement) && statement.name) {
          this.classes.set(statement.name.text, { file, node: statement });
          // Controllers are where the walk starts, never something another body calls.
          if (file.endsWith('.controller.ts')) continue;
          for (const member of statement.members) {
            if ((ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) && member.name && ts.isIdentifier(member.name)) {
              const list = this.methods.get(member.name.text) ?? [];
              list.push({ file, node: member, name: `${statement.name.text}.${member.name.text}` });
              this.methods.set(member.name.text, list);
            }
          }
        }
        if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause?.namedBindings && ts.isNamedImports(statement.importClause.namedBindings)) {
          const specifier = statement.moduleSpecifier.text;
          const from = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')) : specifier;
          for (const element of statement.importClause.namedBindings.elements) imports.set(element.name.text, from);
        }
      }
      this.functions.set(file, functions);
      this.imports.set(file, imports);
      const visit = (node: ts.Node): void => {
        if (ts.isCaseClause(node) && ts.isStringLiteral(node.expression) && file.startsWith(DOMAIN)) {
          const list = this.cases.get(node.expression.text) ?? [];
          list.push({ file, node, name: `case ${node.expression.text}` });
          this.cases.set(node.expression.text, list);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }

  /** Where a function named `name`, called in `file`, is defined: the same file, the file it is imported from, or a library's. */
  resolveFunction(file: string, name: string): { file: string; node: ts.Node } | undefined {
    const own = this.functions.get(file)?.get(name);
    if (own) return { file, node: own };
    const from = this.imports.get(file)?.get(name);
    if (!from) return undefined;
    const library = libraryDir(from);
    const candidates = library ? [...this.functions.keys()].filter((f) => f.startsWith(library)) : [from];
    for (const candidate of candidates) {
      const node = this.functions.get(candidate)?.get(name);
      if (node) return { file: candidate, node };
    }
    return undefined;
  }

  importedFrom(file: string, name: string): string | undefined {
    if (this.functions.get(file)?.has(name)) return file;
    const from = this.imports.get(file)?.get(name);
    const library = from === undefined ? undefined : libraryDir(from);
    if (library) return [...this.functions.keys()].find((f) => f.startsWith(library) && this.functions.get(f)!.has(name));
    return from;
  }

  methodsNamed(name: string): Body[] {
    return this.methods.get(name) ?? [];
  }

  /** The codes a body can raise, following every call it makes. */
  raisedBy(start: Body[]): Raised[] {
    const raised: Raised[] = [];
    const seen = new Set<ts.Node>();
    const queue = [...start];
    while (queue.length > 0) {
      const { file, node, name } = queue.shift()!;
      const via = (next: Body): Body => ({ ...next, name: `${name} → ${next.name}` });
      if (seen.has(node)) continue;
      seen.add(node);
      const visit = (child: ts.Node): void => {
        if (ts.isNewExpression(child) && ts.isIdentifier(child.expression) && child.expression.text === 'ProblemError') {
          const [status, code] = child.arguments ?? [];
          if (status && code && ts.isNumericLiteral(status) && ts.isStringLiteral(code)) raised.push({ status: Number(status.text), code: code.text, where: name });
        }
        if (ts.isCallExpression(child)) {
          const callee = child.expression;
          const first = child.arguments[0];
          const firstText = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
          if (ts.isIdentifier(callee)) {
            const definedIn = this.importedFrom(file, callee.text);
            const helper = definedIn ? HELPERS[definedIn]?.[callee.text] : undefined;
            if (helper) {
              const found = helper(firstText);
              if (found) raised.push({ ...found, where: name });
            } else if (callee.text === 'loadReferenced' && child.arguments[1] && ts.isIdentifier(child.arguments[1])) {
              // `loadReferenced(writer, enterpriseAggregate, id, path)`: 404 `<the aggregate's category>_not_found`.
              const aggregate = this.resolveFunction(file, child.arguments[1].text)?.node;
              const category = aggregate && ts.isObjectLiteralExpression(aggregate)
                ? aggregate.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'category')?.initializer
                : undefined;
              if (category && ts.isStringLiteral(category)) raised.push({ status: 404, code: `${category.text}_not_found`, where: name });
              else raised.push({ status: 0, code: `unresolved aggregate ${child.arguments[1].text}`, where: name });
            } else if (callee.text === 'reject' && firstText) {
              const options = child.arguments[2];
              let kind = 'rule';
              if (options && ts.isObjectLiteralExpression(options)) {
                for (const property of options.properties) {
                  if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'kind' && ts.isStringLiteral(property.initializer)) kind = property.initializer.text;
                }
              }
              raised.push({ status: KIND_STATUS[kind]!, code: firstText, where: name });
            } else {
              const target = this.resolveFunction(file, callee.text);
              if (target) queue.push(via({ ...target, name: callee.text }));
            }
          } else if (ts.isPropertyAccessExpression(callee) && !NOT_FOLLOWED.has(callee.name.text)) {
            const candidates = this.methodsNamed(callee.name.text);
            // A method name shared by several classes is followed into each: more codes, never fewer.
            queue.push(...candidates.map(via));
          }
        }
        // `{ type: 'ReviewCertificate', … }` handed to a decider: the case that handles it.
        if (ts.isPropertyAssignment(child) && ts.isIdentifier(child.name) && child.name.text === 'type' && ts.isStringLiteral(child.initializer)) {
          queue.push(...(this.cases.get(child.initializer.text) ?? []).map(via));
        }
        // A function passed by name (`.then(check)`, `decide: decideIt`) is called too.
        if (ts.isIdentifier(child) && child.parent && (ts.isCallExpression(child.parent) ? child.parent.arguments.includes(child as ts.Expression) : ts.isPropertyAssignment(child.parent) && child.parent.initializer === child)) {
          const target = this.resolveFunction(file, child.text);
          if (target) queue.push(via({ ...target, name: child.text }));
        }
        ts.forEachChild(child, visit);
      };
      visit(node);
    }
    return raised;
  }
}

interface Route {
  operation: string;
  controller: string;
  method: string;
  file: string;
  node: ts.MethodDeclaration;
}

const decoratorArgument = (node: ts.HasDecorators, names: string[]): { name: string; argument: string } | undefined => {
  for (const decorator of ts.getDecorators(node) ?? []) {
    const call = decorator.expression;
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && names.includes(call.expression.text)) {
      const first = call.arguments[0];
      return { name: call.expression.text, argument: first && ts.isStringLiteral(first) ? first.text : '' };
    }
  }
  return undefined;
};

const UNPREFIXED = ['health', 'metrics'];

function routesOf(index: SourceIndex): Route[] {
  const routes: Route[] = [];
  for (const [name, { file, node }] of index.classes) {
    const controller = decoratorArgument(node, ['Controller']);
    if (!controller || !file.endsWith('.controller.ts')) continue;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const verb = decoratorArgument(member, ['Get', 'Post']);
      if (!verb) continue;
      const joined = [controller.argument, verb.argument].filter(Boolean).join('/');
      const prefixed = UNPREFIXED.includes(joined) ? `/${joined}` : `/api/v1/${joined}`;
      routes.push({ operation: `${verb.name.toUpperCase()} ${prefixed.replace(/:(\w+)/g, '{$1}')}`, controller: name, method: member.name.text, file, node: member });
    }
  }
  return routes;
}

/** The command handler a controller method dispatches (`new ReviewCertificate(…)` → the class `@CommandHandler(ReviewCertificate)`): its `execute`. */
function handlersOf(index: SourceIndex, route: Route): Array<{ file: string; node: ts.Node; name: string }> {
  const commands = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) commands.add(node.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(route.node);
  const handlers: Array<{ file: string; node: ts.Node; name: string }> = [];
  for (const [name, { file, node }] of index.classes) {
    for (const decorator of ts.getDecorators(node) ?? []) {
      const call = decorator.expression;
      if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'CommandHandler') {
        const command = call.arguments[0];
        if (command && ts.isIdentifier(command) && commands.has(command.text)) {
          const execute = node.members.find((member) => ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === 'execute');
          if (execute) handlers.push({ file, node: execute, name: `${name}.execute` });
        }
      }
    }
  }
  return handlers;
}

/** The codes declared for each status of a controller method, from its `@ApiResponse` metadata ("… Codes: `a`, `b`."). */
function declaredCodes(target: object): Map<number, Set<string>> {
  const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, target) ?? {}) as Record<string, { description?: string }>;
  const declared = new Map<number, Set<string>>();
  for (const [status, response] of Object.entries(responses)) {
    const codes = [...((response.description ?? '').split(' Codes: ')[1] ?? '').matchAll(/`([a-z0-9_]+)`/g)].map((match) => match[1]!);
    declared.set(Number(status), new Set(codes));
  }
  return declared;
}

describe('the refusal codes each operation can answer are declared on it', () => {
  const index = new SourceIndex([...sourceFiles(API), ...sourceFiles(DOMAIN), ...sourceFiles(RUNTIME)]);
  const routes = routesOf(index);

  it('finds the routes, their handlers and the deciders behind them', () => {
    expect(routes.length).toBeGreaterThan(45);
    const commands = routes.filter((route) => route.operation.startsWith('POST ') && handlersOf(index, route).length > 0);
    expect(commands.length).toBeGreaterThan(24);
    // The scan reaches a decider's own rule: reviewing a certificate outside its window.
    const review = routes.find((route) => route.operation === 'POST /api/v1/certificates/{id}/reviews')!;
    expect(index.raisedBy(handlersOf(index, review)).map((raised) => raised.code)).toEqual(expect.arrayContaining(['outside_review_window', 'review_training_required', 'certificate_not_found']));
  });

  it('every code raised on the way of an operation is declared for it under its status', async () => {
    const missing: string[] = [];
    const controllers = new Map<string, Record<string, unknown>>();
    for (const route of routes) {
      if (!controllers.has(route.file)) controllers.set(route.file, (await import(pathToFileURL(route.file).href)) as Record<string, unknown>);
      const controller = controllers.get(route.file)![route.controller] as { prototype: Record<string, object> } | undefined;
      const method = controller?.prototype[route.method];
      // Excluded from the document (`/metrics`, the dashboard's files): nothing to declare.
      if (!method || Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, controller as object)?.[0] || Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, method)?.disable) continue;
      const declared = declaredCodes(method);
      const raised = index.raisedBy([{ file: route.file, node: route.node, name: `${route.controller}.${route.method}` }, ...handlersOf(index, route)]);
      for (const { status, code, where } of raised) {
        if (!declared.get(status)?.has(code)) missing.push(`${route.operation}: ${status} ${code} (raised in ${where})`);
      }
    }
    expect([...new Set(missing)].sort()).toEqual([]);
  });

  it('an erased person and a pending erasure are declared where they can happen', async () => {
    const declaredFor = async (operation: string) => {
      const route = routes.find((candidate) => candidate.operation === operation)!;
      const module = (await import(pathToFileURL(route.file).href)) as Record<string, { prototype: Record<string, object> }>;
      return declaredCodes(module[route.controller]!.prototype[route.method]!);
    };
    const erasure = await declaredFor('POST /api/v1/workers/{id}/erasure');
    expect([...(erasure.get(503) ?? [])]).toContain('erasure_pending');
    expect([...(erasure.get(422) ?? [])]).toContain('already_erased');
    // The rules that need an erased person's birth date cannot be checked: 422 `person_erased`.
    for (const operation of ['POST /api/v1/workers', 'POST /api/v1/workers/{id}/exams', 'POST /api/v1/workers/{id}/posts', 'POST /api/v1/certificates']) {
      expect([operation, [...((await declaredFor(operation)).get(422) ?? [])]]).toEqual([operation, expect.arrayContaining(['person_erased'])]);
    }
  });
});
