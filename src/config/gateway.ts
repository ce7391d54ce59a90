import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';
import { listenAddress, nonEmpty } from './fields';

/** What a gateway API key may do (docs/gateway.md#api-keys). */
export const GATEWAY_SCOPES = ['read', 'operate', 'money'] as const;
export type GatewayScope = (typeof GATEWAY_SCOPES)[number];

/** One API key as configured: never the key itself, only the SHA-256 of it. */
export interface GatewayKey {
  id: string;
  /** hex SHA-256 of the key: a key is 32 random bytes, so a fast hash is enough (no password to stretch) */
  sha256: string;
  scopes: ReadonlySet<GatewayScope>;
  /** when set, the key sees and touches only this customer's workflows and domains */
  customerId?: string;
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `id:sha256hex:scope+scope[:customerId]`, comma-separated. */
const gatewayKeys = z.string().transform((text, ctx) => {
  const keys: GatewayKey[] = [];
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  for (const [i, entry] of entries.entries()) {
    const [id = '', sha256 = '', scopeText = '', customerId, ...rest] = entry.split(':');
    const scopes = scopeText.split('+').filter((s) => s.length > 0);
    const rule = !KEY_ID.test(id)
      ? 'id must be 1-64 letters, digits, dots, dashes or underscores'
      : !SHA256_HEX.test(sha256)
        ? 'the hash must be 64 lower-case hex digits (`domainflow serve --new-key` prints one)'
        : scopes.length === 0 || scopes.some((s) => !(GATEWAY_SCOPES as readonly string[]).includes(s))
          ? `scopes must be ${GATEWAY_SCOPES.join(', ')} joined by +`
          : customerId !== undefined && !KEY_ID.test(customerId)
            ? 'the customer id must be 1-64 letters, digits, dots, dashes or underscores'
            : rest.length > 0
              ? 'must be id:sha256:scopes[:customerId]'
              : keys.some((k) => k.id === id)
                ? `id ${id} is used twice`
                : undefined;
    if (rule) {
      ctx.addIssue({ code: 'custom', message: `key ${i + 1}: ${rule}` });
      return z.NEVER;
    }
    keys.push({
      id,
      sha256,
      scopes: new Set(scopes as GatewayScope[]),
      ...(customerId !== undefined ? { customerId } : {}),
    });
  }
  return keys;
});

/** The HTTP gateway (`domainflow serve`, src/gateway) and tracing (src/telemetry). */
export const gatewayEnv = {
  DOMAINFLOW_GATEWAY_ADDRESS: listenAddress
    .default('127.0.0.1:8480')
    .describe("the HTTP API's `host:port` (`domainflow serve`, `npm start`), or `off` in `npm start`"),
  DOMAINFLOW_GATEWAY_KEYS: gatewayKeys.optional().meta({
    description:
      'API keys, comma-separated `id:sha256-hex-of-key:scopes[:customerId]`, scopes `read`, `operate`, `money` joined by `+` (docs/gateway.md)',
    defaultText: '— (/v1 refused; `npm start` makes a session key)',
  }),
  DOMAINFLOW_GATEWAY_RATE_LIMIT: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1-100000 requests per minute')
    .max(100_000, 'must be 1-100000 requests per minute')
    .default(300)
    .describe('requests per minute per API key (token bucket; a burst of the same size)'),
  DOMAINFLOW_GATEWAY_IDEMPOTENCY_FILE: nonEmpty.optional().meta({
    description: 'where `Idempotency-Key` answers are kept for 24 h (append-only, survives restarts)',
    defaultText: '`<DOMAINFLOW_DATA_DIR>/gateway-idempotency.jsonl`',
  }),
  DOMAINFLOW_GATEWAY_TLS_CERT: nonEmpty
    .optional()
    .describe('PEM certificate file: the gateway speaks HTTPS itself (else put it behind a TLS proxy)'),
  DOMAINFLOW_GATEWAY_TLS_KEY: nonEmpty.optional().describe('PEM private key of `DOMAINFLOW_GATEWAY_TLS_CERT`'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ message: 'must be a URL such as http://127.0.0.1:4318' }).optional().meta({
    description: 'OTLP/HTTP collector: when set, the gateway and the worker export traces (`/v1/traces`)',
    defaultText: '— (tracing off, no cost)',
  }),
};

export interface GatewaySettings {
  /** host:port, null = off */
  address: string | null;
  keys: GatewayKey[];
  ratePerMinute: number;
  idempotencyFile: string;
  tls?: { certFile: string; keyFile: string };
}

export interface TracingSettings {
  /** the OTLP/HTTP base URL; undefined = tracing off */
  otlpEndpoint?: string;
}

type GatewayEnv = z.infer<z.ZodObject<typeof gatewayEnv>>;

export function loadGatewaySettings(e: GatewayEnv & { DOMAINFLOW_DATA_DIR: string }): GatewaySettings {
  const cert = e.DOMAINFLOW_GATEWAY_TLS_CERT;
  const key = e.DOMAINFLOW_GATEWAY_TLS_KEY;
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError(
      `invalid configuration: ${cert ? 'DOMAINFLOW_GATEWAY_TLS_KEY' : 'DOMAINFLOW_GATEWAY_TLS_CERT'}: ` +
        'HTTPS needs both the certificate and its key',
    );
  }
  return {
    address: e.DOMAINFLOW_GATEWAY_ADDRESS === 'off' ? null : e.DOMAINFLOW_GATEWAY_ADDRESS,
    keys: e.DOMAINFLOW_GATEWAY_KEYS ?? [],
    ratePerMinute: e.DOMAINFLOW_GATEWAY_RATE_LIMIT,
    idempotencyFile:
      e.DOMAINFLOW_GATEWAY_IDEMPOTENCY_FILE ?? path.join(e.DOMAINFLOW_DATA_DIR, 'gateway-idempotency.jsonl'),
    ...(cert && key ? { tls: { certFile: cert, keyFile: key } } : {}),
  };
}

export function loadTracingSettings(e: GatewayEnv): TracingSettings {
  return e.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT } : {};
}
