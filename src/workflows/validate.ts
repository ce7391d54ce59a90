import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { z } from 'zod';
import { checkStrict, describeZodError } from '../domain/validation';

/**
 * Workflow inputs are validated again inside the workflow: other languages start workflows with
 * plain JSON. A bad input fails the workflow at once (not the task, which would retry forever).
 * Unknown keys are refused (naming the key) behind the patch 'strict-inputs': runs started before
 * it, with keys the schema stripped, replay as they ran. `strict`: the caller took a later patch
 * that includes this one (e.g. 'lean-transfer'), so the patch is not asked (a marker saved).
 */
export function parseWorkflowInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  how: { strict?: boolean } = {},
): z.output<S> {
  if (how.strict || patched('strict-inputs')) {
    const checked = checkStrict(schema, input);
    if (checked.ok) return checked.value;
    throw ApplicationFailure.nonRetryable(`invalid input: ${checked.problems.message}`, 'InvalidInput');
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    throw ApplicationFailure.nonRetryable(`invalid input: ${describeZodError(result.error)}`, 'InvalidInput');
  }
  return result.data;
}

/**
 * An Update's validator: rejects a malformed or unknown-keyed request before it is written to
 * history (an InvalidInput failure naming each field). Validators run only for new Updates, never
 * on replay, so strictness here needs no patch.
 */
export function requestValidator<S extends z.ZodType>(schema: S, alsoCheck?: (request: z.input<S>) => void) {
  return (arg: unknown): void => {
    const checked = checkStrict(schema, arg, 'request');
    if (!checked.ok) {
      throw ApplicationFailure.nonRetryable(`invalid request: ${checked.problems.message}`, 'InvalidInput');
    }
    // a rule that needs the workflow's state (the schema cannot know it), on the request as sent
    alsoCheck?.(arg as z.input<S>);
  };
}
