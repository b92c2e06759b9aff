import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Every answer the server sends, checked in-process against the OpenAPI document it serves: the
 * operation must declare the status and the media type, and a JSON body must match the declared schema
 * with no field the schema does not name. A test asserts `mismatches` is empty at its end.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }> }>>;
  components?: Record<string, unknown>;
}

export interface ObservedAnswer {
  method: string;
  url: string;
  status: number;
  contentType: string;
  body: string;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Objects that name their properties accept no others unless they say so: a field the document does
 * not declare is a mismatch, as a generated client would not know it.
 */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas: close each schema, never treat the map itself as a schema.
    out[key] = key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, closeObjects(schema)]))
      : closeObjects(value);
  }
  if (out.properties && typeof out.properties === 'object' && out.additionalProperties === undefined && out.type === 'object') {
    out.additionalProperties = false;
  }
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#/')) out.$ref = `openapi.json${out.$ref}`;
  return out;
}

export class ContractValidator {
  readonly mismatches: string[] = [];
  /** `METHOD /template STATUS` for each answer validated. */
  readonly covered = new Set<string>();
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(closeObjects(document as unknown as Json) as object, 'openapi.json');
    for (const [template, methods] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of Object.keys(methods)) this.operations.push({ method: method.toUpperCase(), template, pattern });
    }
  }

  /** Every `METHOD /template` in the document. */
  operationKeys(): string[] {
    return this.operations.map((operation) => `${operation.method} ${operation.template}`);
  }

  check(answer: ObservedAnswer): void {
    const path = answer.url.split('?')[0]!;
    const operation = this.operations.find((candidate) => candidate.method === answer.method && candidate.pattern.test(path));
    if (!operation) {
      // Only the api's own routes must be in the document (not the dashboard's files or the document itself).
      if (path.startsWith('/api/v1/') && answer.status !== 404) this.fail(answer, 'no operation in the document');
      return;
    }
    const where = `${operation.method} ${operation.template}`;
    const declared = this.document.paths[operation.template]![operation.method.toLowerCase()]!.responses[String(answer.status)];
    if (!declared) return this.fail(answer, `status ${answer.status} is not declared for ${where}`);
    const mediaType = answer.contentType.split(';')[0]!.trim();
    const content = declared.content ?? {};
    if (Object.keys(content).length === 0) {
      if (answer.body.length > 0) this.fail(answer, `${where} ${answer.status} declares no body but one was sent`);
      this.covered.add(`${where} ${answer.status}`);
      return;
    }
    if (!(mediaType in content)) return this.fail(answer, `${where} ${answer.status} does not declare ${mediaType || 'an empty body'}`);
    if (/json/.test(mediaType)) {
      const validate = this.validatorFor(operation, answer.status, mediaType);
      let body: unknown;
      try {
        body = JSON.parse(answer.body);
      } catch {
        return this.fail(answer, `${where} ${answer.status} sent ${mediaType} that is not JSON`);
      }
      if (validate && !validate(body)) {
        const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
        return this.fail(answer, `${where} ${answer.status} body does not match the document: ${errors.join('; ')}`);
      }
      if (mediaType === 'application/problem+json') {
        // The problem's `code` must be one the operation declares for this status ("Codes: `a`, `b`.").
        const code = (body as { code?: unknown }).code;
        const codes = [...((declared.description ?? '').split(' Codes: ')[1] ?? '').matchAll(/`([a-z0-9_]+)`/g)].map((match) => match[1]);
        if (!codes.includes(String(code))) return this.fail(answer, `${where} ${answer.status} answered code ${String(code)}, not among the declared ${codes.join(', ')}`);
        // `type` is `/problems/` and the code with hyphens, as the Problem schema says.
        const type = (body as { type?: unknown }).type;
        if (type !== `/problems/${String(code).replaceAll('_', '-')}`) return this.fail(answer, `${where} ${answer.status} type ${String(type)} is not the documented form of code ${String(code)}`);
      }
    }
    this.covered.add(`${where} ${answer.status}`);
  }

  private validatorFor(operation: Operation, status: number, mediaType: string): ValidateFunction | null {
    const key = `${operation.method} ${operation.template} ${status} ${mediaType}`;
    if (!this.validators.has(key)) {
      const pointer = `/paths/${operation.template.replaceAll('~', '~0').replaceAll('/', '~1')}/${operation.method.toLowerCase()}/responses/${status}/content/${mediaType.replaceAll('/', '~1')}/schema`;
      const declared = this.document.paths[operation.template]![operation.method.toLowerCase()]!.responses[String(status)]!.content![mediaType]!.schema;
      this.validators.set(key, declared === undefined ? null : this.ajv.compile({ $ref: `openapi.json#${pointer}` }));
    }
    return this.validators.get(key)!;
  }

  private fail(answer: ObservedAnswer, reason: string): void {
    this.mismatches.push(`${answer.method} ${answer.url} → ${answer.status}: ${reason}\n    body: ${answer.body.slice(0, 300)}`);
  }
}

/** Hands every answer the server sends (middleware refusals too) to `onAnswer`, with its body. */
export function observeAnswers(server: Server, onAnswer: (answer: ObservedAnswer) => void): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as ServerResponse['write'];
    response.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return end(...args);
    }) as ServerResponse['end'];
    response.once('finish', () => {
      if (request.method === 'HEAD' || request.method === 'OPTIONS') return;
      onAnswer({
        method: request.method ?? 'GET',
        url,
        status: response.statusCode,
        contentType: String(response.getHeader('content-type') ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      });
    });
  });
}
