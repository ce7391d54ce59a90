import { Runtime, makeTelemetryFilterString, type RuntimeOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { temporalLevel, temporalLogger } from './logger';

export interface RuntimeSettings {
  logLevel: string;
  /** Prometheus endpoint host:port, null = off */
  metricsAddress: string | null;
  /** when false, a metrics port in use only gives a warning and the worker runs without metrics */
  metricsRequired: boolean;
}

/**
 * Installs the Temporal runtime once for this process, before any connection or worker:
 * - one JSON logger (pino) for the project, the SDK and Temporal Core (Core's own logs are
 *   forwarded at WARN and above instead of going to stderr in another format);
 * - the SDK's metrics on a Prometheus endpoint, with the project's counters (src/workers/metrics.ts);
 * - no signal handling of its own: src/workers/main.ts handles SIGINT/SIGTERM explicitly.
 * Returns the metrics address actually serving (null when off or not available).
 */
export function installRuntime(logger: Logger, settings: RuntimeSettings): { metricsAddress: string | null } {
  const base = (withMetrics: boolean): RuntimeOptions => ({
    logger: temporalLogger(logger, temporalLevel(settings.logLevel)),
    shutdownSignals: [],
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
      ...(withMetrics && settings.metricsAddress
        ? { metrics: { prometheus: { bindAddress: settings.metricsAddress } } }
        : {}),
    },
  });
  if (!settings.metricsAddress) {
    Runtime.install(base(false));
    return { metricsAddress: null };
  }
  try {
    Runtime.install(base(true));
    return { metricsAddress: settings.metricsAddress };
  } catch (err) {
    const message = `metrics endpoint ${settings.metricsAddress}: ${(err as Error).message}`;
    if (settings.metricsRequired) throw new Error(`DOMAINFLOW_METRICS_ADDRESS: ${message}`, { cause: err });
    // The default port is taken (another worker on this machine): run, but say so.
    logger.warn(`${message}; running without metrics (set DOMAINFLOW_METRICS_ADDRESS to another port or 'off')`);
    Runtime.install(base(false));
    return { metricsAddress: null };
  }
}
