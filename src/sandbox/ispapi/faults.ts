import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { decodeCommand, formatResponse } from '../../registrars/ispapi/wire';
import { describeZodError } from '../../domain/validation';
import {
  FaultPlan,
  MAX_HANG_MS,
  faultProbabilitySchema,
  faultSeedSchema,
  faultTimesSchema,
  hang,
  resetConnection,
  sendHtmlError,
  sleep,
  truncate,
  type ActiveFault,
} from '../shared/faults';

/**
 * Fault injection for the ISPAPI sandbox, per command or for any command. What each kind does to
 * the call, and whether the registry executed it (journal entry, charge) before the answer went wrong:
 *
 * | fault         | the client sees                                   | executed |
 * | ------------- | ------------------------------------------------- | -------- |
 * | `latency`     | the normal answer, `ms` later                     | yes      |
 * | `reset`       | the connection closed before any answer           | no       |
 * | `http-error`  | HTTP `status` (default 503) with an HTML page     | no       |
 * | `timeout`     | no answer until it gives up (at most `ms`)        | `execute`|
 * | `malformed`   | HTTP 200 with a body that is not an ISPAPI answer | no       |
 * | `truncated`   | HTTP 200 with the first `bytes` (default half)    | yes      |
 * | `code`        | the API's temporary `code` 421/423/425 (any 4xx/5xx) | no    |
 * | `lose-answer` | the connection closed after the command ran       | yes      |
 */
export const ISPAPI_FAULT_KINDS = [
  'latency',
  'reset',
  'http-error',
  'timeout',
  'malformed',
  'truncated',
  'code',
  'lose-answer',
] as const;
export type IspapiFaultKind = (typeof ISPAPI_FAULT_KINDS)[number];

/** The API's own words for the codes tests inject most (spec 1.6). */
const CODE_TEXT: Record<number, string> = {
  420: 'Command failed due to server error. Server closing connection',
  421: 'Command failed due to server error. Client should try again',
  423: 'Command failed due to server error. Client should try again (Could not get session)',
  425: 'Service temporarily locked; usage exceeded',
  521: 'Too many sessions open. Server closing connection',
  546: 'Credit limit exceeded',
};

export const ispapiFaultSchema = z
  .object({
    /** command name, case-insensitive; any command when absent */
    command: z.string().min(1, 'must not be empty').optional(),
    fault: z.enum(ISPAPI_FAULT_KINDS, { message: `must be one of ${ISPAPI_FAULT_KINDS.join(', ')}` }),
    /** latency: the delay; timeout: the longest the request is held (default until the client closes) */
    ms: z.number().int().min(0, 'must be >= 0').max(MAX_HANG_MS, `must be <= ${MAX_HANG_MS}`).optional(),
    /** http-error: the HTTP status, default 503 */
    status: z.number().int().min(500, 'must be 500-599').max(599, 'must be 500-599').optional(),
    /** code: the ISPAPI code answered, default 421 */
    code: z.number().int().min(400, 'must be 400-599').max(599, 'must be 400-599').optional(),
    /** malformed: the body sent instead of an answer */
    body: z.string().optional(),
    /** truncated: how many bytes of the answer are sent (default half) */
    bytes: z.number().int().min(0, 'must be >= 0').optional(),
    /** timeout: run the command before hanging ("accepted, then timed out"); default false */
    execute: z.boolean().optional(),
    times: faultTimesSchema.optional(),
    probability: faultProbabilitySchema.optional(),
  })
  .refine((f) => f.fault !== 'latency' || f.ms !== undefined, { message: 'latency needs ms', path: ['ms'] });

export type IspapiFault = z.input<typeof ispapiFaultSchema>;

/** What the fault log shows for each call a fault hit. */
export interface FiredFault {
  at: string;
  command: string;
  fault: IspapiFaultKind;
  /** whether the registry ran the command (it is in the journal then) */
  executed: boolean;
  delayMs: number;
}

const DEFAULT_MALFORMED = '<?xml version="1.0"?>\n<error>upstream answered garbage</error>\n';

export class IspapiFaultInputError extends Error {
  override readonly name = 'IspapiFaultInputError';
}

export function parseIspapiFault(value: unknown): IspapiFault {
  const parsed = ispapiFaultSchema.safeParse(value);
  if (!parsed.success) throw new IspapiFaultInputError(describeZodError(parsed.error, 'body'));
  return parsed.data;
}

