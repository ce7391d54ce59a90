import { Worker } from '@temporalio/worker';
import { createAllActivities } from '../../src/activities/all';
import type { RegistrarSet } from '../../src/activities';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../src/config/config';
import { loadMailConfig } from '../../src/config/mail';
import { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import { IspapiClient } from '../../src/registrars/ispapi/client';
import { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import {
  OpenproviderSandbox,
  SANDBOX_OPENPROVIDER_CREDENTIALS,
  SANDBOX_OPENPROVIDER_DEFAULT_HANDLE,
} from '../../src/sandbox/openprovider/server';
import { createRegistrarQueueWorkers } from '../../src/workers/registrar-queues';
import type { ReportSettings, WebhookSettings } from '../../src/config/config';
import { createDevEnv, type DevEnv } from './dev-env';
import { startSmtpListener } from './smtp';
import { testDataConverter, uniqueTaskQueue, workflowBundle } from './temporal';

/**
 * A dev server, a registrar sandbox (ISPAPI by default), a real SMTP listener, and workers like
 * production's: the main queue (workflows and every activity) plus the registrar's rate-limited list queue.
 */
export interface PortfolioEnv<S = IspapiSandbox> {
  env: DevEnv;
  sandbox: S;
  smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  taskQueue: string;
  teardown(): Promise<void>;
}

export interface PortfolioEnvOptions {
  ratePerSecond?: number;
  webhooks?: WebhookSettings;
  reports?: ReportSettings;
  name?: string;
}

export async function createPortfolioEnv(options: PortfolioEnvOptions = {}): Promise<PortfolioEnv> {
  const [env, sandbox, smtp] = await Promise.all([createDevEnv(), IspapiSandbox.start(), startSmtpListener()]);
  const ispapi = new IspapiClient({
    url: sandbox.url,
    entity: '1234',
    ...SANDBOX_ISPAPI_CREDENTIALS,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 10_000,
  });
  return startPortfolioWorkers({ env, sandbox, smtp }, { ispapi: new IspapiRegistrar(ispapi) }, options, () =>
    ispapi.close(),
  );
}

/** The same with the Openprovider sandbox and registrar (list queue `<taskQueue>-openprovider`). */
export async function createOpenproviderPortfolioEnv(
  options: PortfolioEnvOptions = {},
): Promise<PortfolioEnv<OpenproviderSandbox>> {
  const [env, sandbox, smtp] = await Promise.all([createDevEnv(), OpenproviderSandbox.start(), startSmtpListener()]);
  const openprovider = new OpenproviderRegistrar({
    baseUrl: sandbox.baseUrl,
    ...SANDBOX_OPENPROVIDER_CREDENTIALS,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 10_000,
    handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE },
  });
  return startPortfolioWorkers({ env, sandbox, smtp }, { openprovider }, options, () => openprovider.close());
}

async function startPortfolioWorkers<S extends { close(): Promise<void> }>(
  parts: Pick<PortfolioEnv<S>, 'env' | 'sandbox' | 'smtp'>,
  registrars: RegistrarSet,
  options: PortfolioEnvOptions,
  closeRegistrar: () => Promise<void>,
): Promise<PortfolioEnv<S>> {
  const { env, sandbox, smtp } = parts;
  const taskQueue = uniqueTaskQueue(options.name ?? 'portfolio');
  const activities = createAllActivities({
    registrars,
    mail: loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url, DOMAINFLOW_ADMIN_EMAIL: 'admin@reseller.example' }),
    backorderPrices: {},
    client: env.client,
    taskQueue,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    reports: options.reports ?? { sendEmpty: false },
    dueDateOffsetDays: 30,
  });
  const main = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.server.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    dataConverter: testDataConverter(),
    activities,
  });
  const lists = await createRegistrarQueueWorkers({
    connection: env.nativeConnection,
    namespace: env.server.namespace,
    taskQueue,
    activities,
    dataConverter: testDataConverter(),
    ratePerSecond: Object.fromEntries(Object.keys(registrars).map((r) => [r, options.ratePerSecond ?? 50])),
    shutdownGraceTime: '1s',
  });
  const workers = [main, ...lists];
  const running = workers.map((w) => w.run());
  return {
    env,
    sandbox,
    smtp,
    taskQueue,
    teardown: async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.allSettled(running);
      await closeRegistrar();
      await Promise.all([env.teardown(), sandbox.close(), smtp.close()]);
    },
  };
}

/** The most timestamps (journal entries) in any window of one second. */
export function maxPerSecond(timestamps: number[]): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
