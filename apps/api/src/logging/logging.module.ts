import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';
import { type AppConfig, REDACTED_PATHS, type Tracing } from '#libs/runtime';

/**
 * JSON lines on stdout (pino): one line per request with its correlation id, route, status and
 * duration, and every Nest log line in the same format. Personal data is kept out twice: requests are
 * logged as method, path and status only (no headers, no bodies, no query strings), and the paths below
 * are redacted wherever a log call passes such an object.
 */


/** A refusal's problem code (`writeProblem` keeps it on the response): a code, never input. */
const problemCode = (response: ServerResponse): { code?: string } => {
  const code = (response as ServerResponse & { locals?: { problemCode?: unknown } }).locals?.problemCode;
  return typeof code === 'string' ? { code } : {};
};

const PINO_LEVEL: Record<AppConfig['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

const CORRELATION = /^[A-Za-z0-9._:-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * `count` digits in a row, or written with separators between them as phone numbers are
 * (`138 0013 8000`, `138-0013-8000`, `+86 138…`, `(0737) 123.4567`), raw or percent-encoded.
 */
export const digitRun = (count: number): RegExp => new RegExp(`(?:\\d(?:[\\s.\\-_:()+/]|%20|%2[bdef89]|%28|%29){0,3}){${count - 1}}\\d`, 'i');

/** Six digits in a row, separators or not, may be part of an ID number (身份证号), a phone number or a birth date. */
const DIGIT_RUN = digitRun(6);

/**
 * A caller's correlation id is kept (logged, echoed, stored on events) only when it cannot carry
 * personal data: a UUID, or a short token of letters, digits and `. _ : -` without six digits in a row.
 */
export const isAcceptableCorrelationId = (value: unknown): value is string =>
  typeof value === 'string' && CORRELATION.test(value) && (UUID.test(value) || !DIGIT_RUN.test(value));

/** The caller's `X-Correlation-Id` when acceptable, a fresh one otherwise; echoed on the answer. */
export function correlationIdOf(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers['x-correlation-id'];
  const id = isAcceptableCorrelationId(header) ? header : randomUUID();
  response.setHeader('X-Correlation-Id', id);
  return id;
}

/** The application setting under which bootstrap puts `RouteTemplates` (the templates of every route). */
export const ROUTE_TEMPLATES = 'routeTemplates';

/** Finds the template of a path the router has not matched yet (a request refused before it). */
export type RouteTemplates = (method: string, path: string) => string | undefined;

/**
 * The route template (`/api/v1/workers/:id`), never the ids in the path: the router's match, or for a
 * request refused before routing (the rate limit, the media type) the template its path fits.
 */
export const routeOf = (request: IncomingMessage): string => {
  const route = (request as Request).route as { path?: string } | undefined;
  const base = (request as Request).baseUrl ?? '';
  if (route?.path) return `${base}${route.path}`;
  const templates = (request as Request).app?.get(ROUTE_TEMPLATES) as RouteTemplates | undefined;
  return templates?.(request.method ?? 'GET', (request.url ?? '').split('?')[0]!) ?? 'unmatched';
};

/** Eight digits in a row (an ID number, a phone number, a birth date), also with separators (`138-0013-8000`), or anything but printable ASCII, raw or percent-encoded (a name). */
const EIGHT_DIGITS = digitRun(8);
const NOT_ASCII = /[^\x20-\x7e]|%[89a-f][0-9a-f]/i;
const isPersonalSegment = (segment: string): boolean => EIGHT_DIGITS.test(segment) || NOT_ASCII.test(segment);

/** Our own ids (32 hexadecimal digits, or a UUID) are kept whatever digits they hold: they name records, not people. */
const GENERATED_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The path as logged: a segment that may hold personal data (`GET /api/v1/workers/<身份证号>`) is
 * replaced by `[redacted]`; the route template says what stood there.
 */
export function redactedPath(url: string): string {
  return url
    .split('?')[0]!
    .split('/')
    .map((segment) => (!GENERATED_ID.test(segment) && isPersonalSegment(segment) ? '[redacted]' : segment))
    .join('/');
}

const isProbe = (request: IncomingMessage): boolean => {
  const path = (request.url ?? '').split('?')[0];
  return path === '/health' || path === '/metrics';
};

/**
 * The request logger's settings, shared by the request middleware and Nest's own log lines. With
 * traces on, a line carries the `traceId` and `spanId` of its span: the request's, or the active one.
 */
function loggerOptions(level: AppConfig['logLevel'], tracing?: Tracing): Options {
  const traced = (request: IncomingMessage) => (tracing ? tracing.requestLogFields(request) : {});
  return {
    ...(tracing ? { mixin: () => tracing.logFields() } : {}),
    level: PINO_LEVEL[level],
    base: { service: 'safety-skills-api' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    messageKey: 'message',
    genReqId: correlationIdOf,
    customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
    // Computed when the answer is sent: the route is known only once the router has matched it.
    customSuccessObject: (request: IncomingMessage, response: ServerResponse, line: object) => ({ ...line, correlationId: request.id, route: routeOf(request), ...problemCode(response), ...traced(request) }),
    // A 503 is the client's wait or a store being away, not a fault of ours: no stack of pino-http's own error.
    customErrorObject: (request: IncomingMessage, response: ServerResponse, _error: Error, line: object) => {
      const { err, ...rest } = line as { err?: unknown };
      return { ...(response.statusCode === 503 ? rest : { ...rest, err }), correlationId: request.id, route: routeOf(request), ...problemCode(response), ...traced(request) };
    },
    serializers: {
      req: (request: { method?: string; url?: string }) => ({ method: request.method, path: redactedPath(request.url ?? '') }),
      res: (response: { statusCode?: number }) => ({ status: response.statusCode }),
    },
    // Probes and scrapes that succeed are noise; one that fails (a 503 /health, a refused scrape) is logged.
    customLogLevel: (request: IncomingMessage, response: ServerResponse, error?: Error) =>
      isProbe(request) && response.statusCode < 300 ? 'silent' : response.statusCode === 503 ? 'warn' : error || response.statusCode >= 500 ? 'error' : 'info',
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/**
 * The request logger, mounted by `createApp` ahead of every other middleware: a request refused before
 * Nest's router (malformed JSON, a body too large, the wrong media type, the rate limit) gets its line too.
 */
export function requestLogger(level: AppConfig['logLevel'], tracing?: Tracing): HttpLogger {
  return pinoHttp(loggerOptions(level, tracing), process.stdout);
}

/**
 * Nest's log lines through pino, in the request's context when there is one: `useExisting` binds the
 * logger `requestLogger` put on the request instead of mounting a second request logger after the
 * application's own middleware.
 */
export function loggingModule(level: AppConfig['logLevel'], tracing?: Tracing): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: [loggerOptions(level, tracing), process.stdout], useExisting: true });
}