/** The command name a form carries (s_command, or a plain `command` field as in the FAQ). */
export function commandOf(form: URLSearchParams): string {
  const text = form.get('s_command');
  if (text !== null) return decodeCommand(text).COMMAND ?? '';
  for (const [key, value] of form) if (key.trim().toUpperCase() === 'COMMAND') return value.trim();
  return '';
}

export interface IspapiCallHooks {
  /** Runs the command and journals it; `damaged` marks the entry (answer lost, truncated, timed out). */
  execute(damaged?: IspapiFaultKind): { text: string };
  now(): Date;
}

/**
 * The fault plan of one sandbox and how each fault answers an API call. `serve` replaces the
 * sandbox's plain "execute and send" for every API request.
 */
export class IspapiFaults {
  private readonly plan = new FaultPlan<IspapiFault>({
    matches: (f, command) => !f.command || f.command.toLowerCase() === command.toLowerCase(),
    delayOf: (f) => (f.fault === 'latency' ? (f.ms ?? 0) : 0),
    onlyDelays: (f) => f.fault === 'latency',
  });
  private fired: FiredFault[] = [];

  add(fault: IspapiFault): void {
    this.plan.add(parseIspapiFault(fault));
  }

  clear(): void {
    this.plan.clear();
  }

  seed(seed: number): void {
    this.plan.seed(seed);
  }

  reset(): void {
    this.plan.clear();
    this.plan.seed(1);
    this.fired = [];
  }

  view(): { seed: number; faults: Array<ActiveFault<IspapiFault>>; fired: FiredFault[] } {
    return { ...this.plan.list(), fired: this.fired.map((f) => ({ ...f })) };
  }

  async serve(req: IncomingMessage, res: ServerResponse, form: URLSearchParams, call: IspapiCallHooks): Promise<void> {
    const command = commandOf(form);
    const { delayMs, fault } = this.plan.take(command);
    if (fault) {
      const executed =
        fault.fault === 'truncated' || fault.fault === 'lose-answer' || (fault.fault === 'timeout' && !!fault.execute);
      this.fired.push({ at: call.now().toISOString(), command, fault: fault.fault, executed, delayMs });
    } else if (delayMs > 0) {
      this.fired.push({ at: call.now().toISOString(), command, fault: 'latency', executed: true, delayMs });
    }
    if (delayMs > 0) await sleep(delayMs);
    switch (fault?.fault) {
      case undefined:
        return sendText(res, 200, call.execute().text);
      case 'reset':
        return resetConnection(req, res);
      case 'http-error':
        return sendHtmlError(res, fault.status ?? 503);
      case 'timeout':
        if (fault.execute) call.execute('timeout');
        return hang(req, res, fault.ms);
      case 'malformed':
        return sendText(res, 200, fault.body ?? DEFAULT_MALFORMED);
      case 'truncated':
        return sendText(res, 200, truncate(call.execute('truncated').text, fault.bytes));
      case 'code': {
        const code = fault.code ?? 421;
        return sendText(res, 200, formatResponse({ code, description: CODE_TEXT[code] ?? 'Command failed' }));
      }
      case 'lose-answer':
        call.execute('lose-answer');
        return resetConnection(req, res);
    }
  }

  /**
   * The control routes under /_sandbox/faults (POST/lose-answer stays in control.ts): POST adds one
   * fault or a list, DELETE clears them, GET shows them with the fault log, PUT seed restarts the
   * random source. Undefined for other paths.
   */
  control(method: string, path: string, body: string): { status: number; body: unknown } | undefined {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    try {
      if (route === 'GET /_sandbox/faults') return { status: 200, body: this.view() };
      if (route === 'DELETE /_sandbox/faults') {
        this.clear();
        return { status: 200, body: { ok: true } };
      }
      if (route === 'POST /_sandbox/faults') {
        const value = parseJson(body);
        const faults = (Array.isArray(value) ? value : [value]).map(parseIspapiFault);
        for (const f of faults) this.plan.add(f);
        return { status: 201, body: { ok: true, added: faults.length } };
      }
      if (route === 'PUT /_sandbox/faults/seed') {
        const parsed = faultSeedSchema.safeParse(parseJson(body));
        if (!parsed.success) throw new IspapiFaultInputError(describeZodError(parsed.error, 'body'));
        this.seed(parsed.data.seed);
        return { status: 200, body: { ok: true, seed: parsed.data.seed } };
      }
      return undefined;
    } catch (err) {
      if (err instanceof IspapiFaultInputError) return { status: 400, body: { error: err.message } };
      throw err;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IspapiFaultInputError('body: must be valid JSON');
  }
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
