import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from './schema-object.js';

/**
 * What each operation can answer, declared once per operation so that the document at
 * `/api/docs-json` accepts every real answer: the success status the handler really sends, and each
 * problem+json error with the codes known for it. `components.ts` holds the shared schemas.
 */

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

export const PROBLEM_REF = '#/components/schemas/Problem';
export const COMMAND_ANSWER_REF = '#/components/schemas/CommandAnswer';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The codes any operation of the kind can answer with that status, whatever its own rules. */
const GENERIC: Record<ErrorStatus, { description: string; codes: string[]; headers?: Record<string, string> }> = {
  400: { description: 'Malformed or invalid input; `errors` names each field at fault.', codes: ['invalid_input', 'malformed_body', 'body_too_deep', 'body_too_many_members'] },
  401: { description: 'Missing or invalid bearer token.', codes: ['unauthorized'], headers: { 'WWW-Authenticate': 'Bearer' } },
  403: { description: 'The role or scope does not allow this.', codes: ['forbidden'] },
  404: { description: 'No such resource (or a resource the body refers to).', codes: ['not_found'] },
  409: { description: 'A conflict: a duplicate, or a concurrent change.', codes: ['concurrent_change'] },
  412: {
    description: '`If-Match` does not name the current revision: `stale_revision`, with `ETag` carrying it; or the resource has no revision yet (a create): `no_current_revision`, without `ETag`.',
    codes: ['stale_revision', 'no_current_revision'],
    headers: { ETag: 'The current revision, quoted (`stale_revision` only)' },
  },
  413: { description: 'The request body is too large.', codes: ['payload_too_large', 'event_too_large'] },
  415: { description: 'The request body is not `application/json`.', codes: ['unsupported_media_type'] },
  422: { description: 'A business rule refused it; `code` names the rule.', codes: [] },
  429: { description: 'Too many requests; retry after `Retry-After` seconds.', codes: ['too_many_requests'], headers: { 'Retry-After': 'Seconds to wait' } },
  503: { description: 'A store or the read models cannot answer now; retry after `Retry-After` seconds.', codes: [], headers: { 'Retry-After': 'Seconds to wait' } },
};

export type Codes = Partial<Record<ErrorStatus, string[]>>;

function problemResponse(status: ErrorStatus, extraCodes: string[] = []): MethodDecorator {
  const generic = GENERIC[status];
  const codes = [...new Set([...generic.codes, ...extraCodes])];
  return ApiResponse({
    status,
    description: `${generic.description}${codes.length ? ` Codes: ${codes.map((code) => `\`${code}\``).join(', ')}.` : ''}`,
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } },
    ...(generic.headers ? { headers: Object.fromEntries(Object.entries(generic.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
  });
}

function problems(statuses: ErrorStatus[], codes: Codes): MethodDecorator[] {
  return [...new Set(statuses)].sort((a, b) => a - b).map((status) => problemResponse(status, codes[status]));
}

export interface CommandResponsesOptions {
  /** `created`: always a new resource (201); `updated`: an existing one (200); `either`: 201 or 200 as it turns out. */
  success: 'created' | 'updated' | 'either';
  /** 404 for a resource in the path or one the body names (default: yes). */
  notFound?: boolean;
  /** The rule codes this command can refuse with, by status. */
  codes?: Codes;
  /** A public command (no bearer token). */
  public?: boolean;
}

const commandSuccess = (status: 200 | 201): MethodDecorator =>
  ApiResponse({
    status,
    description: status === 201 ? 'Created the resource.' : 'Recorded on an existing resource.',
    content: { 'application/json': { schema: { $ref: COMMAND_ANSWER_REF } } },
    headers: { ETag: { description: 'The revision now, quoted, for the next `If-Match`', schema: { type: 'string' } } },
  });

/** A command: `{ id, revision, position, warnings? }` with 201 when it created the resource, 200 otherwise. */
export function ApiCommandResponses(options: CommandResponsesOptions): MethodDecorator {
  const successes: (200 | 201)[] = options.success === 'created' ? [201] : options.success === 'updated' ? [200] : [201, 200];
  const statuses: ErrorStatus[] = [400, 409, 412, 413, 415, 422, 429, 503];
  if (!options.public) statuses.push(401, 403);
  if (options.notFound ?? true) statuses.push(404);
  for (const status of Object.keys(options.codes ?? {})) statuses.push(Number(status) as ErrorStatus);
  return applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key with the same body answers the first answer again and appends nothing' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision the command expects, quoted; 412 when it is not current' }),
    ...successes.map(commandSuccess),
    // Every command appends: an event store that cannot write answers 503 `store_unavailable`.
    ...problems(statuses, {
      ...options.codes,
      422: ['idempotency_key_reused', ...(options.codes?.[422] ?? [])],
      503: ['store_unavailable', ...(options.codes?.[503] ?? [])],
    }),
  );
}

