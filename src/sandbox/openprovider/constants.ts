/** Default reseller login of the sandbox (also the embedded default configuration). */
export const SANDBOX_OPENPROVIDER_CREDENTIALS = { username: 'sandbox-reseller', password: 'sandbox-pass' } as const;
export const SANDBOX_RESELLER_ID = 123456;
/** the customer handle every sandbox creates at start and after reset (deterministic numbering) */
export const SANDBOX_OPENPROVIDER_DEFAULT_HANDLE = 'SR100001-NL';

export const API = '/v1beta';
export const DEFAULT_TOKEN_TTL_MS = 48 * 60 * 60 * 1000;
