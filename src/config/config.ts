import path from 'node:path';
import { z } from 'zod';
import { msToNumber } from '@temporalio/common/lib/time';
import { describeZodError } from '../domain/validation';
import { ISPAPI_ENDPOINTS } from '../registrars/ispapi/client';
import { OPENPROVIDER_ENDPOINTS } from '../registrars/openprovider/client';
import { REGISTRAR_NAMES, type RegistrarName } from '../registrars/registrar';
import { SANDBOX_OPENPROVIDER_CREDENTIALS, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } from '../sandbox/openprovider/server';

/**
 * All settings come from the environment (and an optional .env read by the entry points). The
 * embedded defaults run the whole system on loopback against the sandbox registrars.
 */
const port = z.coerce
  .number()
  .int()
  .min(1, 'must be a port number 1-65535')
  .max(65535, 'must be a port number 1-65535');
const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233');
const ms = z.coerce.number().int().min(1, 'must be a positive number of milliseconds');

/** A payload encryption key: AES-256-GCM, so exactly 32 bytes. */
export interface CodecKey {
  id: string;
  key: Buffer;
}
const CODEC_KEY_RULE = 'must be a comma list of id:base64-key, each key 32 bytes (openssl rand -base64 32)';
const CODEC_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses `id:base64,id:base64` (first = active); each problem names the rule it breaks. */
export function parseCodecKeys(text: string): { keys: CodecKey[] } | { error: string } {
  const keys: CodecKey[] = [];
  const parts = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return { error: `${CODEC_KEY_RULE}; got no key` };
  for (const [i, part] of parts.entries()) {
    const colon = part.indexOf(':');
    const id = colon < 0 ? '' : part.slice(0, colon);
    const b64 = colon < 0 ? '' : part.slice(colon + 1);
    // The key itself is never echoed in an error message.
    if (!CODEC_KEY_ID.test(id)) {
      return { error: `${CODEC_KEY_RULE}; key ${i + 1}: the id must be 1-64 characters of A-Z a-z 0-9 . _ -` };
    }
    const key = BASE64.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) {
      return { error: `${CODEC_KEY_RULE}; key ${id}: length must be 32 bytes (got ${key.length})` };
    }
    if (keys.some((k) => k.id === id)) return { error: `${CODEC_KEY_RULE}; key id ${id} appears twice` };
    keys.push({ id, key });
  }
  return { keys };
}

/** host:port to listen on, or 'off'. */
const listenAddress = z.string().regex(/^(off|[^\s:/]+:\d{1,5})$/, "must be host:port (e.g. 127.0.0.1:9464) or 'off'");
/** A duration as the Temporal SDK takes it: '20s', '1 minute', '500ms' or milliseconds. */
const duration = z.string().transform((text, ctx) => {
  let value: number;
  try {
    value = msToNumber(/^\d+$/.test(text.trim()) ? Number(text.trim()) : (text.trim() as '1s'));
  } catch {
    value = Number.NaN;
  }
  if (!Number.isFinite(value) || value < 0) {
    ctx.addIssue({ code: 'custom', message: "must be a duration like '20s', '1 minute' or '500ms'" });
    return z.NEVER;
  }
  return value;
});
const nonEmpty = z.string().min(1, 'must not be empty');
const callsPerSecond = z.coerce
  .number()
  .min(0.1, 'must be 0.1-1000 calls per second')
  .max(1000, 'must be 0.1-1000 calls per second');
