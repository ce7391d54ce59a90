import { accessSync, constants } from 'node:fs';
import { Client, Connection, type TLSConfig, type WorkflowClientInterceptor } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { loadClientConfigProfile, toClientOptions, type ClientConfigProfile } from '@temporalio/envconfig';
import { encryptedDataConverter } from '../codec/encryption-codec';
import { ConfigError } from '../config/config';

export interface ClientSettings {
  address: string;
  namespace: string;
}

export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
}

/**
 * Where and how to reach Temporal: the same options for the worker's NativeConnection and the
 * client's Connection. Temporal Cloud takes an API key (TLS implied) or mTLS client certificates.
 */
export interface TemporalConnection {
  address: string;
  namespace: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
  /** For logs: how the connection authenticates and is encrypted (never the key itself). */
  describe: { tls: boolean; auth: 'api-key' | 'mtls' | 'none'; profile?: string; source: string };
}

const PATH_VARIABLES = [
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
] as const;
const HOST_PORT = /^[^\s:/]+:\d{1,5}$/;

/**
 * Resolves the connection with @temporalio/envconfig (TOML profile from TEMPORAL_CONFIG_FILE or the
 * user config dir, overridden by TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS*, TEMPORAL_GRPC_META_*; profile TEMPORAL_PROFILE). `defaults` (from loadConfig) fill
 * what neither names. Reads the certificate files: an unreadable one stops with a ConfigError that
 * names the variable (or the profile key).
 */
export function resolveTemporalConnection(
  defaults: ClientSettings,
  env: NodeJS.ProcessEnv = process.env,
): TemporalConnection {
  for (const name of PATH_VARIABLES) {
    const file = env[name];
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch (err) {
      throw new ConfigError(
        `invalid configuration: ${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
  }
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const configFile = env.TEMPORAL_CONFIG_FILE ?? 'the default temporal.toml';
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars });
  } catch (err) {
    const message = (err as Error).message;
    if (/Profile '.*' not found/.test(message)) {
      throw new ConfigError(`invalid configuration: TEMPORAL_PROFILE: ${message} (${configFile})`);
    }
    throw new ConfigError(`invalid configuration: TEMPORAL_CONFIG_FILE: cannot use ${configFile}: ${message}`);
  }
  const tls = profile.tls;
  const hasCert = tls?.clientCert !== undefined;
  const hasKey = tls?.clientKey !== undefined;
  if (hasCert !== hasKey) {
    throw new ConfigError(
      `invalid configuration: ${hasCert ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH'}: ` +
        `mTLS needs both the client certificate and its key (${configFile} or TEMPORAL_TLS_CLIENT_*)`,
    );
  }
  if (profile.apiKey !== undefined && tls?.disabled === true) {
    throw new ConfigError('invalid configuration: TEMPORAL_API_KEY: needs TLS (an API key is never sent in clear)');
  }
  let options: ReturnType<typeof toClientOptions>;
  try {
    options = toClientOptions(profile);
  } catch (err) {
    // A certificate path in the profile that cannot be read.
    throw new ConfigError(`invalid configuration: TEMPORAL_CONFIG_FILE: ${configFile}: ${(err as Error).message}`);
  }
  const address = options.connectionOptions.address ?? defaults.address;
  if (!HOST_PORT.test(address)) {
    throw new ConfigError(
      `invalid configuration: TEMPORAL_ADDRESS: must be host:port, e.g. 127.0.0.1:7233 (got ${address})`,
    );
  }
  const tlsOption = options.connectionOptions.tls ?? undefined;
  const metadata = options.connectionOptions.metadata as Record<string, string> | undefined;
  return {
    address,
    namespace: options.namespace ?? defaults.namespace,
    ...(tlsOption !== undefined ? { tls: tlsOption } : {}),
    ...(profile.apiKey !== undefined ? { apiKey: profile.apiKey } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
    describe: {
      tls: tlsOption !== undefined && tlsOption !== false,
      auth: profile.apiKey !== undefined ? 'api-key' : hasCert ? 'mtls' : 'none',
      ...(env.TEMPORAL_PROFILE ? { profile: env.TEMPORAL_PROFILE } : {}),
      source: env.TEMPORAL_CONFIG_FILE ? `environment + ${env.TEMPORAL_CONFIG_FILE}` : 'environment',
    },
  };
}

/** The options both Connection.connect and NativeConnection.connect take. */
export function connectionOptions(connection: TemporalConnection): {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
} {
  const { address, tls, apiKey, metadata } = connection;
  return {
    address,
    ...(tls !== undefined ? { tls } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

/**
 * A client whose payloads go through the codec (src/codec): encrypted on the way out, decrypted on
 * the way in. The connection follows the envconfig conventions (resolveTemporalConnection);
 * `settings` are the defaults when neither the environment nor a config profile names them.
 */
export async function connectClient(
  settings: ClientSettings,
  codec: PayloadCodec,
  env: NodeJS.ProcessEnv = process.env,
  /** e.g. the OpenTelemetry client interceptor (src/telemetry/tracing.ts): starts carry the trace */
  interceptors: WorkflowClientInterceptor[] = [],
): Promise<{ client: Client; close(): Promise<void> }> {
  const target = resolveTemporalConnection(settings, env);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(target), connectTimeout: '5s' });
  } catch (err) {
    throw new TemporalUnavailableError(
      `cannot reach Temporal at ${target.address}: ${(err as Error).message} (is \`npm start\` or a Temporal server running?)`,
    );
  }
  return {
    client: new Client({
      connection,
      namespace: target.namespace,
      dataConverter: encryptedDataConverter(codec),
      ...(interceptors.length > 0 ? { interceptors: { workflow: interceptors } } : {}),
    }),
    close: () => connection.close(),
  };
}
