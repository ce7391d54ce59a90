import { z } from 'zod';
import { bool, hostPort, nonEmpty, port } from './fields';

/** Where the workers and clients meet: the frontend, namespace and task queue, and the dev server's files. */
export const temporalEnv = {
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
};

/** Temporal connection (the @temporalio/envconfig variables; a TOML profile may supply them too). */
export const temporalConnectionEnv = {
  TEMPORAL_PROFILE: nonEmpty.optional().meta({
    description:
      'profile in the envconfig TOML file; the environment overrides it (see [Running in production](operations.md#running-in-production))',
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
};

type ConnectionEnv = z.infer<z.ZodObject<typeof temporalConnectionEnv>>;

/** Combinations envconfig would accept silently but that cannot work; each message names the variable. */
export function temporalConnectionProblems(e: ConnectionEnv): string[] {
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