export interface QueryResponsesOptions {
  /** 404 for a resource in the path. */
  notFound?: boolean;
  codes?: Codes;
  /** Answers without a token. */
  public?: boolean;
  /** Another media type than JSON for the success answer (e.g. CSV); the schema then describes JSON only. */
  alsoAs?: Record<string, SchemaObject>;
  /** Honours `X-Min-Position` (every read-model query does). */
  minPosition?: boolean;
}

/** A query: its answer's schema, and the problems a read can answer. */
export function ApiQueryResponses(schema: SchemaObject, options: QueryResponsesOptions = {}): MethodDecorator {
  const statuses: ErrorStatus[] = [400, 429];
  if (!options.public) statuses.push(401, 403);
  if (options.notFound) statuses.push(404);
  const minPosition = options.minPosition ?? true;
  if (minPosition) statuses.push(503);
  for (const status of Object.keys(options.codes ?? {})) statuses.push(Number(status) as ErrorStatus);
  return applyDecorators(
    ...(minPosition
      ? [ApiHeader({ name: 'X-Min-Position', required: false, description: 'Wait (up to 5 s) until every read model has applied this position; 503 if not' })]
      : []),
    ApiResponse({ status: 200, description: 'The answer.', content: { 'application/json': { schema }, ...Object.fromEntries(Object.entries(options.alsoAs ?? {}).map(([type, s]) => [type, { schema: s }])) } }),
    // A read waits for `X-Min-Position` (`read_models_behind`) and needs the read store (`store_unavailable`).
    ...problems(statuses, { ...options.codes, 503: ['read_models_behind', 'store_unavailable', ...(options.codes?.[503] ?? [])] }),
  );
}

/** Problem answers alone, for an operation whose success answer is declared by hand. */
export function ApiProblemResponses(statuses: ErrorStatus[], codes: Codes = {}): MethodDecorator {
  return applyDecorators(...problems(statuses, codes));
}

const PARAMETER_SCHEMAS: Record<string, { schema: SchemaObject; description: string }> = {
  asOf: { schema: { type: 'string', format: 'date' }, description: 'The day the answer is as of (YYYY-MM-DD); default today' },
  knownAt: { schema: { type: 'string', format: 'date-time' }, description: 'What the system knew at this instant; default now' },
  countyCode: { schema: { type: 'string', pattern: '^[0-9]{6}$' }, description: 'A county of the city' },
  sector: { schema: { type: 'string' }, description: 'A sector code' },
  limit: { schema: { type: 'integer', minimum: 1, maximum: 500 }, description: 'At most this many items' },
  cursor: { schema: { type: 'string' }, description: 'The `nextCursor` of the previous page' },
  streamId: { schema: { type: 'string' }, description: 'Only events of this stream' },
  actor: { schema: { type: 'string' }, description: 'Only events by this token subject' },
  from: { schema: { type: 'string' }, description: 'Recorded at or after this day or instant' },
  to: { schema: { type: 'string', format: 'date-time' }, description: 'Recorded before this instant' },
  enterpriseId: { schema: { type: 'string' }, description: "Only that enterprise's own rows" },
};

/** Optional query parameters, by name; `enums` gives the allowed values of a parameter. */
export function ApiQueryParameters(names: string[], enums: Record<string, readonly string[]> = {}, required: string[] = []): MethodDecorator {
  return applyDecorators(
    ...names.map((name) =>
      ApiQuery({
        name,
        required: required.includes(name),
        description: PARAMETER_SCHEMAS[name]?.description,
        schema: enums[name] ? { type: 'string', enum: [...enums[name]] } : (PARAMETER_SCHEMAS[name]?.schema ?? { type: 'string' }),
      }),
    ),
  );
}
