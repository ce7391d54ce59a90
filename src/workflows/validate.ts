import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { describeZodError } from '../domain/validation';

/**
 * Workflow inputs are validated again inside the workflow: other languages start workflows with
 * plain JSON. A bad input fails the workflow at once (not the task, which would retry forever).
 */
export function parseWorkflowInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw ApplicationFailure.nonRetryable(`invalid input: ${describeZodError(result.error)}`, 'InvalidInput');
  }
  return result.data;
}
