import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';

/**
 * JSON lines on stdout (pino): one line per request with its correlation id, route, status and
 * duration, and every Nest log line in the same format. Personal data is kept out twice: requests are
 * logged as method, path and status only (no headers, no bodies, no query strings), and the paths below
 * are redacted wherever a log call passes such an object.
 */

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.idNumber',
  '*.name',
  '*.birthDate',
  '*.phone',
  '*.personal',
  '*.laborContract.fileName',
  '*.*.idNumber',
  '*.*.name',
  '*.*.birthDate',
  '*.*.phone',
];

const PINO_LEVEL: Record<AppConfig['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Correlation-Id` when well formed, a fresh one otherwise; echoed on the answer. */
export function correlationIdOf(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers['x-correlation-id'];
  const id = typeof header === 'string' && CORRELATION.test(header) ? header : randomUUID();
  response.setHeader('X-Correlation-Id', id);
  return id;
}

/** The route template (`/api/v1/workers/:id`), never the ids in the path. */
export const routeOf = (request: IncomingMessage): string => {
  const route = (request as Request).route as { path?: string } | undefined;
  const base = (request as Request).baseUrl ?? '';
  return route?.path ? `${base}${route.path}` : 'unmatched';
};

/** The request logger's settings, shared by the request middleware and Nest's own log lines. */
function loggerOptions(level: AppConfig['logLevel']): Options {
  return {
    level: PINO_LEVEL[level],
    base: { service: 'safety-skills-api' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    messageKey: 'message',
    genReqId: correlationIdOf,
    customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
    // Computed when the answer is sent: the route is known only once the router has matched it.
    customSuccessObject: (request: IncomingMessage, _response: ServerResponse, line: object) => ({ ...line, correlationId: request.id, route: routeOf(request) }),
    // A 503 is the client's wait or a store being away, not a fault of ours: no stack of pino-http's own error.
    customErrorObject: (request: IncomingMessage, response: ServerResponse, _error: Error, line: object) => {
      const { err, ...rest } = line as { err?: unknown };
      return { ...(response.statusCode === 503 ? rest : { ...rest, err }), correlationId: request.id, route: routeOf(request) };
    },
    serializers: {
      req: (request: { method?: string; url?: string }) => ({ method: request.method, path: (request.url ?? '').split('?')[0] }),
      res: (response: { statusCode?: number }) => ({ status: response.statusCode }),
    },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      response.statusCode === 503 ? 'warn' : error || response.statusCode >= 500 ? 'error' : 'info',
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/**
 * The request logger, mounted by `createApp` ahead of every other middleware: a request refused before
 * Nest's router (malformed JSON, a body too large, the wrong media type, the rate limit) gets its line too.
 */
export function requestLogger(level: AppConfig['logLevel']): HttpLogger {
  return pinoHttp(loggerOptions(level), process.stdout);
}

/**
 * Nest's log lines through pino, in the request's context when there is one: `useExisting` binds the
 * logger `requestLogger` put on the request instead of mounting a second request logger after the
 * application's own middleware.
 */
export function loggingModule(level: AppConfig['logLevel']): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: [loggerOptions(level), process.stdout], useExisting: true });
}
