import { ApplicationFailure } from '@temporalio/common';
import { RegistrarError } from '../registrars/errors';
import { countRegistrarCall } from '../workers/metrics';

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

/** Runs a registrar call; counts it (domainflow_registrar_calls_total) and maps its failure. */
export async function withRegistrarErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    countRegistrarCall('ok');
    return result;
  } catch (err) {
    if (err instanceof RegistrarError) countRegistrarCall(err.kind, err.details.registrar);
    else countRegistrarCall('error');
    throw toApplicationFailure(err);
  }
}
