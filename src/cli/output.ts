/**
 * Output and exit codes shared by every command: --json switches all output to JSON for scripts;
 * errors end the process with the documented exit code (see EXIT and the program's --help).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { ConfigError } from '../config/config';
import { TemporalUnavailableError } from '../client/connect';
import { ValidationError } from '../domain/validation';
import { textTable } from '../text/table';
import type { StatusLogEntry } from '../contracts';

export const EXIT = { ok: 0, error: 1, invalid: 2, unsuccessful: 3, unavailable: 4, notFound: 5 } as const;

/** An error the command line reports with its own exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

// Set once per run by the program's preAction hook, before any command's action.
let jsonOutput = false;
export const setJsonOutput = (json: boolean): void => {
  jsonOutput = json;
};
/** true when output is JSON (no progress lines then) */
export const isJsonOutput = (): boolean => jsonOutput;

export const print = (human: string, json: unknown): void => {
  console.log(jsonOutput ? JSON.stringify(json, null, 2) : human);
};

export const table = textTable;

/** What every workflow's `state` query answers: a phase, counters, a status log and maybe a result. */
export interface WorkflowState {
  phase: string;
  log: StatusLogEntry[];
  result?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A workflow's state as a table of its fields and its status log. */
export function describeState(id: string, s: WorkflowState): string {
  const rows: string[][] = [['workflow', id]];
  for (const [key, value] of Object.entries(s)) {
    if (key === 'log' || key === 'result' || value === undefined) continue;
    rows.push([key, String(value)]);
  }
  for (const [key, value] of Object.entries(s.result ?? {})) {
    if (value !== undefined)
      rows.push([`result.${key}`, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  }
  const log = s.log.map((e) => [e.at, `${e.from || '-'} -> ${e.to}`, e.why]);
  return `${table(rows)}\n\nstatus log\n${table([['at', 'change', 'why'], ...log])}`;
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof ValidationError || err instanceof ConfigError) return EXIT.invalid;
  if (err instanceof TemporalUnavailableError) return EXIT.unavailable;
  if (err instanceof WorkflowNotFoundError) return EXIT.notFound;
  return EXIT.error;
}

/** Ends the process for an error: commander's help and usage errors, then ours, by exit code. */
export function onError(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(EXIT.ok);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(EXIT.invalid);
  const exitCode = exitCodeFor(err);
  const message = err instanceof Error ? err.message : String(err);
  if (jsonOutput) console.log(JSON.stringify({ error: message, exitCode }));
  else console.error(`error: ${message}`);
  process.exit(exitCode);
}