const registrarList = z.string().transform((text, ctx) => {
  const names = [
    ...new Set(
      text
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const unknown = names.filter((n) => !(REGISTRAR_NAMES as readonly string[]).includes(n));
  if (text.trim() !== 'none' && (names.length === 0 || unknown.length > 0)) {
    ctx.addIssue({ code: 'custom', message: `must be a comma list of ${REGISTRAR_NAMES.join(', ')}, or none` });
    return z.NEVER;
  }
  return text.trim() === 'none' ? [] : (names as RegistrarName[]);
});
const bool = z.enum(['true', 'false', '1', '0'], { message: 'must be true, false, 1 or 0' });

/** Receivers authenticate deliveries by the signature, so credentials in a URL are refused. */
const webhookUrls = z.string().transform((text, ctx) => {
  const urls = text
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  if (urls.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a comma list of http(s) URLs; got none' });
    return z.NEVER;
  }
  for (const [i, text] of urls.entries()) {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    const rule = !url
      ? 'is not a URL'
      : !/^https?:$/.test(url.protocol)
        ? 'must be http or https'
        : url.username || url.password
          ? 'must not contain credentials (receivers check the signature instead)'
          : undefined;
    if (rule) {
      ctx.addIssue({ code: 'custom', message: `must be a comma list of http(s) URLs; URL ${i + 1} ${rule}` });
      return z.NEVER;
    }
  }
  return [...new Set(urls)];
});

const codecKeys = z.string().transform((text, ctx) => {
  const parsed = parseCodecKeys(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.keys;
});

export const envSchema = z.object({
  TEMPORAL_ADDRESS: hostPort
    .default('127.0.0.1:7233')
    .describe('Temporal frontend (`npm start` runs the dev server here)'),
  TEMPORAL_NAMESPACE: z.string().min(1, 'must not be empty').default('default').describe('namespace'),
  DOMAINFLOW_TASK_QUEUE: z
    .string()
    .min(1, 'must not be empty')
    .default('domainflow')
    .describe('task queue of the workers and the workflows they run'),
  DOMAINFLOW_LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])
    .default('info')
    .describe('`trace` … `fatal` (JSON logs, pino)'),
  DOMAINFLOW_DATA_DIR: z
    .string()
    .min(1)
    .default('.data')
    .describe("where `npm start` keeps the dev server's SQLite file"),
  TEMPORAL_UI_PORT: port.default(8233).describe('Web UI port of the dev server started by `npm start`'),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1').describe('where the sandbox registrars listen'),
  SANDBOX_ISPAPI_PORT: port.default(8765).describe('sandbox ISPAPI port'),
  SANDBOX_OPENPROVIDER_PORT: port.default(8766).describe('sandbox Openprovider port'),
  SANDBOX_WEBHOOK_PORT: port
    .default(8767)
    .describe('sandbox webhook receiver of `npm start` (used when `DOMAINFLOW_WEBHOOK_URLS` is not set)'),
  ISPAPI_ENV: z
    .enum(['sandbox', 'ote', 'live'])
    .default('sandbox')
    .describe('`sandbox` (the local sandbox), `ote` (HEXONET OT&E) or `live`'),
  ISPAPI_URL: z
    .url({ message: 'must be an http(s) URL' })
    .optional()
    .meta({ description: 'override the endpoint (e.g. a local keep-alive proxy)', defaultText: 'per `ISPAPI_ENV`' }),
  ISPAPI_ENTITY: z
    .enum(['54cd', '1234'], { message: 'must be 54cd (live) or 1234 (OT&E)' })
    .optional()
    .meta({ description: '`1234` (OT&E) or `54cd` (live)', defaultText: 'per `ISPAPI_ENV`' }),
  ISPAPI_LOGIN: z
    .string()
    .min(1, 'must not be empty')
    .optional()
    .meta({ description: 'account login; required for `ote` and `live`', defaultText: 'sandbox account' }),
  ISPAPI_ROLE: z.string().min(1).optional().describe('role user: sent as `login!role`'),
  ISPAPI_PASSWORD: z.string().min(1, 'must not be empty').optional().meta({
    description: 'password (of the account or the role user); required for `ote` and `live`',
    defaultText: 'sandbox password',
  }),
  ISPAPI_CONNECT_TIMEOUT_MS: ms.default(10_000).describe('connect timeout'),
  ISPAPI_REQUEST_TIMEOUT_MS: ms.default(60_000).describe('whole-request timeout'),
  // sandbox = the local sandbox server; test = Openprovider's own sandbox host; live
  OPENPROVIDER_ENV: z
    .enum(['sandbox', 'test', 'live'])
    .default('sandbox')
    .describe("`sandbox` (the local sandbox), `test` (Openprovider's own sandbox host) or `live`"),
  OPENPROVIDER_URL: z.url({ message: 'must be an http(s) URL' }).optional().meta({
    description: 'override the endpoint (e.g. a local keep-alive proxy)',
    defaultText: 'per `OPENPROVIDER_ENV`',
  }),
  OPENPROVIDER_USERNAME: z
    .string()
    .min(1, 'must not be empty')
    .optional()
    .meta({ description: 'account user name; required for `test` and `live`', defaultText: 'sandbox account' }),
  OPENPROVIDER_PASSWORD: z
    .string()
    .min(1, 'must not be empty')
    .optional()
    .meta({ description: 'password; required for `test` and `live`', defaultText: 'sandbox password' }),
  OPENPROVIDER_OWNER_HANDLE: z
    .string()
    .regex(/^[A-Z]{2}\d{6}-[A-Z]{2}$/, 'must be a handle like JD123456-NL')
    .optional()
    .meta({
      description: 'owner handle of transferred domains, like `JD123456-NL`; required for `test` and `live`',
      defaultText: 'sandbox handle',
    }),
  OPENPROVIDER_CONNECT_TIMEOUT_MS: ms.default(10_000).describe('connect timeout'),
  OPENPROVIDER_REQUEST_TIMEOUT_MS: ms.default(60_000).describe('whole-request timeout'),
  // Payload encryption (src/codec): keys, and the codec endpoint for the Web UI.
  DOMAINFLOW_CODEC_KEYS: codecKeys.optional().meta({
    description:
      'payload encryption keys `id:base64,id:base64`, 32 bytes each, first = active; required when `ISPAPI_ENV` is `ote`/`live` or `OPENPROVIDER_ENV=live`',
    defaultText: 'key file in `DOMAINFLOW_DATA_DIR` (sandbox only)',
  }),
  DOMAINFLOW_CODEC_PORT: port
    .default(8234)
    .describe('port of the codec endpoint `npm start` runs for the Web UI (on `SANDBOX_HOST`)'),
  DOMAINFLOW_CODEC_AUTH_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('when set, the codec endpoint wants `Authorization: Bearer <token>` (≥ 16 characters)'),
  DOMAINFLOW_CODEC_CORS_ORIGINS: z
    .string()
    .regex(/^\s*https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*\s*$/, 'must be a comma list of http(s) origins')
    .optional()
    .meta({
      description: 'browser origins (the Web UI) allowed to call the codec endpoint',
      defaultText: '`http://127.0.0.1:<ui port>,http://localhost:<ui port>`',
    }),
  // Change events (docs/events.md) and the sync report mail.
  DOMAINFLOW_WEBHOOK_URLS: webhookUrls.optional().meta({
    description: 'comma list of http(s) URLs that receive every change event (signed JSON POST, see docs/events.md)',
    defaultText: '— (events are recorded, not sent; `npm start` uses its sandbox receiver)',
  }),
  DOMAINFLOW_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)')
    .optional()
    .describe('shared secret of the HMAC-SHA256 signature; required with `DOMAINFLOW_WEBHOOK_URLS`, never logged'),
  DOMAINFLOW_REPORT_SEND_EMPTY: bool
    .default('false')
    .describe('`true`/`false` (`1`/`0`): send the sync report mail also when a sync changed nothing'),
  // The portfolio: scheduled sync and the domain workflows (docs/portfolio.md).
  DOMAINFLOW_SYNC_INTERVAL: z
    .string()
    .transform((text, ctx): number | 'off' => {
      if (text.trim() === 'off') return 'off';
      const parsed = duration.safeParse(text);
      if (parsed.success && parsed.data >= 60_000) return parsed.data;
      ctx.addIssue({ code: 'custom', message: "must be a duration of at least 1 minute such as '6h', or off" });
      return z.NEVER;
    })
    .default(6 * 3_600_000)
    .meta({
      description: 'how often each registrar account is synced (a Temporal Schedule per account), or `off`',
      defaultText: '`6h`',
    }),
  DOMAINFLOW_SYNC_REGISTRARS: registrarList.default(['ispapi', 'openprovider']).meta({
    description: 'registrar accounts the worker schedules syncs for (comma list)',
    defaultText: '`ispapi,openprovider`',
  }),
  DOMAINFLOW_SYNC_RATE_ISPAPI: callsPerSecond
    .default(5)
    .describe("ISPAPI's call limit per second; the portfolio's list queue dispatches half of it, across all workers"),
  DOMAINFLOW_SYNC_RATE_OPENPROVIDER: callsPerSecond
    .default(5)
    .describe(
      "Openprovider's call limit per second; the portfolio's list queue dispatches half of it, across all workers",
    ),
  DOMAINFLOW_SYNC_PAGE_SIZE: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1-1000')
    .max(1000, 'must be 1-1000')
    .default(1000)
    .describe('domains per list call (QueryDomainList LIMIT, GET /domains limit)'),
  DOMAINFLOW_DUE_DATE_OFFSET_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(0, 'must be 0-365')
    .max(365, 'must be 0-365')
    .default(30)
    .describe('due date = the expiry people see minus this many days (renewal by the engine, invoices)'),
  // Temporal connection (the @temporalio/envconfig variables; a TOML profile may supply them too).
  TEMPORAL_PROFILE: nonEmpty.optional().meta({
    description:
      'profile in the envconfig TOML file; the environment overrides it (see [Running in production](#running-in-production))',
    defaultText: '`default`',
  }),
  TEMPORAL_CONFIG_FILE: nonEmpty
    .optional()
    .meta({ description: 'the envconfig TOML file (optional)', defaultText: '`~/.config/temporalio/temporal.toml`' }),
  TEMPORAL_API_KEY: z
    .string()
    .regex(/^\S+$/, 'must be the API key itself: not empty, no spaces or line breaks')
    .optional()
    .describe('Temporal Cloud API key; implies TLS (refused with `TEMPORAL_TLS=false`)'),
  TEMPORAL_TLS: bool.optional().meta({
    description: '`true`/`false` (`1`/`0`): TLS to the frontend',
    defaultText: 'off (on with an API key or certificates)',
  }),
  TEMPORAL_TLS_CLIENT_CERT_PATH: nonEmpty
    .optional()
    .describe('mTLS client certificate, with `TEMPORAL_TLS_CLIENT_KEY_PATH`; unreadable: stops naming the variable'),
  TEMPORAL_TLS_CLIENT_CERT_DATA: nonEmpty
    .optional()
    .describe('the mTLS client certificate as inline PEM (instead of `…_PATH`)'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: nonEmpty.optional().describe('mTLS client key (both or neither)'),
  TEMPORAL_TLS_CLIENT_KEY_DATA: nonEmpty.optional().describe('the mTLS client key as inline PEM (instead of `…_PATH`)'),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: nonEmpty
    .optional()
    .describe('CA of a self-hosted server (`TEMPORAL_TLS_SERVER_NAME` overrides the name checked)'),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: nonEmpty.optional().describe('the server CA as inline PEM (instead of `…_PATH`)'),
  TEMPORAL_TLS_SERVER_NAME: nonEmpty.optional().describe("server name checked in the frontend's certificate"),
  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: bool
    .optional()
    .describe('`true`/`false` (`1`/`0`): skip the host name check (testing only)'),
  // The worker process in production (src/workers/main.ts).
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
      'workflows a worker keeps in memory (the domain workflows live forever: idle ones are evicted and replayed when a message comes)',
    ),
  DOMAINFLOW_SHUTDOWN_FORCE: duration.optional().meta({
    description: 'hard limit after the signal, longer than the grace; then the worker exits 1',
    defaultText: 'grace + 10 s',
  }),
  DOMAINFLOW_WORKFLOW_BUNDLE: nonEmpty.optional().meta({
    description: 'pre-built workflow bundle (`npm run build`); a named file that is missing stops start-up',
    defaultText: '`lib/workflow-bundle.js`',
  }),
});

