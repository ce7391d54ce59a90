import './zod-messages';
import type { z } from 'zod';

/**
 * One line per problem, each naming the field and the rule, so a person or a script knows what to
 * fix without reading a stack trace.
 */
export function describeZodError(error: z.ZodError, root = 'input'): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : root;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly fields: string[],
  ) {
    super(message);
  }
}

/** Parses with a schema and throws a ValidationError whose message names each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    describeZodError(result.error, root),
    result.error.issues.map((i) => i.path.map(String).join('.') || root),
  );
}
