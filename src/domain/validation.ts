import './zod-messages';
import type { z } from 'zod';
import { describeUnknownKey, findUnknownKeys } from './unknown-keys';

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

export interface InputProblems {
  /** one line per problem, `field: rule`, joined with '; ' */
  message: string;
  fields: string[];
}

/**
 * Parses strictly: the schema's rules, and no key the schema does not know (each unknown key is
 * named, with the closest known key when one is near). The value is the schema's output.
 */
export function checkStrict<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root = 'input',
): { ok: true; value: z.output<S> } | { ok: false; problems: InputProblems } {
  const unknown = findUnknownKeys(schema, value).map((u) => describeUnknownKey(u, root));
  const result = schema.safeParse(value);
  if (result.success && unknown.length === 0) return { ok: true, value: result.data };
  const issues = result.success ? [] : result.error.issues;
  return {
    ok: false,
    problems: {
      message: [
        ...unknown.map((u) => u.message),
        ...(result.success ? [] : [describeZodError(result.error, root)]),
      ].join('; '),
      fields: [...unknown.map((u) => u.field), ...issues.map((i) => i.path.map(String).join('.') || root)],
    },
  };
}

/** Parses strictly (checkStrict) and throws a ValidationError whose message names each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.output<S> {
  const checked = checkStrict(schema, value, root);
  if (checked.ok) return checked.value;
  throw new ValidationError(checked.problems.message, checked.problems.fields);
}
