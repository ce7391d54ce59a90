import { condition, sleep } from '@temporalio/workflow';

/**
 * A request to check now instead of at the next scheduled time (the `checkNow` signal, or any
 * handler that needs the loop to wake up: a cancel, a resend).
 */
export class Wakeup {
  private requested = false;

  /** Called from a signal or Update handler. */
  now(): void {
    this.requested = true;
  }

  /** @internal pollUntil clears the request before each wait and waits for the next one */
  clear(): void {
    this.requested = false;
  }

  /** @internal */
  get pending(): boolean {
    return this.requested;
  }
}

export interface PollOptions {
  /** first wait between checks, ms */
  intervalMs: number;
  /** the wait grows by this factor after each wait (1: a fixed interval) ... */
  backoffCoefficient?: number;
  /** ... up to this, ms (default: no cap) */
  maxIntervalMs?: number;
  /** epoch ms: no wait reaches past it, and a check that finds nothing after it ends the poll */
  deadline: number;
  /** the shortest wait, ms (default 1; the timer the SDK starts is never shorter than 1 ms anyway) */
  minWaitMs?: number;
  /** check first, then wait (default: wait first, as after a request the registrar needs time) */
  checkFirst?: boolean;
  /** wakes the wait early (checkNow); without one the wait is a plain timer */
  wakeup?: Wakeup;
  /** the next check's time while waiting (the `state` query's nextCheckAt) */
  onWait?: (nextCheckAt: string) => void;
  /** called when a wait ends (e.g. to clear nextCheckAt) */
  onWoken?: () => void;
}

/**
 * The poll loop every waiting workflow shares: wait (a timer, or a condition a Wakeup can end
 * early), check, and again with a growing wait, until `check` answers something other than
 * undefined (returned) or a check after the deadline found nothing (undefined is returned).
 * `check` handles its own failed calls (a failed check is usually a note, not the end).
 *
 * Its commands are those of the loops it replaced, so recorded histories replay: one timer per
 * wait, started by condition(fn, ms) with a Wakeup and by sleep(ms) without (the same StartTimer
 * command; a condition's fired timer is not cancelled), of max(minWaitMs, min(interval,
 * deadline - now)) ms.
 */
export async function pollUntil<T>(options: PollOptions, check: () => Promise<T | undefined>): Promise<T | undefined> {
  const { deadline, wakeup, checkFirst = false, minWaitMs = 1, backoffCoefficient = 1 } = options;
  const maxIntervalMs = options.maxIntervalMs ?? Number.POSITIVE_INFINITY;
  let interval = options.intervalMs;
  for (let turn = 0; ; turn += 1) {
    if (turn > 0 || !checkFirst) {
      const wait = Math.max(minWaitMs, Math.min(interval, deadline - Date.now()));
      options.onWait?.(new Date(Date.now() + wait).toISOString());
      if (wakeup) {
        wakeup.clear();
        await condition(() => wakeup.pending, wait);
      } else {
        await sleep(wait);
      }
      options.onWoken?.();
      interval = Math.min(maxIntervalMs, interval * backoffCoefficient);
    }
    const answer = await check();
    if (answer !== undefined) return answer;
    if (Date.now() >= deadline) return undefined;
  }
}
