import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TracingConfig } from './tracing-config.js';
import type { SpanAttributes, Tracing } from './tracing.js';

/**
 * `Tracing` over the OpenTelemetry SDK: spans batched and sent as OTLP/HTTP (JSON) to the configured
 * endpoint. Imported only when traces are on (`startTracing`). The spans are made here, by hand, and no
 * auto-instrumentation is loaded: see docs/decisions/0015-traces-without-auto-instrumentation.md.
 */
export function openTelemetryTracing(config: Extract<TracingConfig, { enabled: true }>, service: string): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName ?? service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.url }))],
  });
  // The AsyncLocalStorage context manager and the W3C `traceparent` propagator, for the whole process.
  provider.register();
  const tracer = provider.getTracer('safety-skills');
  const requestSpans = new WeakMap<IncomingMessage, Span>();
  const ids = (span: Span | undefined) => {
    if (!span) return {};
    const { traceId, spanId } = span.spanContext();
    return { traceId, spanId };
  };

  return {
    inSpan: (name, attributes, work) =>
      tracer.startActiveSpan(name, { attributes }, async (span) => {
        try {
          return await work({ set: (more: SpanAttributes) => void span.setAttributes(more) });
        } catch (error) {
          // The error's name only: a message may repeat what the request carried.
          span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      }),

    httpMiddleware: (describe) => (request: IncomingMessage, response: ServerResponse, next: () => void) => {
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const span = tracer.startSpan(request.method ?? 'HTTP', { kind: SpanKind.SERVER }, parent);
      requestSpans.set(request, span);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        const { name, attributes } = describe(request, response);
        span.updateName(name);
        span.setAttributes(attributes);
        if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      };
      response.once('finish', end);
      response.once('close', end);
      const active = trace.setSpan(parent, span);
      // The body parser and the handlers run in listeners of the request's streams: bound to the span too.
      context.bind(active, request);
      context.bind(active, response);
      context.with(active, next);
    },

    logFields: () => ids(trace.getActiveSpan()),
    requestLogFields: (request) => ids(requestSpans.get(request)),

    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
