import type { RegistrarErrorKind } from '../errors';

/**
 * Openprovider result code -> error kind (spec 2.3), or 'ok'. Classify by `code`, never by HTTP
 * status (spec 2.2: 196 arrives with 200, 401 or 500). A response flagged `maintenance: true` is
 * temporary whatever its code.
 */
export const OK_CODES: ReadonlySet<number> = new Set([
  0,
  1, // no changes in the data
  18, // data already up to date
  393, // auth code sent to the owner (in progress)
  20001, // verification e-mail in progress
]);

export const TEMPORARY_CODES: ReadonlySet<number> = new Set([
  10, // registry not reachable
  15, // registration closed
  17, // error communicating with the registry
  50, // calls limit has been reached
  339, // external handles still being created
  340, // registry down for maintenance
  4005, // disabled for maintenance
  4007, // API access temporarily blocked (excessive use)
]);

export const AUTHENTICATION_CODES: ReadonlySet<number> = new Set([
  196, // Authentication/Authorization Failed (the client re-logs in once before classifying)
  197, // account blocked: agreement not signed
  10005, // access denied: IP not whitelisted / blacklisted (live)
  10009, // same, CTE
]);

export const FUNDS_CODES: ReadonlySet<number> = new Set([
  310, // credit not enough
  920, // balance insufficient
]);

/** Codes that say "the domain is not in your account". */
export const NOT_IN_ACCOUNT_CODES: ReadonlySet<number> = new Set([320]);

/**
 * 399 "An unknown domain error has occurred" is deliberately rejected, not temporary: it often
 * wraps a registry or validation refusal, and a blind retry of a money operation (transfer, renew)
 * may charge twice (spec 2.3, 6).
 */
export function classifyOpenproviderCode(code: number, maintenance = false): 'ok' | RegistrarErrorKind {
  if (maintenance) return 'temporary';
  if (OK_CODES.has(code)) return 'ok';
  if (TEMPORARY_CODES.has(code)) return 'temporary';
  if (AUTHENTICATION_CODES.has(code)) return 'authentication';
  if (FUNDS_CODES.has(code)) return 'funds';
  return 'rejected';
}

/** Keys whose values never appear in logs or journals (matched case-insensitively, at any depth). */
const SECRET_KEYS = new Set([
  'password',
  'token',
  'auth_code',
  'internal_auth_code',
  'authorization',
  'pw',
  'authcode',
]);

export const MASK = '***';

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

/** Deep copy with secret values replaced by *** (non-empty strings and other scalars alike). */
export function maskSecrets<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        out[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? MASK : walk(item);
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** Headers for a log line: the bearer token is replaced, the scheme kept. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === 'authorization') out[key] = value.replace(/^(\w+)\s+.*$/s, `$1 ${MASK}`);
    else out[key] = value;
  }
  return out;
}

/** Masks secrets in a URL query string (e.g. ?auth_code=...). */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (isSecretKey(key)) params.set(key, MASK);
  return `${url.slice(0, q)}?${params.toString()}`;
}
