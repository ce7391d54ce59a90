import path from 'node:path';
import { z } from 'zod';
import { REGISTRAR_ENTRIES } from '../registrars';
import { ConfigError } from './errors';
import { port } from './fields';

/** A payload encryption key: AES-256-GCM, so exactly 32 bytes. */
export interface CodecKey {
  id: string;
  key: Buffer;
}
export const CODEC_KEY_RULE = 'must be a comma list of id:base64-key, each key 32 bytes (openssl rand -base64 32)';
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

const codecKeys = z.string().transform((text, ctx) => {
  const parsed = parseCodecKeys(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.keys;
});

/** Payload encryption (src/codec): keys, and the codec endpoint for the Web UI. */
export const codecEnv = {
  DOMAINFLOW_CODEC_KEYS: codecKeys.optional().meta({
    description: `payload encryption keys \`id:base64,id:base64\`, 32 bytes each, first = active; required when ${REGISTRAR_ENTRIES.map((entry) => entry.managedKeysWhen).join(' or ')}`,
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
};

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

/**
 * `managedKeysReason`: why the configuration reaches a real registrar (e.g. `ISPAPI_ENV=live`):
 * production takes real auth codes, so its key must be managed, not generated.
 */
export function loadCodecSettings(
  e: z.infer<z.ZodObject<typeof codecEnv>> & { DOMAINFLOW_DATA_DIR: string; TEMPORAL_UI_PORT: number },
  host: string,
  managedKeysReason: string | undefined,
): CodecSettings {
  if (managedKeysReason && !e.DOMAINFLOW_CODEC_KEYS) {
    throw new ConfigError(
      `invalid configuration: DOMAINFLOW_CODEC_KEYS: required when ${managedKeysReason} (${CODEC_KEY_RULE}; see docs/operations.md "Secrets and payload encryption")`,
    );
  }
  return {
    keys: e.DOMAINFLOW_CODEC_KEYS ?? [],
    source: e.DOMAINFLOW_CODEC_KEYS ? 'env' : 'file',
    keyFile: path.join(e.DOMAINFLOW_DATA_DIR, 'codec-keys'),
    host,
    port: e.DOMAINFLOW_CODEC_PORT,
    ...(e.DOMAINFLOW_CODEC_AUTH_TOKEN ? { authToken: e.DOMAINFLOW_CODEC_AUTH_TOKEN } : {}),
    corsOrigins: e.DOMAINFLOW_CODEC_CORS_ORIGINS
      ? e.DOMAINFLOW_CODEC_CORS_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, ''))
      : [`http://127.0.0.1:${e.TEMPORAL_UI_PORT}`, `http://localhost:${e.TEMPORAL_UI_PORT}`],
  };
}
