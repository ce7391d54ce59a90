/**
 * OpenTelemetry tracing for one process (gateway, worker, CLI): Temporal's interceptors
 * (@temporalio/interceptors-opentelemetry) carry the trace from the HTTP request through the
 * workflow and its activities to each registrar HTTP call (undici instrumentation), exported over
 * OTLP/HTTP (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT. Without an endpoint nothing is loaded, no
 * interceptor is installed and no header is added: tracing off costs nothing (docs/gateway.md#tracing).
 */
import type { Tracer } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';

export interface Tracing {
  tracer: Tracer;
  /** for a Client's `interceptors.workflow`: starts, signals, queries and Updates carry the trace */
  clientInterceptors: WorkflowClientInterceptor[];
  /** for a Worker's `interceptors.activity`: each activity runs in a span under the workflow's */
  activityInterceptors: ActivityInterceptorsFactory[];
  /** for a Worker's `sinks`: the workflow spans leave the sandbox through this */
  sinks: InjectedSinks<Record<string, never>>;
  /** exports the spans still buffered */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** the OTLP/HTTP base URL (`/v1/traces` is appended); undefined = tracing off */
  otlpEndpoint?: string;
  /** service.name of this process's spans, e.g. domainflow-gateway */
  serviceName: string;
  /** also patch Node's http module (the gateway's server spans); undici is instrumented always */
  httpServer?: boolean;
}

/**
 * A worker whose tracing is off still answers the workflow interceptor's sink (a workflow started by
 * a traced gateway carries the trace header): spans are dropped instead of a warning per export.
 */
export const dropWorkflowSpans = {
  exporter: { export: { fn: () => undefined, callDuringReplay: false } },
} as unknown as InjectedSinks<Record<string, never>>;

/** Starts tracing when an endpoint is configured; undefined otherwise (and nothing is loaded). */
export async function startTracing(options: TracingOptions): Promise<Tracing | undefined> {
  if (!options.otlpEndpoint) return undefined;
  // Loaded only now: a process without tracing never loads the SDK.
  const [sdkNode, sdkBase, otlp, resources, instrumentation, undici, interceptors] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-undici'),
    import('@temporalio/interceptors-opentelemetry'),
  ]);
  const resource = new resources.Resource({ 'service.name': options.serviceName });
  const exporter = new otlp.OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` });
  // Batching keeps the export off the request path; flush() empties it (tests, shutdown).
  const processor: SpanProcessor = new sdkBase.BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 });
  const provider = new sdkNode.NodeTracerProvider({ resource, spanProcessors: [processor] });
  // Global context manager (AsyncLocalStorage) and W3C propagator: a traceparent header continues a trace.
  provider.register();
  const instrumentations: InstanceType<typeof instrumentation.InstrumentationBase>[] = [
    // Header values are never recorded (only their names by default), so no key or auth code lands in a span.
    new undici.UndiciInstrumentation(),
  ];
  if (options.httpServer) {
    const http = await import('@opentelemetry/instrumentation-http');
    instrumentations.push(new http.HttpInstrumentation({ disableOutgoingRequestInstrumentation: true }));
  }
  const unregister = instrumentation.registerInstrumentations({ instrumentations, tracerProvider: provider });
  const tracer = provider.getTracer('domainflow');
  const interceptorOptions = { tracer };
  return {
    tracer,
    clientInterceptors: [new interceptors.OpenTelemetryWorkflowClientInterceptor(interceptorOptions)],
    activityInterceptors: [
      (ctx) => ({
        inbound: new interceptors.OpenTelemetryActivityInboundInterceptor(ctx, interceptorOptions),
        outbound: new interceptors.OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    sinks: { exporter: interceptors.makeWorkflowExporter(processor, resource) } as unknown as InjectedSinks<
      Record<string, never>
    >,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}
