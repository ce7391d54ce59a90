import { z } from 'zod';
import { durationMs } from '../contracts/duration';

/**
 * The value rules the configuration areas share. Each message says what is expected, so a bad
 * variable is reported as "NAME: rule" before anything starts.
 */
export const port = z.coerce
  .number()
  .int()
  .min(1, 'must be a port number 1-65535')
  .max(65535, 'must be a port number 1-65535');
export const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233');
export const ms = z.coerce.number().int().min(1, 'must be a positive number of milliseconds');

/** host:port to listen on, or 'off'. */
export const listenAddress = z
  .string()
  .regex(/^(off|[^\s:/]+:\d{1,5})$/, "must be host:port (e.g. 127.0.0.1:9464) or 'off'");
/** A duration as the Temporal SDK takes it: '20s', '1 minute', '500ms' or milliseconds. */
export const duration = z.string().transform((text, ctx) => {
  let value: number;
  try {
    value = durationMs(/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());
  } catch {
    value = Number.NaN;
  }
  if (!Number.isFinite(value) || value < 0) {
    ctx.addIssue({ code: 'custom', message: "must be a duration like '20s', '1 minute' or '500ms'" });
    return z.NEVER;
  }
  return value;
});
export const nonEmpty = z.string().min(1, 'must not be empty');
export const callsPerSecond = z.coerce
  .number()
  .min(0.1, 'must be 0.1-1000 calls per second')
  .max(1000, 'must be 0.1-1000 calls per second');
export const bool = z.enum(['true', 'false', '1', '0'], { message: 'must be true, false, 1 or 0' });

/** true for the schema's `true` / `1`. */
export const isTrue = (value: string | undefined): boolean => value === 'true' || value === '1';
