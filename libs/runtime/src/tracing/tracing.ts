import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TracingConfig } from './tracing-config.js';

/** Attribute values of a span: names, counts, outcomes and codes, never personal data. */
export type SpanAttributes = Record<string, string | number | boolean>;

/** The span a piece of work runs in: it may add attributes (its outcome) before it ends. */
export interface SpanScope {
  set(attributes: SpanAttributes): void;
}

/**
 * What the api and the projector trace, when traces are on (README, "Traces"). Nothing here imports
 * OpenTelemetry: with traces off there is no `Tracing` at all, no span is begun and no middleware,
 * interceptor or store wrapper is installed, so a request costs what it did without it.
 */
export interface Tracing {
  /** Runs `work` in a span, a child of the active one; an error thrown ends it with an error status. */
  inSpan<T>(name: string, attributes: SpanAttributes, work: (span: SpanScope) => Promise<T>): Promise<T>;
  /**
   * The request's server span, begun before any other middleware (a caller's `traceparent` continues
   * its trace) and ended when the answer is sent; `describe` gives its name and attributes then, once
   * the route is known.
   */
  httpMiddleware(describe: (request: IncomingMessage, response: ServerResponse) => { name: string; attributes: SpanAttributes }): (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
  /** The active span's trace and span ids, for the log line written in it; empty outside any span. */
  logFields(): { traceId?: string; spanId?: string };
  /** The ids of the request's server span, for the request's log line (written when the answer is sent). */
  requestLogFields(request: IncomingMessage): { traceId?: string; spanId?: string };
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

/** Nest injection token of the `Tracing`, null when traces are off. */
export const TRACING = Symbol('TRACING');

/**
 * The tracing of a process named `service` (the default `service.name`), or undefined when traces are
 * off: OpenTelemetry's modules are imported here, on demand, and only when they are on.
 */
export async function startTracing(config: TracingConfig, service: string): Promise<Tracing | undefined> {
  if (!config.enabled) return undefined;
  const { openTelemetryTracing } = await import('./open-telemetry.js');
  return openTelemetryTracing(config, service);
}
