import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { RegistrarName } from '../registrars/names';
import { registrarListTaskQueue } from '../contracts';
import type { PortfolioSettings, PriceSettings } from '../config/config';
import type { NamedAccounts } from '../config/accounts';
import { ensureSyncSchedules } from '../client/sync';
import { ensureCatalogueSchedules } from '../client/catalogue';
import { workerParts, type DomainflowWorkerOptions } from './worker';

export interface RegistrarQueueOptions {
  connection: NativeConnection;
  namespace: string;
  /** the main task queue; each registrar's list queue is `<taskQueue>-<registrar>` */
  taskQueue: string;
  activities: WorkerOptions['activities'];
  dataConverter?: DataConverter;
  /** the registrar's limit in calls per second; the list queue dispatches at most half of it */
  ratePerSecond: Partial<Record<RegistrarName, number>>;
  /** named accounts (docs/accounts.md): each its own list queue `<taskQueue>-<registrar>-<account>` and limit */
  accounts?: Array<{ registrar: RegistrarName; account: string; ratePerSecond: number }>;
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
}

/**
 * One activity-only worker per registrar on its list queue. maxTaskQueueActivitiesPerSecond is
 * enforced by the Temporal server for the whole task queue, so the limit holds however many
 * workers poll it (every worker should set the same value: the server keeps the last one set).
 * A list activity makes one registrar call, so activities per second are registrar calls per second.
 */
export async function createRegistrarQueueWorkers(options: RegistrarQueueOptions): Promise<Worker[]> {
  const workers: Worker[] = [];
  const queues = [
    ...Object.entries(options.ratePerSecond).map(([registrar, rate]) => ({ registrar, account: 'default', rate })),
    ...(options.accounts ?? []).map((a) => ({ registrar: a.registrar, account: a.account, rate: a.ratePerSecond })),
  ];
  for (const { registrar, account, rate } of queues) {
    if (!rate) continue;
    workers.push(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        // An account's limit is its own: one queue per account, so a big sync of one never slows another.
        taskQueue: registrarListTaskQueue(options.taskQueue, registrar, account),
        activities: options.activities,
        ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
        // The server hands out a second's worth of dispatches per second: the end of one second and the
        // start of the next can pair up. Half the registrar's limit keeps every window of one second
        // within it (measured: at the full limit a token-bucket registrar refused a call now and then).
        maxTaskQueueActivitiesPerSecond: rate / 2,
        // A page hands up to 1000 domains to their workflows; a few pages at once is plenty.
        maxConcurrentActivityTaskExecutions: 4,
        shutdownGraceTime: options.shutdownGraceTime ?? '20s',
      }),
    );
  }
  return workers;
}

export interface PortfolioSide {
  /** resolves when the list-queue workers have stopped */
  running: Promise<void>;
  shutdown(): void;
}

/**
 * The portfolio's part of a worker process: the rate-limited list queue of every configured
 * registrar, and the sync Schedules (created or brought up to date; a failure is logged, the
 * worker runs on). Schedules are per namespace, so any worker may ensure them.
 */
export async function startPortfolioSide(
  options: DomainflowWorkerOptions & {
    settings: PortfolioSettings;
    prices?: PriceSettings;
    /** named accounts besides `default` (config.accounts): list queues and schedules of their own */
    namedAccounts?: NamedAccounts;
  },
): Promise<PortfolioSide> {
  const { dataConverter, client, activities } = workerParts(options);
  const configured = options.settings.registrars.filter((r) => options.registrars[r] !== undefined);
  const named = configured.flatMap((registrar) =>
    Object.entries(options.namedAccounts?.[registrar] ?? {}).map(([account, a]) => ({
      registrar,
      account,
      ratePerSecond: a.ratePerSecond,
    })),
  );
  const workers = await createRegistrarQueueWorkers({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    dataConverter,
    ratePerSecond: Object.fromEntries(configured.map((r) => [r, options.settings.ratePerSecond[r]])),
    accounts: named,
    ...(options.shutdownGraceTime !== undefined ? { shutdownGraceTime: options.shutdownGraceTime } : {}),
  });
  const running = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  if (options.settings.syncIntervalMs !== null && configured.length > 0) {
    try {
      const schedules = await ensureSyncSchedules(client, {
        interval: options.settings.syncIntervalMs,
        taskQueue: options.taskQueue,
        accounts: [
          ...configured.map((registrar) => ({ registrar })),
          ...named.map(({ registrar, account }) => ({ registrar, account })),
        ].map((ref) => ({
          ...ref,
          pageSize: options.settings.pageSize,
          dueDateOffsetDays: options.settings.dueDateOffsetDays,
        })),
      });
      options.logger?.info({ schedules, everyMs: options.settings.syncIntervalMs }, 'portfolio sync schedules ready');
    } catch (err) {
      options.logger?.warn({ err: String(err) }, 'could not create or update the portfolio sync schedules');
    }
  }
  const catalogueEvery = options.prices?.catalogueSyncIntervalMs ?? null;
  // The price catalogue of every synced account (docs/prices.md), per namespace like the portfolio's;
  // DOMAINFLOW_SYNC_INTERVAL=off means this worker schedules no sync at all (the tests' workers).
  if (catalogueEvery !== null && options.settings.syncIntervalMs !== null && configured.length > 0) {
    try {
      const schedules = await ensureCatalogueSchedules(client, {
        interval: catalogueEvery,
        taskQueue: options.taskQueue,
        accounts: [
          ...configured.map((registrar) => ({ registrar })),
          ...named.map(({ registrar, account }) => ({ registrar, account })),
        ],
      });
      options.logger?.info({ schedules, everyMs: catalogueEvery }, 'price catalogue schedules ready');
    } catch (err) {
      options.logger?.warn({ err: String(err) }, 'could not create or update the price catalogue schedules');
    }
  }
  return {
    running,
    shutdown: () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    },
  };
}
