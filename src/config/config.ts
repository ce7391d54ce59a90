import { z } from 'zod';
import { describeZodError } from '../domain/validation';
import { REGISTRAR_ENTRIES, type RegistrarEnvShape, type RegistrarSettingsMap } from '../registrars';
import { accountsEnv, checkDistinctAccounts, loadNamedAccounts, type NamedAccounts } from './accounts';
import { codecEnv, loadCodecSettings, type CodecSettings } from './codec';
import { ConfigError } from './errors';
import {
  gatewayEnv,
  loadGatewaySettings,
  loadTracingSettings,
  type GatewaySettings,
  type TracingSettings,
} from './gateway';
import {
  eventsEnv,
  loadReportSettings,
  loadWebhookSettings,
  type ReportSettings,
  type WebhookSettings,
} from './events';
import { loadSandboxSettings, sandboxEnv, type SandboxSettings } from './sandbox';
import { loadPriceSettings, pricesEnv, type PriceSettings } from './prices';
import { loadPortfolioSettings, syncEnv, type PortfolioSettings } from './sync';
import { temporalConnectionEnv, temporalConnectionProblems, temporalEnv } from './temporal';
import { loadWorkerSettings, workerEnv, type WorkerProcessSettings } from './worker';

/**
 * All settings come from the environment (and an optional .env read by the entry points). The
 * embedded defaults run the whole system on loopback against the sandbox registrars. Each area
 * keeps its variables and loader in its own file; each registrar's part comes from the registrar
 * table (src/registrars/index.ts). The schema's key order is the generated configuration table's.
 */
const registrarEnv = Object.assign({}, ...REGISTRAR_ENTRIES.map((entry) => entry.env)) as RegistrarEnvShape;

export const envSchema = z.object({
  ...temporalEnv,
  ...sandboxEnv,
  ...registrarEnv,
  ...codecEnv,
  ...eventsEnv,
  ...syncEnv,
  ...accountsEnv,
  ...pricesEnv,
  ...temporalConnectionEnv,
  ...workerEnv,
  ...gatewayEnv,
});

export type Config = {
  temporal: { address: string; namespace: string; taskQueue: string; uiPort: number };
  worker: WorkerProcessSettings;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  dataDir: string;
  sandbox: SandboxSettings;
  codec: CodecSettings;
  webhooks: WebhookSettings;
  reports: ReportSettings;
  portfolio: PortfolioSettings;
  prices: PriceSettings;
  gateway: GatewaySettings;
  tracing: TracingSettings;
  /** named registrar accounts besides `default` (DOMAINFLOW_ACCOUNTS_FILE, docs/accounts.md) */
  accounts: NamedAccounts;
} & RegistrarSettingsMap; // one property per registrar (config.ispapi, config.openprovider)

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${describeZodError(parsed.error, 'env')}`);
  const e = parsed.data;
  const connectionProblems = temporalConnectionProblems(e);
  if (connectionProblems.length > 0) throw new ConfigError(`invalid configuration: ${connectionProblems.join('; ')}`);
  const worker = loadWorkerSettings(e);
  const sandbox = loadSandboxSettings(e);
  const webhooks = loadWebhookSettings(e);
  const registrars = Object.fromEntries(
    REGISTRAR_ENTRIES.map((entry) => [
      entry.name,
      entry.loadSettings(e, { host: sandbox.host, port: sandbox.ports[entry.name] }),
    ]),
  ) as RegistrarSettingsMap;
  const accounts = loadNamedAccounts(e.DOMAINFLOW_ACCOUNTS_FILE, sandbox);
  checkDistinctAccounts(registrars, accounts);
  // Any account reaching a real registrar needs managed payload keys, a named one as much as default.
  const managedKeysReason = REGISTRAR_ENTRIES.flatMap((entry) => [
    entry.managedKeysReason(registrars[entry.name]),
    ...Object.entries(accounts[entry.name] ?? {}).map(([name, account]) => {
      const reason = entry.managedKeysReason(account.settings);
      return reason && `${reason} (account ${name})`;
    }),
  ]).find((reason) => reason !== undefined);
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.DOMAINFLOW_TASK_QUEUE,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    worker,
    logLevel: e.DOMAINFLOW_LOG_LEVEL,
    dataDir: e.DOMAINFLOW_DATA_DIR,
    sandbox,
    ...registrars,
    codec: loadCodecSettings(e, sandbox.host, managedKeysReason),
    webhooks,
    reports: loadReportSettings(e),
    portfolio: loadPortfolioSettings(e),
    prices: loadPriceSettings(e),
    gateway: loadGatewaySettings(e),
    tracing: loadTracingSettings(e),
    accounts,
  };
}

/** Reads ./.env when present; variables already set in the environment win. */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

// The areas' exports, where callers have always found them.
export { ConfigError } from './errors';
export { parseCodecKeys, type CodecKey, type CodecSettings } from './codec';
export { DEFAULT_HEALTH_ADDRESS, DEFAULT_METRICS_ADDRESS, type WorkerProcessSettings } from './worker';
export type { ReportSettings, WebhookSettings } from './events';
export type { PortfolioSettings } from './sync';
export type { PriceSettings } from './prices';
export type { SandboxSettings } from './sandbox';
export { SANDBOX_ISPAPI_CREDENTIALS, type IspapiSettings } from '../registrars/ispapi/config';
export type { OpenproviderSettings } from '../registrars/openprovider/config';
