import { z } from 'zod';

export const rateLimitSchema = z.object({
  /** calls per second the sandbox answers; null (or absent) = no limit */
  callsPerSecond: z.number().int().min(1, 'must be at least 1').max(100_000).nullable().optional(),
});

/**
 * The registrars' own call limits, for tests and benchmarks: a token bucket of `callsPerSecond`
 * tokens refilled at `callsPerSecond` per second (wall clock, not the sandbox clock), the usual
 * meaning of "N calls per second" (a full second's worth may come at once). A call without a token
 * is answered with the API's own "too many" answer (ISPAPI 425, Openprovider code 50) and does
 * nothing; it is journaled like any call.
 */
export class CallRateLimit {
  private perSecond: number | undefined;
  private tokens = 0;
  private refilledAt = 0;
  private rejectedCount = 0;

  set(callsPerSecond: number | null | undefined): void {
    this.perSecond = callsPerSecond ?? undefined;
    this.tokens = this.perSecond ?? 0;
    this.refilledAt = Date.now();
    this.rejectedCount = 0;
  }

  /** true when the call may run now (and takes its token) */
  admit(nowMs = Date.now()): boolean {
    if (this.perSecond === undefined) return true;
    this.tokens = Math.min(this.perSecond, this.tokens + ((nowMs - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = nowMs;
    if (this.tokens < 1) {
      this.rejectedCount += 1;
      return false;
    }
    this.tokens -= 1;
    return true;
  }

  describe(): { callsPerSecond: number | null; rejected: number } {
    return { callsPerSecond: this.perSecond ?? null, rejected: this.rejectedCount };
  }
}

export const bulkDomainsSchema = z.object({
  /** how many domains: `<prefix><n>.<tld>`, n zero-padded from `start` */
  count: z.number().int().min(1, 'must be 1-200000').max(200_000, 'must be 1-200000'),
  prefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be lower-case letters, digits and hyphens (a label start)')
    .default('portfolio-'),
  tld: z
    .string()
    .regex(/^[a-z]{2,20}$/, 'must be a TLD such as com')
    .default('com'),
  start: z.number().int().min(0).default(0),
  /** expiries spread evenly from this date over `spreadDays` */
  expiresFrom: z.coerce.date({ message: 'must be an ISO 8601 date' }).optional(),
  spreadDays: z.number().int().min(0).max(3650).default(365),
  nameservers: z.array(z.string().min(1)).min(1).max(13).default(['ns1.portfolio.example', 'ns2.portfolio.example']),
});
export type BulkDomains = z.input<typeof bulkDomainsSchema>;

/** The names and expiries a bulk seed makes: the same in both sandboxes. */
export function bulkDomainPlan(
  input: z.output<typeof bulkDomainsSchema>,
  now: Date,
): Array<{ domain: string; expiresAt: Date }> {
  const width = String(input.start + input.count - 1).length;
  const from = (input.expiresFrom ?? new Date(now.getTime() + 30 * 86_400_000)).getTime();
  const step = input.count > 1 ? (input.spreadDays * 86_400_000) / input.count : 0;
  return Array.from({ length: input.count }, (_, i) => ({
    domain: `${input.prefix}${String(input.start + i).padStart(width, '0')}.${input.tld}`,
    expiresAt: new Date(Math.floor((from + i * step) / 1000) * 1000),
  }));
}

/** `<label>.<tld>` of a planned name, split without the full IDNA parse (the plan's names are ASCII). */
export function splitPlanned(domain: string): { name: string; extension: string } {
  const dot = domain.indexOf('.');
  return { name: domain.slice(0, dot), extension: domain.slice(dot + 1) };
}
