import { z } from 'zod';

/**
 * Plain-language messages for the rules zod checks by itself, so every edge (command line, client
 * helpers, workflow input) says "field: is required" instead of a type-system sentence.
 */
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return 'is required';
      return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    }
    if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
    return undefined;
  },
});
