import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type NativeConnectionOptions, type WorkerOptions } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import type { RegistrarSet } from '../activities';
import { createAllActivities } from '../activities/all';
import type { BackorderPrices } from '../config/backorder-prices';
import type { MailSettings } from '../config/mail';
import type { ReportSettings, WebhookSettings } from '../config/config';
import type { Logger } from 'pino';
import type { MarkupRules } from '../domain/pricing';
import { encryptedDataConverter } from '../codec/encryption-codec';
import { bundlerOptions, workflowInterceptorModules } from './bundle-options';
import { dropWorkflowSpans, type Tracing } from '../telemetry/tracing';

export interface DomainflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  registrars: RegistrarSet;
  mail: MailSettings;
  backorderPrices: BackorderPrices;
  webhooks?: WebhookSettings;
  reports?: ReportSettings;
  /** due date offset of domain workflows started by activities (DOMAINFLOW_DUE_DATE_OFFSET_DAYS) */
  dueDateOffsetDays?: number;
  logger?: Logger;
  /** Payload encryption (src/codec): workflow inputs carry auth codes and contact data. */
  codec: PayloadCodec;
  /** a pre-built bundle (production, tests); otherwise the workflows are bundled at start */
  workflowBundle?: WorkerOptions['workflowBundle'];
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** after this, run() rejects with GracefulShutdownPeriodExpiredError */
  shutdownForceTime?: WorkerOptions['shutdownForceTime'];
  /**
   * Workflows kept in memory. The SDK's default, sized from the heap, overran the workflow thread's
   * heap with a few thousand domain workflows; evicted ones are replayed from their short histories.
   */
  maxCachedWorkflows?: number;
  /** workflow tasks held at once (DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS); the SDK's default when absent */
  maxConcurrentWorkflowTaskExecutions?: number;
  /** record change events in the `change-feed` workflow (the gateway's GET /v1/events) */
  changeFeed?: boolean;
  /** the price catalogue's markup rules (DOMAINFLOW_PRICE_MARKUPS); default the embedded ones */
  markups?: MarkupRules;
  /** OpenTelemetry (src/telemetry): activity spans, workflow spans through the sink, traced client calls */
  tracing?: Tracing;
}

export const workflowsPath = require.resolve('../workflows');

/** The payload converter, the worker's own client and every activity, as all of a process's workers share them. */
export function workerParts(options: DomainflowWorkerOptions) {
  const dataConverter = encryptedDataConverter(options.codec);
  // Account Updates (backorder funds) and domain workflows go through a client on the worker's own connection.
  const client = new Client({
    connection: options.connection,
    namespace: options.namespace,
    dataConverter,
    ...(options.tracing ? { interceptors: { workflow: options.tracing.clientInterceptors } } : {}),
  });
  const activities = createAllActivities({
    registrars: options.registrars,
    mail: options.mail,
    backorderPrices: options.backorderPrices,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.reports ? { reports: options.reports } : {}),
    ...(options.dueDateOffsetDays !== undefined ? { dueDateOffsetDays: options.dueDateOffsetDays } : {}),
    client,
    taskQueue: options.taskQueue,
    logger: options.logger,
    ...(options.changeFeed ? { changeFeed: true } : {}),
    ...(options.markups ? { markups: options.markups } : {}),
  });
  return { dataConverter, client, activities };
}

export async function createWorker(options: DomainflowWorkerOptions): Promise<Worker> {
  const { dataConverter, activities } = workerParts(options);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath, bundlerOptions }),
    activities,
    dataConverter,
    interceptors: {
      // A pre-built bundle already has them (bundlerOptions); the SDK warns when both are given.
      ...(options.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }),
      ...(options.tracing ? { activity: options.tracing.activityInterceptors } : {}),
    },
    sinks: options.tracing?.sinks ?? dropWorkflowSpans,
    // In-flight registrar calls get time to finish: a cancelled call may still have happened.
    shutdownGraceTime: options.shutdownGraceTime ?? '20s',
    ...(options.shutdownForceTime !== undefined ? { shutdownForceTime: options.shutdownForceTime } : {}),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.maxConcurrentWorkflowTaskExecutions !== undefined
      ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions }
      : {}),
  });
}

/**
 * Connects, retrying while the server is still starting (workers often start alongside it).
 * Takes an address or the full options (TLS, API key: resolveTemporalConnection in src/client/connect).
 */
export async function connectWithRetry(
  target: string | NativeConnectionOptions,
  timeoutMs = 60_000,
  stopped: () => boolean = () => false,
): Promise<NativeConnection> {
  const options = typeof target === 'string' ? { address: target } : target;
  const started = Date.now();
  for (;;) {
    try {
      return await NativeConnection.connect(options);
    } catch (err) {
      if (Date.now() - started > timeoutMs || stopped()) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
