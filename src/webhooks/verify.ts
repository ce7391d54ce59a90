import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature (docs/events.md "Verifying a delivery"), in the style of Stripe's:
 *
 *   X-Domainflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is inside the signed text, so a captured delivery cannot be replayed later with a
 * fresh timestamp; receivers refuse timestamps further than a tolerance from their clock. Each
 * delivery attempt is signed anew, so a retry hours later still passes the tolerance check.
 */
export const SIGNATURE_HEADER = 'x-domainflow-signature';
export const EVENT_ID_HEADER = 'x-domainflow-event-id';
export const EVENT_TYPE_HEADER = 'x-domainflow-event-type';
export const TIMESTAMP_HEADER = 'x-domainflow-timestamp';
export const ATTEMPT_HEADER = 'x-domainflow-delivery-attempt';

/** Five minutes either way, as Stripe and Standard Webhooks use. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The header value for one delivery attempt of `body` (the exact bytes sent). */
export function signatureHeader(secret: string, body: string | Buffer, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

export interface VerifyOptions {
  /** the raw request body, exactly as received (before any JSON parsing) */
  body: string | Buffer;
  /** the X-Domainflow-Signature header */
  header: string | string[] | undefined;
  /** the shared secret; several while a secret is being rotated */
  secret: string | readonly string[];
  toleranceSeconds?: number;
  /** the receiver's clock in unix seconds (tests) */
  now?: number;
}

/** Checks a delivery's signature; the reason says which rule failed and never echoes the secret. */
export function verifyWebhookSignature(options: VerifyOptions): VerifyResult {
  const header = Array.isArray(options.header) ? options.header[0] : options.header;
  if (!header) return { ok: false, reason: `the ${SIGNATURE_HEADER} header is missing` };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Unknown schemes (a future v2) are skipped, so a sender can add one without breaking receivers.
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined) return { ok: false, reason: 'the signature header has no t=<unix seconds>' };
  if (signatures.length === 0) return { ok: false, reason: 'the signature header has no v1=<64 hex digits>' };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    return { ok: false, reason: `the timestamp is more than ${tolerance} s away from this receiver's clock` };
  }
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  for (const secret of secrets) {
    const expected = Buffer.from(hmacHex(secret, timestamp, options.body), 'hex');
    if (signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) return { ok: true, timestamp };
  }
  return { ok: false, reason: 'no v1 signature matches the body with the shared secret' };
}
