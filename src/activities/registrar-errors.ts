import { ApplicationFailure } from '@temporalio/common';
import { RegistrarError } from '../registrars/errors';

/**
 * Turns a registrar failure into Temporal's terms: temporary ones are retried with backoff, the
 * others fail the activity at once with the registrar's code and text as details.
 */
export function toApplicationFailure(err: unknown): unknown {
  if (!(err instanceof RegistrarError)) return err;
  return ApplicationFailure.create({
    message: err.message,
    type: err.name,
    nonRetryable: !err.retryable,
    details: [{ kind: err.kind, ...err.details }],
    cause: err,
  });
}

export async function withRegistrarErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApplicationFailure(err);
  }
}