type Env = z.infer<typeof envSchema>;

/** Combinations envconfig would accept silently but that cannot work; each message names the variable. */
function temporalConnectionProblems(e: Env): string[] {
  const problems: string[] = [];
  const tlsOff = e.TEMPORAL_TLS === 'false' || e.TEMPORAL_TLS === '0';
  for (const item of ['CLIENT_CERT', 'CLIENT_KEY', 'SERVER_CA_CERT'] as const) {
    const pathVar = `TEMPORAL_TLS_${item}_PATH` as const;
    const dataVar = `TEMPORAL_TLS_${item}_DATA` as const;
    if (e[pathVar] && e[dataVar]) problems.push(`${pathVar}: set either ${pathVar} or ${dataVar}, not both`);
  }
  const cert = e.TEMPORAL_TLS_CLIENT_CERT_PATH ?? e.TEMPORAL_TLS_CLIENT_CERT_DATA;
  const key = e.TEMPORAL_TLS_CLIENT_KEY_PATH ?? e.TEMPORAL_TLS_CLIENT_KEY_DATA;
  if (cert && !key) {
    problems.push('TEMPORAL_TLS_CLIENT_KEY_PATH: required with TEMPORAL_TLS_CLIENT_CERT_* (mTLS needs the key too)');
  }
  if (key && !cert) {
    problems.push(
      'TEMPORAL_TLS_CLIENT_CERT_PATH: required with TEMPORAL_TLS_CLIENT_KEY_* (mTLS needs the certificate too)',
    );
  }
  if (tlsOff && e.TEMPORAL_API_KEY) {
    problems.push(
      `TEMPORAL_API_KEY: needs TLS (an API key is never sent in clear); remove TEMPORAL_TLS=${e.TEMPORAL_TLS}`,
    );
  }
  if (tlsOff && (cert || key || e.TEMPORAL_TLS_SERVER_CA_CERT_PATH || e.TEMPORAL_TLS_SERVER_CA_CERT_DATA)) {
    problems.push(`TEMPORAL_TLS: is ${e.TEMPORAL_TLS} but TLS certificates are configured (TEMPORAL_TLS_*)`);
  }
  return problems;
}

