import { z } from 'zod';
import { memoizer, util } from 'zod/v4/core';

/**
 * Plain-language messages for the rules zod checks by itself, so every edge (command line, client
 * helpers, workflow input) says "field: is required" instead of a type-system sentence.
 *
 * Also every setting zod would otherwise fill in lazily at its first schema (English texts, the
 * memoizer, whether it may compile parsers): the workflow bundle preloads zod once per workflow
 * thread and the SDK then freezes it (src/workers/bundle-options.ts), so nothing may be left to
 * write later. Same values as zod's own defaults.
 */
z.config({
  ...z.locales.en(),
  memoizer: memoizer(),
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return 'is required';
      return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    }
    if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
    return undefined;
  },
});
// computed once now (it caches itself in a module object that is frozen afterwards)
void util.allowsEval.value;
