/**
 * The workflow side of tracing, in every workflow bundle (src/workers/bundle-options.ts). Not a
 * workflow: interceptors. A workflow is traced only when its start carried a trace (the
 * `_tracer-data` header the client interceptor adds when tracing is on); then each call goes to
 * @temporalio/interceptors-opentelemetry's workflow interceptors, loaded at that moment. Every other
 * workflow runs exactly as without this module: no span, no header, no extra yield, so histories
 * recorded before tracing existed replay unchanged and tracing off costs nothing.
 */
import type {
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** The header @temporalio/interceptors-opentelemetry puts the trace context in (its TRACE_HEADER). */
const TRACE_HEADER = '_tracer-data';

interface Traced {
  inbound: WorkflowInboundCallsInterceptor;
  outbound: WorkflowOutboundCallsInterceptor;
  internals: WorkflowInternalsInterceptor;
}

function loadOpenTelemetry(): Traced {
  // A lazy require: webpack bundles the module, but its code (and the browser globals it sets up
  // for the OTel SDK) runs only in a traced workflow.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const otel = require('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors') as {
    interceptors: () => Required<Pick<WorkflowInterceptors, 'inbound' | 'outbound' | 'internals'>>;
  };
  const made = otel.interceptors();
  return { inbound: made.inbound[0]!, outbound: made.outbound[0]!, internals: made.internals[0]! };
}

export const interceptors = (): WorkflowInterceptors => {
  let traced: Traced | undefined;
  return {
    inbound: [
      {
        execute: (input, next) => {
          if (input.headers[TRACE_HEADER] === undefined) return next(input);
          traced = loadOpenTelemetry();
          return traced.inbound.execute!(input, next);
        },
        handleSignal: (input, next) => (traced ? traced.inbound.handleSignal!(input, next) : next(input)),
        handleUpdate: (input, next) => (traced ? traced.inbound.handleUpdate!(input, next) : next(input)),
        validateUpdate: (input, next) => (traced ? traced.inbound.validateUpdate!(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (traced ? traced.outbound.scheduleActivity!(input, next) : next(input)),
        scheduleLocalActivity: (input, next) =>
          traced ? traced.outbound.scheduleLocalActivity!(input, next) : next(input),
        startChildWorkflowExecution: (input, next) =>
          traced ? traced.outbound.startChildWorkflowExecution!(input, next) : next(input),
        continueAsNew: (input, next) => (traced ? traced.outbound.continueAsNew!(input, next) : next(input)),
        signalWorkflow: (input, next) => (traced ? traced.outbound.signalWorkflow!(input, next) : next(input)),
        getLogAttributes: (input, next) => (traced ? traced.outbound.getLogAttributes!(input, next) : next(input)),
      },
    ],
    internals: [
      {
        dispose: (input, next) => (traced ? traced.internals.dispose!(input, next) : next(input)),
      },
    ],
  };
};
