import { z } from 'zod';
import { ConfigError } from '../../config/errors';
import { bool, isTrue, ms } from '../../config/fields';
import { ISPAPI_ENDPOINTS } from './client';

/** The ISPAPI part of the environment schema (src/config/config.ts composes it, in this order). */
export const ispapiEnv = {
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
  ISPAPI_USE_SESSION: bool
    .default('false')
    .describe('`true`: `StartSession` once, then its id instead of the password; an expired session is renewed once'),
};

type IspapiEnv = z.infer<z.ZodObject<typeof ispapiEnv>>;

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
  useSession: boolean;
}

/** Settings from the parsed environment; the sandbox defaults point at the local sandbox. */
export function loadIspapiSettings(e: IspapiEnv, sandbox: { host: string; port: number }): IspapiSettings {
  if (e.ISPAPI_ENV === 'sandbox') {
    return {
      env: 'sandbox',
      url: e.ISPAPI_URL ?? `http://${sandbox.host}:${sandbox.port}/api/call.cgi`,
      entity: e.ISPAPI_ENTITY ?? '1234',
      login: e.ISPAPI_LOGIN ?? SANDBOX_ISPAPI_CREDENTIALS.login,
      role: e.ISPAPI_ROLE,
      password: e.ISPAPI_PASSWORD ?? SANDBOX_ISPAPI_CREDENTIALS.password,
      connectTimeoutMs: e.ISPAPI_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: e.ISPAPI_REQUEST_TIMEOUT_MS,
      useSession: isTrue(e.ISPAPI_USE_SESSION),
    };
  }
  const missing = (['ISPAPI_LOGIN', 'ISPAPI_PASSWORD'] as const).filter((k) => !e[k]);
  if (missing.length > 0) {
    throw new ConfigError(
      `invalid configuration: ${missing.map((k) => `${k}: required when ISPAPI_ENV=${e.ISPAPI_ENV}`).join('; ')}`,
    );
  }
  const endpoint = ISPAPI_ENDPOINTS[e.ISPAPI_ENV];
  return {
    env: e.ISPAPI_ENV,
    url: e.ISPAPI_URL ?? endpoint.url,
    entity: e.ISPAPI_ENTITY ?? endpoint.entity,
    login: e.ISPAPI_LOGIN!,
    role: e.ISPAPI_ROLE,
    password: e.ISPAPI_PASSWORD!,
    connectTimeoutMs: e.ISPAPI_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: e.ISPAPI_REQUEST_TIMEOUT_MS,
    useSession: isTrue(e.ISPAPI_USE_SESSION),
  };
}
