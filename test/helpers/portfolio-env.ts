import { createAllActivities } from '../../src/activities/all';
import type { RegistrarSet } from '../../src/activities';
import { loadMailConfig } from '../../src/config/mail';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { type OpenproviderSandbox, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } from '../../src/sandbox/openprovider/server';
import { createRegistrarQueueWorkers } from '../../src/workers/registrar-queues';
import type { ReportSettings, WebhookSettings } from '../../src/config/config';
import { createDevEnv, type DevEnv } from './dev-env';
import { startSmtpListener } from './smtp';
import { startIspapi, startOpenprovider } from './registrars';
import { createTestWorker, testDataConverter, uniqueTaskQueue } from './temporal';

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
  const [env, ispapi, smtp] = await Promise.all([
    createDevEnv(),
    startIspapi({ client: { requestTimeoutMs: 10_000 } }),
    startSmtpListener(),
  ]);
  return startPortfolioWorkers({ env, sandbox: ispapi.sandbox, smtp }, { ispapi: ispapi.adapter }, options, () =>
    ispapi.close(),
  );
}

/** The same with the Openprovider sandbox and registrar (list queue `<taskQueue>-openprovider`). */
export async function createOpenproviderPortfolioEnv(
  options: PortfolioEnvOptions = {},
): Promise<PortfolioEnv<OpenproviderSandbox>> {
  const [env, openprovider, smtp] = await Promise.all([
    createDevEnv(),
    startOpenprovider({
      client: { requestTimeoutMs: 10_000 },
      adapter: { handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } },
    }),
    startSmtpListener(),
  ]);
  return startPortfolioWorkers(
    { env, sandbox: openprovider.sandbox, smtp },
    { openprovider: openprovider.adapter },
    options,
    () => openprovider.close(),
  );
}

async function startPortfolioWorkers<S>(
  parts: Pick<PortfolioEnv<S>, 'env' | 'sandbox' | 'smtp'>,
  registrars: RegistrarSet,
  options: PortfolioEnvOptions,
  /** closes the registrar's client and its sandbox */
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
  const main = await createTestWorker(env, { taskQueue, activities });
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
      await Promise.all([env.teardown(), smtp.close()]);
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
