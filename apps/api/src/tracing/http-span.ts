import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { redactedPath, routeOf } from '../logging/logging.module.js';
import type { SpanAttributes } from '#libs/runtime';

/**
 * A request's server span as its log line shows it: named by method and route template
 * (`POST /api/v1/workers`), its path redacted as the log redacts it (`redactedPath`), with the status
 * and the correlation id. No query string, header, body, client address or user agent.
 */
export function describeRequestSpan(request: IncomingMessage, response: ServerResponse): { name: string; attributes: SpanAttributes } {
  const method = request.method ?? 'GET';
  const route = routeOf(request);
  const correlationId = (request as { id?: unknown }).id;
  return {
    name: `${method} ${route}`,
    attributes: {
      'http.request.method': method,
      'http.route': route,
      'url.path': redactedPath((request as Request).originalUrl ?? request.url ?? ''),
      'http.response.status_code': response.statusCode,
      ...(typeof correlationId === 'string' ? { 'correlation.id': correlationId } : {}),
    },
  };
}