export const SANDBOX_ISPAPI_CREDENTIALS = { login: 'sandbox-reseller', password: 'sandbox-pass' } as const;

export interface IspapiSettings {
  env: 'sandbox' | 'ote' | 'live';
  url: string;
  entity: string;
  login: string;
  role?: string;
  password: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface OpenproviderSettings {
  env: 'sandbox' | 'test' | 'live';
  baseUrl: string;
  username: string;
  password: string;
  ownerHandle?: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface CodecSettings {
  /**
   * Encryption keys, the first one active (encodes); all of them decode. Empty when
   * source = 'file' until ensureCodecKeys() (src/config/codec-keys.ts) has read or created the file.
   */
  keys: CodecKey[];
  /** env = DOMAINFLOW_CODEC_KEYS; file = the embedded default `<data dir>/codec-keys` (sandbox only). */
  source: 'env' | 'file';
  keyFile: string;
  /** The codec endpoint for the Web UI (npm start). */
  host: string;
  port: number;
  authToken?: string;
  corsOrigins: string[];
}

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
}

export const DEFAULT_METRICS_ADDRESS = '127.0.0.1:9464';
export const DEFAULT_HEALTH_ADDRESS = '127.0.0.1:9465';

/** Where change events go (src/activities/webhook.ts); the secret stays in the worker process. */
export interface WebhookSettings {
  urls: string[];
  /** set whenever urls is not empty */
  secret?: string;
}

/** The portfolio's sync schedules and the domain workflows' due dates (docs/portfolio.md). */
export interface PortfolioSettings {
  /** null: no schedules */
  syncIntervalMs: number | null;
  registrars: RegistrarName[];
  /** registrar calls per second of the list activities, per registrar */
  ratePerSecond: Record<RegistrarName, number>;
  pageSize: number;
  dueDateOffsetDays: number;
}

export interface ReportSettings {
  /** send the sync report mail even when nothing changed */
  sendEmpty: boolean;
}

export interface Config {
  temporal: { address: string; namespace: string; taskQueue: string; uiPort: number };
  worker: WorkerProcessSettings;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  dataDir: string;
  sandbox: { host: string; ispapiPort: number; openproviderPort: number; webhookPort: number };
  ispapi: IspapiSettings;
  openprovider: OpenproviderSettings;
  codec: CodecSettings;
  webhooks: WebhookSettings;
  reports: ReportSettings;
  portfolio: PortfolioSettings;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${describeZodError(parsed.error, 'env')}`);
  const e = parsed.data;
  const connectionProblems = temporalConnectionProblems(e);
  if (connectionProblems.length > 0) throw new ConfigError(`invalid configuration: ${connectionProblems.join('; ')}`);
  const shutdownForceMs = e.DOMAINFLOW_SHUTDOWN_FORCE ?? e.DOMAINFLOW_SHUTDOWN_GRACE + 10_000;
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
  const worker: WorkerProcessSettings = {
    production: nodeEnvProduction,
    metrics: listen(e.DOMAINFLOW_METRICS_ADDRESS, DEFAULT_METRICS_ADDRESS),
    health: listen(e.DOMAINFLOW_HEALTH_ADDRESS, DEFAULT_HEALTH_ADDRESS),
    shutdownGraceMs: e.DOMAINFLOW_SHUTDOWN_GRACE,
    shutdownForceMs,
    ...(e.DOMAINFLOW_WORKFLOW_BUNDLE ? { workflowBundle: e.DOMAINFLOW_WORKFLOW_BUNDLE } : {}),
    maxCachedWorkflows: e.DOMAINFLOW_MAX_CACHED_WORKFLOWS,
  };
  const sandbox = {
    host: e.SANDBOX_HOST,
    ispapiPort: e.SANDBOX_ISPAPI_PORT,
    openproviderPort: e.SANDBOX_OPENPROVIDER_PORT,
    webhookPort: e.SANDBOX_WEBHOOK_PORT,
  };
  if (e.DOMAINFLOW_WEBHOOK_URLS && !e.DOMAINFLOW_WEBHOOK_SECRET) {
    throw new ConfigError(
      'invalid configuration: DOMAINFLOW_WEBHOOK_SECRET: required when DOMAINFLOW_WEBHOOK_URLS is set (receivers verify the signature with it)',
    );
  }
  const webhooks: WebhookSettings = {
    urls: e.DOMAINFLOW_WEBHOOK_URLS ?? [],
    ...(e.DOMAINFLOW_WEBHOOK_URLS ? { secret: e.DOMAINFLOW_WEBHOOK_SECRET } : {}),
  };

  let ispapi: IspapiSettings;
  if (e.ISPAPI_ENV === 'sandbox') {
    ispapi = {
      env: 'sandbox',
      url: e.ISPAPI_URL ?? `http://${sandbox.host}:${sandbox.ispapiPort}/api/call.cgi`,
      entity: e.ISPAPI_ENTITY ?? '1234',
      login: e.ISPAPI_LOGIN ?? SANDBOX_ISPAPI_CREDENTIALS.login,
      role: e.ISPAPI_ROLE,
      password: e.ISPAPI_PASSWORD ?? SANDBOX_ISPAPI_CREDENTIALS.password,
      connectTimeoutMs: e.ISPAPI_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: e.ISPAPI_REQUEST_TIMEOUT_MS,
    };
  } else {
    const missing = (['ISPAPI_LOGIN', 'ISPAPI_PASSWORD'] as const).filter((k) => !e[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `invalid configuration: ${missing.map((k) => `${k}: required when ISPAPI_ENV=${e.ISPAPI_ENV}`).join('; ')}`,
      );
    }
    const endpoint = ISPAPI_ENDPOINTS[e.ISPAPI_ENV];
    ispapi = {
      env: e.ISPAPI_ENV,
      url: e.ISPAPI_URL ?? endpoint.url,
      entity: e.ISPAPI_ENTITY ?? endpoint.entity,
      login: e.ISPAPI_LOGIN!,
      role: e.ISPAPI_ROLE,
      password: e.ISPAPI_PASSWORD!,
      connectTimeoutMs: e.ISPAPI_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: e.ISPAPI_REQUEST_TIMEOUT_MS,
    };
  }
  let openprovider: OpenproviderSettings;
  const opTimeouts = {
    connectTimeoutMs: e.OPENPROVIDER_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: e.OPENPROVIDER_REQUEST_TIMEOUT_MS,
  };
  if (e.OPENPROVIDER_ENV === 'sandbox') {
    openprovider = {
      env: 'sandbox',
      baseUrl: e.OPENPROVIDER_URL ?? `http://${sandbox.host}:${sandbox.openproviderPort}`,
      username: e.OPENPROVIDER_USERNAME ?? SANDBOX_OPENPROVIDER_CREDENTIALS.username,
      password: e.OPENPROVIDER_PASSWORD ?? SANDBOX_OPENPROVIDER_CREDENTIALS.password,
      ownerHandle: e.OPENPROVIDER_OWNER_HANDLE ?? SANDBOX_OPENPROVIDER_DEFAULT_HANDLE,
      ...opTimeouts,
    };
  } else {
    const missing = (['OPENPROVIDER_USERNAME', 'OPENPROVIDER_PASSWORD', 'OPENPROVIDER_OWNER_HANDLE'] as const).filter(
      (k) => !e[k],
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `invalid configuration: ${missing.map((k) => `${k}: required when OPENPROVIDER_ENV=${e.OPENPROVIDER_ENV}`).join('; ')}`,
      );
    }
    openprovider = {
      env: e.OPENPROVIDER_ENV,
      baseUrl:
        e.OPENPROVIDER_URL ??
        (e.OPENPROVIDER_ENV === 'live' ? OPENPROVIDER_ENDPOINTS.live : OPENPROVIDER_ENDPOINTS.sandbox),
      username: e.OPENPROVIDER_USERNAME!,
      password: e.OPENPROVIDER_PASSWORD!,
      ownerHandle: e.OPENPROVIDER_OWNER_HANDLE!,
      ...opTimeouts,
    };
  }
  // Production talks to real registrars with real auth codes: its key must be managed, not generated.
  const production = e.ISPAPI_ENV !== 'sandbox' || e.OPENPROVIDER_ENV === 'live';
  if (production && !e.DOMAINFLOW_CODEC_KEYS) {
    const why = e.ISPAPI_ENV !== 'sandbox' ? `ISPAPI_ENV=${e.ISPAPI_ENV}` : `OPENPROVIDER_ENV=${e.OPENPROVIDER_ENV}`;
    throw new ConfigError(
      `invalid configuration: DOMAINFLOW_CODEC_KEYS: required when ${why} (${CODEC_KEY_RULE}; see README "Secrets and payload encryption")`,
    );
  }
  const codec: CodecSettings = {
    keys: e.DOMAINFLOW_CODEC_KEYS ?? [],
    source: e.DOMAINFLOW_CODEC_KEYS ? 'env' : 'file',
    keyFile: path.join(e.DOMAINFLOW_DATA_DIR, 'codec-keys'),
    host: sandbox.host,
    port: e.DOMAINFLOW_CODEC_PORT,
    ...(e.DOMAINFLOW_CODEC_AUTH_TOKEN ? { authToken: e.DOMAINFLOW_CODEC_AUTH_TOKEN } : {}),
    corsOrigins: e.DOMAINFLOW_CODEC_CORS_ORIGINS
      ? e.DOMAINFLOW_CODEC_CORS_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, ''))
      : [`http://127.0.0.1:${e.TEMPORAL_UI_PORT}`, `http://localhost:${e.TEMPORAL_UI_PORT}`],
  };
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
    ispapi,
    openprovider,
    codec,
    webhooks,
    reports: { sendEmpty: e.DOMAINFLOW_REPORT_SEND_EMPTY === 'true' || e.DOMAINFLOW_REPORT_SEND_EMPTY === '1' },
    portfolio: {
      syncIntervalMs: e.DOMAINFLOW_SYNC_INTERVAL === 'off' ? null : e.DOMAINFLOW_SYNC_INTERVAL,
      registrars: e.DOMAINFLOW_SYNC_REGISTRARS,
      ratePerSecond: { ispapi: e.DOMAINFLOW_SYNC_RATE_ISPAPI, openprovider: e.DOMAINFLOW_SYNC_RATE_OPENPROVIDER },
      pageSize: e.DOMAINFLOW_SYNC_PAGE_SIZE,
      dueDateOffsetDays: e.DOMAINFLOW_DUE_DATE_OFFSET_DAYS,
    },
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
