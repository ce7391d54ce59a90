import { z } from 'zod';
import { ConfigError } from '../../config/errors';
import { ms } from '../../config/fields';
import {
  SANDBOX_OPENPROVIDER_CREDENTIALS,
  SANDBOX_OPENPROVIDER_DEFAULT_HANDLE,
} from '../../sandbox/openprovider/server';
import { OPENPROVIDER_ENDPOINTS } from './client';

/** The Openprovider part of the environment schema (src/config/config.ts composes it, in this order). */
export const openproviderEnv = {
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
};

type OpenproviderEnv = z.infer<z.ZodObject<typeof openproviderEnv>>;

export interface OpenproviderSettings {
  env: 'sandbox' | 'test' | 'live';
  baseUrl: string;
  username: string;
  password: string;
  ownerHandle?: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/** Settings from the parsed environment; the sandbox defaults point at the local sandbox. */
export function loadOpenproviderSettings(
  e: OpenproviderEnv,
  sandbox: { host: string; port: number },
): OpenproviderSettings {
  const timeouts = {
    connectTimeoutMs: e.OPENPROVIDER_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: e.OPENPROVIDER_REQUEST_TIMEOUT_MS,
  };
  if (e.OPENPROVIDER_ENV === 'sandbox') {
    return {
      env: 'sandbox',
      baseUrl: e.OPENPROVIDER_URL ?? `http://${sandbox.host}:${sandbox.port}`,
      username: e.OPENPROVIDER_USERNAME ?? SANDBOX_OPENPROVIDER_CREDENTIALS.username,
      password: e.OPENPROVIDER_PASSWORD ?? SANDBOX_OPENPROVIDER_CREDENTIALS.password,
      ownerHandle: e.OPENPROVIDER_OWNER_HANDLE ?? SANDBOX_OPENPROVIDER_DEFAULT_HANDLE,
      ...timeouts,
    };
  }
  const missing = (['OPENPROVIDER_USERNAME', 'OPENPROVIDER_PASSWORD', 'OPENPROVIDER_OWNER_HANDLE'] as const).filter(
    (k) => !e[k],
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `invalid configuration: ${missing.map((k) => `${k}: required when OPENPROVIDER_ENV=${e.OPENPROVIDER_ENV}`).join('; ')}`,
    );
  }
  return {
    env: e.OPENPROVIDER_ENV,
    baseUrl:
      e.OPENPROVIDER_URL ??
      (e.OPENPROVIDER_ENV === 'live' ? OPENPROVIDER_ENDPOINTS.live : OPENPROVIDER_ENDPOINTS.sandbox),
    username: e.OPENPROVIDER_USERNAME!,
    password: e.OPENPROVIDER_PASSWORD!,
    ownerHandle: e.OPENPROVIDER_OWNER_HANDLE!,
    ...timeouts,
  };
}
