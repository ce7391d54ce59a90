import { z } from 'zod';
import { ConfigError } from './errors';
import { duration, listenAddress, nonEmpty } from './fields';

/** The worker process in production (src/workers/main.ts). */
export const workerEnv = {
  NODE_ENV: z
    .string()
    .optional()
    .describe('`production`: the pre-built bundle is required and the metrics/health ports must bind'),
  DOMAINFLOW_METRICS_ADDRESS: listenAddress.optional().meta({
    description: "worker's Prometheus endpoint (`/metrics`), `host:port` or `off`",
    defaultText: '`127.0.0.1:9464`',
  }),
  DOMAINFLOW_HEALTH_ADDRESS: listenAddress.optional().meta({
    description: "worker's `GET /healthz` and `/readyz`, `host:port` or `off`",
    defaultText: '`127.0.0.1:9465`',
  }),
  DOMAINFLOW_SHUTDOWN_GRACE: duration.default(20_000).meta({
    description: 'after SIGTERM/SIGINT, how long in-flight activities may finish before they are cancelled',
    defaultText: '`20s`',
  }),
  DOMAINFLOW_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int('must be a whole number')
    .min(10, 'must be 10-100000')
    .max(100_000, 'must be 10-100000')
    .default(500)
    .describe(
      'workflows a worker keeps in memory, about 0.2 MB of heap each (docs/reliability.md, worker memory: 1,000 in flight ran in 576 MB RSS with 500, 598 MB with 1,000); an evicted one is replayed from its history at its next task, so fewer than in flight costs CPU. The domain workflows live forever: idle ones are evicted',
    ),
  DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce
    .number()
    .int('must be a whole number')
    .min(2, 'must be 2-1000')
    .max(1000, 'must be 2-1000')
    .default(40)
    .describe(
      "workflow tasks a worker holds at once (the SDK's default; one workflow thread runs them one after the other, so more only wait); at most DOMAINFLOW_MAX_CACHED_WORKFLOWS",
    ),
  DOMAINFLOW_SHUTDOWN_FORCE: duration.optional().meta({
    description: 'hard limit after the signal, longer than the grace; then the worker exits 1',
    defaultText: 'grace + 10 s',
  }),
  DOMAINFLOW_WORKFLOW_BUNDLE: nonEmpty.optional().meta({
    description: 'pre-built workflow bundle (`npm run build`); a named file that is missing stops start-up',
    defaultText: '`lib/workflow-bundle.js`',
  }),
};

/** Where the worker process listens and how it starts and stops (src/workers/main.ts). */
export interface WorkerProcessSettings {
  /** NODE_ENV=production: a pre-built workflow bundle is required. */
  production: boolean;
  /**
   * Prometheus endpoint (host:port), null = off. `required` when set explicitly or in production:
   * then a port in use stops the worker; with the default it only logs a warning.
   */
  metrics: { address: string | null; required: boolean };
  /** GET /healthz and /readyz (host:port), null = off; `required` as for metrics. */
  health: { address: string | null; required: boolean };
  /** Time in-flight activities get after SIGTERM before they are cancelled. */
  shutdownGraceMs: number;
  /** Hard limit after SIGTERM: then the worker stops with an error (exit 1). */
  shutdownForceMs: number;
  /** DOMAINFLOW_WORKFLOW_BUNDLE: a pre-built bundle elsewhere than lib/workflow-bundle.js. */
  workflowBundle?: string;
  /** DOMAINFLOW_MAX_CACHED_WORKFLOWS */
  maxCachedWorkflows: number;
  /** DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS */
  maxConcurrentWorkflowTasks: number;
}

export const DEFAULT_METRICS_ADDRESS = '127.0.0.1:9464';
export const DEFAULT_HEALTH_ADDRESS = '127.0.0.1:9465';

export function loadWorkerSettings(e: z.infer<z.ZodObject<typeof workerEnv>>): WorkerProcessSettings {
  const shutdownForceMs = e.DOMAINFLOW_SHUTDOWN_FORCE ?? e.DOMAINFLOW_SHUTDOWN_GRACE + 10_000;
  if (e.DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS > e.DOMAINFLOW_MAX_CACHED_WORKFLOWS) {
    throw new ConfigError(
      'invalid configuration: DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: must not be more than DOMAINFLOW_MAX_CACHED_WORKFLOWS',
    );
  }
  if (shutdownForceMs <= e.DOMAINFLOW_SHUTDOWN_GRACE) {
    throw new ConfigError(
      'invalid configuration: DOMAINFLOW_SHUTDOWN_FORCE: must be longer than DOMAINFLOW_SHUTDOWN_GRACE',
    );
  }
  const nodeEnvProduction = e.NODE_ENV === 'production';
  const listen = (value: string | undefined, fallback: string) => ({
    address: (value ?? fallback) === 'off' ? null : (value ?? fallback),
    required: value !== undefined || nodeEnvProduction,
  });
  return {
    production: nodeEnvProduction,
    metrics: listen(e.DOMAINFLOW_METRICS_ADDRESS, DEFAULT_METRICS_ADDRESS),
    health: listen(e.DOMAINFLOW_HEALTH_ADDRESS, DEFAULT_HEALTH_ADDRESS),
    shutdownGraceMs: e.DOMAINFLOW_SHUTDOWN_GRACE,
    shutdownForceMs,
    ...(e.DOMAINFLOW_WORKFLOW_BUNDLE ? { workflowBundle: e.DOMAINFLOW_WORKFLOW_BUNDLE } : {}),
    maxCachedWorkflows: e.DOMAINFLOW_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTasks: e.DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS,
  };
}
