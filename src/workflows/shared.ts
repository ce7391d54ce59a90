import {
  ActivityFailure,
  type ActivityOptions,
  allHandlersFinished,
  type LocalActivityOptions,
  ApplicationFailure,
  condition,
  continueAsNew,
  setCurrentDetails,
  upsertSearchAttributes,
  type Workflow,
  workflowInfo,
} from '@temporalio/workflow';
import { NON_RETRYABLE_REGISTRAR_ERRORS } from '../registrars/errors';
import { LifecycleState, type StatusLogEntry } from '../contracts';

/** Registrar calls: retried with backoff on temporary errors, never on the registrar's "no". */
export const registrarCallOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: [...NON_RETRYABLE_REGISTRAR_ERRORS, 'RegistrarNotConfigured'],
  },
};

/** For polls: a failed check is not a failed operation, the loop tries again at its next turn. */
export const registrarPollOptions: ActivityOptions = {
  ...registrarCallOptions,
  retry: { ...registrarCallOptions.retry, maximumAttempts: 3 },
};

/** Local activities retry after a backoff above this on a server timer (the SDK's default: 1 minute). */
export const LOCAL_RETRY_THRESHOLD = '1 second';

/**
 * Registrar READS as local activities (issue 18): one marker event each instead of six events for a
 * scheduled activity, and no round trip through the server. Only for calls that may run again
 * without harm: a worker lost before its workflow task completes runs the whole task again, with
 * the local activities in it. Writes stay ordinary activities (retried alone, attempt-aware).
 */
export const registrarLocalReadOptions: LocalActivityOptions = {
  startToCloseTimeout: registrarCallOptions.startToCloseTimeout,
  retry: registrarCallOptions.retry,
  // Every retry waits on a server timer, as an ordinary activity's does (not in the worker's memory,
  // where a lost worker forgets it and the time-skipping test server cannot skip it).
  localRetryThreshold: LOCAL_RETRY_THRESHOLD,
};

/** Polls as local activities: a failed check is tried again at the loop's next turn. */
export const registrarLocalPollOptions: LocalActivityOptions = {
  ...registrarLocalReadOptions,
  retry: registrarPollOptions.retry,
};

/** The registrar's definite "no" (a non-retryable failure), as type and message; else undefined. */
export function rejectedBy(err: unknown): { type: string; message: string } | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    return { type: err.cause.type ?? 'Error', message: err.cause.message };
  }
  return undefined;
}

/**
 * The phase and status log every workflow keeps for people: each move is logged, mirrored in the
 * LifecycleState search attribute (`<prefix>-<phase>`) and in the Web UI's current details.
 */
export class PhaseTracker<P extends string> {
  readonly log: StatusLogEntry[] = [];

  constructor(
    private readonly target: { phase: P; log: StatusLogEntry[] },
    private readonly prefix: string,
    private readonly subject: string,
  ) {
    this.log = target.log;
  }

  start(why: string): void {
    this.log.push({ at: new Date().toISOString(), from: '', to: this.target.phase, why });
  }

  moveTo(phase: P, why: string): void {
    this.log.push({ at: new Date().toISOString(), from: this.target.phase, to: phase, why });
    this.target.phase = phase;
    upsertSearchAttributes([{ key: LifecycleState, value: `${this.prefix}-${phase}` }]);
    setCurrentDetails(`**${this.subject}**: ${phase} — ${why}`);
  }

  /** a note without a change of phase */
  note(why: string): void {
    this.log.push({ at: new Date().toISOString(), from: this.target.phase, to: this.target.phase, why });
  }
}

/**
 * Entities that live forever (customerAccount, domain) start afresh before their history grows
 * large: when the server suggests it or after `afterEvents` events (tests use a small number).
 */
export function shouldContinueAsNew(afterEvents: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= afterEvents;
}

/**
 * Continues as new once every running handler has finished (an Update accepted but not yet
 * answered would be lost). `args` is read after that wait, so it carries what those handlers did.
 */
export async function continueAsNewWhenIdle<F extends Workflow>(args: () => Parameters<F>): Promise<never> {
  await condition(allHandlersFinished);
  return continueAsNew<F>(...args());
}

/** The deterministic ID is what makes a second start a no-op; a free-form ID would allow two runs. */
export function requireWorkflowId(expected: string): void {
  const actual = workflowInfo().workflowId;
  if (actual !== expected) {
    throw ApplicationFailure.nonRetryable(`workflow ID must be ${expected} (got ${actual})`, 'InvalidInput');
  }
}
