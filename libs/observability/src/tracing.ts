import { Context, Span, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry for one service. Trace context is always propagated (W3C
 * `traceparent` in NATS headers and event metadata); spans are exported over
 * OTLP/HTTP only when an endpoint is configured.
 */
export function initTracing(service: string, otlpEndpoint?: string): Tracing {
  const spanProcessors: SpanProcessor[] = otlpEndpoint
    ? [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/$/, '')}/v1/traces` }), {
          scheduledDelayMillis: 200,
        }),
      ]
    : [];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return { shutdown: () => provider.shutdown() };
}

/** The carrier form of the active trace context: `{ traceparent }` (empty outside a trace). */
export function currentTraceHeaders(active: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier;
}

/** Runs `work` in a span that continues the trace of `carrier` (headers or event metadata). */
export async function inSpan<T>(
  name: string,
  carrier: Record<string, unknown> | undefined,
  work: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.CONSUMER,
): Promise<T> {
  const parent = propagation.extract(context.active(), carrier ?? {}, {
    get: (c, key) => (typeof c[key] === 'string' ? c[key] : undefined),
    keys: (c) => Object.keys(c),
  });
  return trace.getTracer('tenantry').startActiveSpan(name, { kind }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
