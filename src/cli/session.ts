/**
 * Talking to Temporal for a command: one connection per command (withClient), and how a started
 * workflow is reported, with a progress line on a terminal while --wait waits for it.
 */
import type { Client } from '@temporalio/client';
import { defineQuery } from '@temporalio/workflow';
import { loadConfig, type Config } from '../config/config';
import { connectClient } from '../client/connect';
import { codecFromConfig } from '../codec';
import { EXIT, isJsonOutput, print, type WorkflowState } from './output';

/** Every workflow answers the `state` query (a handle by name: no workflow module is loaded). */
export const stateQuery = defineQuery<WorkflowState>('state');

/** Runs fn with a client connected as the configuration says (codec included), then closes it. */
export async function withClient<T>(fn: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { client, close } = await connectClient(config.temporal, codecFromConfig(config));
  try {
    return await fn(client, config);
  } finally {
    await close();
  }
}

/** The number of registrar checks a workflow's state reports, whatever its workflow calls it. */
function checksOf(s: WorkflowState): number | undefined {
  for (const key of ['attempts', 'checks', 'activationChecks', 'statusChecks']) {
    if (typeof s[key] === 'number') return s[key];
  }
  return undefined;
}

/**
 * Awaits `outcome`; meanwhile, on a terminal and without --json, one line (phase and checks,
 * refreshed every 2 s through the state query) rewritten in place with \r and cleared at the end.
 */
async function withProgress<T>(client: Client, id: string, outcome: Promise<T>): Promise<T> {
  if (isJsonOutput() || !process.stdout.isTTY) return outcome;
  let shown = '';
  let done = false;
  const refresh = async (): Promise<void> => {
    try {
      const s = await client.workflow.getHandle(id).query(stateQuery);
      if (done) return;
      const checks = checksOf(s);
      const line = `waiting for ${id}: ${s.phase}${checks !== undefined ? `, ${checks} check${checks === 1 ? '' : 's'}` : ''}`;
      process.stdout.write(`\r${line.padEnd(shown.length)}`);
      shown = line;
    } catch {
      // A query can fail while a worker restarts; the next refresh or the result settles it.
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), 2000);
  try {
    return await outcome;
  } finally {
    done = true;
    clearInterval(timer);
    if (shown) process.stdout.write(`\r${' '.repeat(shown.length)}\r`);
  }
}

/**
 * Reports a start for people and scripts; with --wait, waits (showing progress on a terminal) and
 * returns the result, else undefined.
 */
export async function reportStart<R>(
  client: Client,
  started: { workflowId: string; started: boolean; handle: { result(): Promise<R> } },
  wait: boolean,
): Promise<R | undefined> {
  if (!wait) {
    print(
      started.started
        ? `started ${started.workflowId}\nfollow it with: domainflow watch ${started.workflowId}`
        : `already running: ${started.workflowId} (nothing new was sent to the registrar)`,
      { workflowId: started.workflowId, started: started.started },
    );
    return undefined;
  }
  // With --wait too: the outcome that follows is the running workflow's, not a new one's.
  if (!started.started && !isJsonOutput()) {
    console.log(
      `already running: ${started.workflowId} (nothing new was sent to the registrar); waiting for its outcome`,
    );
  }
  return withProgress(client, started.workflowId, started.handle.result());
}

/** The outcome line of a --wait command and its exit code: unsuccessful unless `succeeded`. */
export function reportOutcome(
  started: { workflowId: string; started: boolean },
  result: unknown,
  line: string,
  succeeded: boolean,
): void {
  print(`${started.workflowId}: ${line}`, { workflowId: started.workflowId, started: started.started, result });
  if (!succeeded) process.exitCode = EXIT.unsuccessful;
}
