import { Agent, request } from 'undici';
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  registrarError,
  RegistrarAuthenticationError,
  RegistrarError,
  RegistrarRejectedError,
  RegistrarTemporaryError,
} from '../errors';
import { classifyOpenproviderCode, maskHeaders, maskSecrets, maskUrl } from './codes';
import { envelopeSchema, loginDataSchema, type Envelope } from './wire';

/** Hosts of the REST API; paths start with OPENPROVIDER_API_PREFIX (spec 1.1). */
export const OPENPROVIDER_ENDPOINTS = {
  live: 'https://api.openprovider.eu',
  /** the current sandbox (plain http, port 8480) */
  sandbox: 'http://api.sandbox.openprovider.nl:8480',
} as const;
export const OPENPROVIDER_API_PREFIX = '/v1beta';

/** Tokens live 48 h (spec 1.2); reuse one for 24 h like the WHMCS module, then log in again. */
export const DEFAULT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface OpenproviderClientOptions {
  /** scheme://host[:port] (OPENPROVIDER_ENDPOINTS or a sandbox's baseUrl); a trailing /v1beta is tolerated */
  baseUrl: string;
  username: string;
  password: string;
  /** IP the token is bound to; "0.0.0.0" (the default) means any */
  ip?: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** how long a token is reused before a new login (default 24 h); a 196 answer ends it earlier */
  tokenTtlMs?: number;
  userAgent?: string;
  logger?: Logger;
  /** clock for token expiry (tests) */
  now?: () => number;
}

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** name used in errors and logs; defaults to "METHOD /path" */
  operation?: string;
}

export interface OpenproviderResult<T> {
  code: number;
  desc: string;
  data: T;
  warnings: Array<{ code?: number; desc?: string; data?: unknown }>;
}

const REGISTRAR = 'openprovider';
const AUTH_FAILED = 196;

/**
 * The Openprovider REST client: Bearer-token login shared by all callers (one login in flight at a
 * time, failed logins never cached), one re-login and one replay when a call answers 196, the
 * JSON envelope parsed with zod and classified by `code` (never by HTTP status).
 */
