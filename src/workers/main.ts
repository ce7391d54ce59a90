import { getHeapStatistics } from 'node:v8';
import type { Logger } from 'pino';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { GracefulShutdownPeriodExpiredError } from '@temporalio/worker';
import { ConfigError, loadConfig, loadDotEnv } from '../config/config';
import { codecFromConfig } from '../codec';
import { connectionOptions, resolveTemporalConnection } from '../client/connect';
import { createLogger } from './logger';
import { createRegistrars } from './registrars';
import { connectWithRetry, createWorker } from './worker';
import { startPortfolioSide, type PortfolioSide } from './registrar-queues';
import { loadMailConfig } from '../config/mail';
import { loadBackorderPrices } from '../config/backorder-prices';
import { locateWorkflowBundle } from './bundle';
import { installRuntime } from './runtime';
import { startHealthServer, type HealthServer } from './health';
import { startTracing } from '../telemetry/tracing';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function startHealth(
  logger: Logger,
  settings: { address: string | null; required: boolean },
  status: Parameters<typeof startHealthServer>[1],
): Promise<HealthServer | undefined> {
  if (!settings.address) return undefined;
  try {
    return await startHealthServer(settings.address, status);
  } catch (err) {
    const message = `health endpoint ${settings.address}: ${(err as Error).message}`;
    if (settings.required) throw new Error(`DOMAINFLOW_HEALTH_ADDRESS: ${message}`, { cause: err });
    logger.warn(`${message}; running without it (set DOMAINFLOW_HEALTH_ADDRESS to another port or 'off')`);
    return undefined;
  }
}

/**
 * The long-running worker process. SIGINT/SIGTERM stop it gracefully: no new tasks are polled,
 * in-flight activities get DOMAINFLOW_SHUTDOWN_GRACE, then the connections close and it exits 0.
 * After DOMAINFLOW_SHUTDOWN_FORCE it gives up and exits 1.
 */
async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  const target = resolveTemporalConnection(config.temporal);
  const code = locateWorkflowBundle({ explicit: config.worker.workflowBundle, production: config.worker.production });
  const codec = codecFromConfig(config);
  const logger = createLogger(config.logLevel, 'domainflow-worker');
  const { metricsAddress } = installRuntime(logger, {
    logLevel: config.logLevel,
    metricsAddress: config.worker.metrics.address,
    metricsRequired: config.worker.metrics.required,
  });

  // Before the registrar clients exist: their HTTP calls become spans of the activity's trace.
  const tracing = await startTracing({ otlpEndpoint: config.tracing.otlpEndpoint, serviceName: 'domainflow-worker' });

  let worker: Worker | undefined;
  let portfolio: PortfolioSide | undefined;
  let stopSignal: NodeJS.Signals | undefined;
  let stopRequestedAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal) {
      logger.warn({ signal }, 'already stopping');
      return;
    }
    stopSignal = signal;
    stopRequestedAt = performance.now();
    logger.info(
      { signal, graceMs: config.worker.shutdownGraceMs, forceMs: config.worker.shutdownForceMs },
      'stopping: no new tasks; in-flight activities get the grace time',
    );
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    portfolio?.shutdown();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const health = await startHealth(logger, config.worker.health, () => ({
    worker: worker?.getState() ?? (stopSignal ? 'STOPPING' : 'STARTING'),
    taskQueue: config.temporal.taskQueue,
    namespace: target.namespace,
  }));

  let connection: NativeConnection | undefined;
  let closeRegistrars: (() => Promise<void>) | undefined;
  try {
    connection = await connectWithRetry(connectionOptions(target), 60_000, () => stopSignal !== undefined);
    if (stopSignal) return 0;
    const { registrars, close } = createRegistrars(config, logger);
    closeRegistrars = close;
    if (code.kind === 'prebuilt') {
      logger.info(
        { workflowBundle: code.codePath, bytes: code.bytes, builtAt: code.builtAt },
        'using the pre-built workflow bundle',
      );
    } else {
      logger.info(
        { reason: code.reason },
        'bundling the workflows at start (development; `npm run build` pre-builds them)',
      );
    }
    const createStarted = performance.now();
    const workerOptions = {
      connection,
      namespace: target.namespace,
      taskQueue: config.temporal.taskQueue,
      registrars,
      codec,
      mail: loadMailConfig(),
      backorderPrices: loadBackorderPrices(),
      webhooks: config.webhooks,
      reports: config.reports,
      logger,
      ...(code.kind === 'prebuilt' ? { workflowBundle: { codePath: code.codePath } } : {}),
      shutdownGraceTime: config.worker.shutdownGraceMs,
      shutdownForceTime: config.worker.shutdownForceMs,
      dueDateOffsetDays: config.portfolio.dueDateOffsetDays,
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
      ...(tracing ? { tracing } : {}),
      changeFeed: true,
      markups: config.prices.markups,
    };
    worker = await createWorker(workerOptions);
    const main = worker.run();
    portfolio = await startPortfolioSide({
      ...workerOptions,
      settings: config.portfolio,
      prices: config.prices,
      namedAccounts: config.accounts,
    });
    const running = Promise.all([main, portfolio.running]);
    const memory = process.memoryUsage();
    logger.info(
      {
        address: target.address,
        namespace: target.namespace,
        taskQueue: config.temporal.taskQueue,
        tls: target.describe.tls,
        auth: target.describe.auth,
        ...(target.describe.profile ? { profile: target.describe.profile } : {}),
        ispapi: config.ispapi.url,
        // the receivers only: the webhook secret is never logged
        webhookReceivers: config.webhooks.urls.length,
        codecKey: `${codec.activeKeyId} (${config.codec.source === 'env' ? 'DOMAINFLOW_CODEC_KEYS' : config.codec.keyFile})`,
        workflowCode: code.kind,
        metrics: metricsAddress ?? 'off',
        health: health?.address ?? 'off',
        tracing: config.tracing.otlpEndpoint ?? 'off',
        createWorkerMs: Math.round(performance.now() - createStarted),
        startMs: Math.round(performance.now()),
        rssMb: mb(memory.rss),
        heapUsedMb: mb(memory.heapUsed),
        // the memory settings (docs/reliability.md "Worker memory"): cache, tasks, V8 heap limit
        maxCachedWorkflows: config.worker.maxCachedWorkflows,
        maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks,
        heapLimitMb: mb(getHeapStatistics().heap_size_limit),
      },
      'worker started',
    );
    if (stopSignal) {
      worker.shutdown();
      portfolio.shutdown();
    }
    try {
      await running;
    } catch (err) {
      if (err instanceof GracefulShutdownPeriodExpiredError) {
        logger.error(
          { forceMs: config.worker.shutdownForceMs },
          'in-flight work did not finish within DOMAINFLOW_SHUTDOWN_FORCE: stopping anyway',
        );
        return 1;
      }
      throw err;
    }
    logger.info(
      { signal: stopSignal, stopMs: stopSignal ? Math.round(performance.now() - stopRequestedAt) : undefined },
      'worker stopped',
    );
    return 0;
  } finally {
    await closeRegistrars?.().catch((err: unknown) => logger.warn({ err }, 'closing the registrar clients failed'));
    await connection?.close().catch((err: unknown) => logger.warn({ err }, 'closing the connection failed'));
    await health?.close();
    await tracing?.shutdown().catch((err: unknown) => logger.warn({ err }, 'flushing the traces failed'));
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
