import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

/**
 * Fault injection both sandboxes share: a plan of scripted faults (how many times, with what
 * probability, from a seeded random source so a chaos run can be repeated) and the transport
 * misbehaviours that look the same whatever the protocol: added latency, a connection reset
 * before any answer, a hang past the client's timeout.
 */

/** How many matching calls a fault hits: a count, or 'always' until cleared. */
export const faultTimesSchema = z.union([z.number().int().min(1, 'must be >= 1'), z.literal('always')], {
  message: "must be a whole number >= 1 or 'always'",
});
export type FaultTimes = z.infer<typeof faultTimesSchema>;

/** Chance that a matching call is hit (the draw does not use up `times` when it misses). */
export const faultProbabilitySchema = z.number().gt(0, 'must be > 0 and <= 1').max(1, 'must be > 0 and <= 1');

export const faultSeedSchema = z.object({ seed: z.number().int().min(0).max(0xffffffff) });

/** Longest a hang holds a request when the client never gives up (keeps a stuck test finite). */
export const MAX_HANG_MS = 600_000;

export interface PlannedFault {
  times?: FaultTimes;
  probability?: number;
}

export interface ActiveFault<F> {
  fault: F;
  /** calls it still hits */
  remaining: number | 'always';
}

/** mulberry32: small, fast and good enough to make chaos runs repeatable from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultPlanOptions<F> {
  /** whether the fault applies to the call named `key` (a command, a route) */
  matches(fault: F, key: string): boolean;
  /** milliseconds the fault delays the answer (0 when none) */
  delayOf(fault: F): number;
  /** a fault that only delays: it combines with one other fault instead of replacing the answer */
  onlyDelays(fault: F): boolean;
}

/**
 * The faults scripted for a sandbox, in the order they were added. Each call takes every matching
 * latency fault (their delays add up) and the first other matching fault whose draw hits.
 */
export class FaultPlan<F extends PlannedFault> {
  private active: Array<ActiveFault<F>> = [];
  private random: () => number;
  private seedValue: number;

  constructor(
    private readonly options: FaultPlanOptions<F>,
    seed = 1,
  ) {
    this.seedValue = seed;
    this.random = seededRandom(seed);
  }

  add(fault: F): void {
    this.active.push({ fault, remaining: fault.times === 'always' ? 'always' : (fault.times ?? 1) });
  }

  clear(): void {
    this.active = [];
  }

  /** Restarts the random source (clear() keeps it running). */
  seed(seed: number): void {
    this.seedValue = seed;
    this.random = seededRandom(seed);
  }

  list(): { seed: number; faults: Array<ActiveFault<F>> } {
    return {
      seed: this.seedValue,
      faults: this.active.map((a) => ({ fault: { ...a.fault }, remaining: a.remaining })),
    };
  }

  take(key: string): { delayMs: number; fault?: F } {
    let delayMs = 0;
    let hit: F | undefined;
    for (const entry of this.active) {
      const { fault } = entry;
      if (!this.options.matches(fault, key)) continue;
      const delaysOnly = this.options.onlyDelays(fault);
      if (!delaysOnly && hit) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      if (entry.remaining !== 'always') entry.remaining -= 1;
      delayMs += this.options.delayOf(fault);
      if (!delaysOnly) hit = fault;
    }
    this.active = this.active.filter((a) => a.remaining === 'always' || a.remaining > 0);
    return hit ? { delayMs, fault: hit } : { delayMs };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The connection dies before any answer: the client sees a socket error (ECONNRESET / "other side closed"). */
export function resetConnection(req: IncomingMessage, res: ServerResponse): void {
  res.destroy();
  req.socket.destroy();
}

/**
 * No answer at all: the request is held until the client gives up and closes the connection, or
 * `maxMs` passes (then the connection is dropped). Resolves when either happened.
 */
export function hang(req: IncomingMessage, res: ServerResponse, maxMs = MAX_HANG_MS): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      resetConnection(req, res);
      done();
    }, maxMs);
    res.once('close', done);
  });
}

/** An HTML error page, as a load balancer or proxy sends it when the API behind it is down. */
export function sendHtmlError(res: ServerResponse, status: number): void {
  const body =
    `<!DOCTYPE html>\n<html><head><title>${status} Service Unavailable</title></head>` +
    `<body><h1>${status}</h1><p>The server is temporarily unable to service your request.</p></body></html>\n`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The first `bytes` (default: half) of an answer, ending cleanly: a proxy that cut the body short. */
export function truncate(body: string, bytes?: number): string {
  const buffer = Buffer.from(body, 'utf8');
  const keep = Math.min(buffer.length - 1, bytes ?? Math.floor(buffer.length / 2));
  return buffer.subarray(0, Math.max(0, keep)).toString('utf8');
}

/** Requests received and not yet answered (chaos tests pick quiet moments to kill a worker). */
export class InFlight {
  private count = 0;

  track(res: ServerResponse): void {
    this.count += 1;
    res.once('close', () => {
      this.count -= 1;
    });
  }

  get value(): number {
    return this.count;
  }
}