export class OpenproviderClient {
  private readonly agent: Agent;
  private readonly base: string;
  private cached: { token: string; expiresAt: number } | undefined;
  private loginInFlight: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: OpenproviderClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
    });
    this.base = options.baseUrl.replace(/\/+$/, '').replace(/\/v1beta$/, '');
    this.now = options.now ?? Date.now;
  }

  /** Sends one call with the shared token; any API code comes back as the envelope. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Envelope> {
    const token = await this.token();
    const first = await this.exchange(method, path, options, token);
    if (first.code !== AUTH_FAILED) return first;
    // Expired or revoked token: one fresh login (shared with concurrent callers), one replay.
    this.invalidate(token);
    const fresh = await this.token();
    const second = await this.exchange(method, path, options, fresh);
    if (second.code === AUTH_FAILED) this.invalidate(fresh);
    return second;
  }

  /** Like send, but a non-OK code throws the classified RegistrarError and `data` is checked by `schema`. */
  async call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<OpenproviderResult<z.output<S>>> {
    const operation = options.operation ?? `${method} ${path}`;
    const envelope = await this.send(method, path, options);
    OpenproviderClient.assertOk(operation, envelope);
    const parsed = schema.safeParse(envelope.data ?? {});
    if (!parsed.success) {
      throw new RegistrarTemporaryError(`${operation}: unexpected response data (${parsed.error.issues[0]?.message})`, {
        registrar: REGISTRAR,
        operation,
        code: String(envelope.code),
      });
    }
    return { code: envelope.code, desc: envelope.desc, data: parsed.data, warnings: envelope.warnings ?? [] };
  }

  static assertOk(operation: string, envelope: Envelope): void {
    const kind = classifyOpenproviderCode(envelope.code, envelope.maintenance === true);
    if (kind === 'ok') return;
    const extra = typeof envelope.data === 'string' && envelope.data !== '' ? ` (${envelope.data})` : '';
    const text =
      envelope.maintenance === true && envelope.code === 0 ? 'Openprovider is in maintenance' : envelope.desc;
    throw registrarError(kind, `${operation}: ${envelope.code} ${text}${extra}`, {
      registrar: REGISTRAR,
      operation,
      code: String(envelope.code),
      description: envelope.desc,
    });
  }

  /** Forgets the cached token (e.g. after a credentials change). */
  logout(): void {
    this.cached = undefined;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.expiresAt) return this.cached.token;
    if (!this.loginInFlight) {
      this.loginInFlight = this.login().finally(() => {
        this.loginInFlight = undefined;
      });
    }
    return this.loginInFlight;
  }

  private async login(): Promise<string> {
    const operation = 'POST /auth/login';
    const envelope = await this.exchange(
      'POST',
      '/auth/login',
      {
        operation,
        body: { username: this.options.username, password: this.options.password, ip: this.options.ip ?? '0.0.0.0' },
      },
      undefined,
    );
    if (envelope.code === AUTH_FAILED) {
      throw new RegistrarAuthenticationError(`${operation}: ${envelope.code} ${envelope.desc}`, {
        registrar: REGISTRAR,
        operation,
        code: String(envelope.code),
        description: envelope.desc,
      });
    }
    OpenproviderClient.assertOk(operation, envelope);
    const data = loginDataSchema.safeParse(envelope.data);
    if (!data.success) {
      // The module's config check treats "no token" as bad credentials (spec 1.2).
      throw new RegistrarAuthenticationError(`${operation}: login answered without a token`, {
        registrar: REGISTRAR,
        operation,
        code: String(envelope.code),
      });
    }
    this.cached = { token: data.data.token, expiresAt: this.now() + (this.options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS) };
    this.options.logger?.info({ resellerId: data.data.reseller_id }, 'openprovider login');
    return data.data.token;
  }

  /** One HTTP exchange. Transport problems and bodies that are not an envelope throw; API codes do not. */
  private async exchange(
    method: string,
    path: string,
    options: RequestOptions,
    token: string | undefined,
  ): Promise<Envelope> {
    const operation = options.operation ?? `${method} ${path}`;
    const details = { registrar: REGISTRAR, operation };
    const url = `${this.base}${OPENPROVIDER_API_PREFIX}${path}${encodeQuery(options.query)}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'domainflow',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const logFields = () => ({
      method,
      url: maskUrl(url),
      headers: maskHeaders(headers),
      body: options.body === undefined ? undefined : maskSecrets(options.body),
    });
    const started = Date.now();
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: method as 'GET',
        dispatcher: this.agent,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      this.options.logger?.warn(
        { ...logFields(), ms: Date.now() - started, err: String(err) },
        'openprovider transport error',
      );
      throw new RegistrarTemporaryError(`Openprovider not reachable: ${(err as Error).message}`, details, {
        cause: err,
      });
    }
    const envelope = parseEnvelope(text);
    if (!envelope) {
      this.options.logger?.warn(
        { ...logFields(), status, ms: Date.now() - started },
        'openprovider answered without an envelope',
      );
      throw nonEnvelopeError(status, operation);
    }
    this.options.logger?.debug(
      {
        ...logFields(),
        status,
        code: envelope.code,
        maintenance: envelope.maintenance ?? undefined,
        ms: Date.now() - started,
      },
      'openprovider call',
    );
    return envelope;
  }
}

function parseEnvelope(text: string): Envelope | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = envelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** A body that is not the JSON envelope (proxy page, truncated JSON): judge by HTTP status. */
function nonEnvelopeError(status: number, operation: string): RegistrarError {
  const details = { registrar: REGISTRAR, operation, code: String(status) };
  if (status === 401 || status === 403) {
    return new RegistrarAuthenticationError(`HTTP ${status} from Openprovider without a response envelope`, details);
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new RegistrarRejectedError(`HTTP ${status} from Openprovider without a response envelope`, details);
  }
  return new RegistrarTemporaryError(
    status >= 200 && status < 300
      ? `Openprovider answered HTTP ${status} with an unreadable body (truncated or not JSON)`
      : `HTTP ${status} from Openprovider without a response envelope`,
    details,
  );
}

/** Booleans as true/false, arrays comma-joined (spec 2.1); null/undefined left out. */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}
