import { z } from 'zod';
import { domainNameSchema } from '../domain/domain-name';
import { parseOrThrow } from '../domain/validation';
import type { Availability, Registrar } from '../registrars/registrar';
import { isSuggestionRegistrar, type Suggestion } from '../registrars/suggestions';
import { RegistrarUnsupportedError } from '../registrars/errors';

/**
 * Availability and suggestions outside any registration: plain calls through a registrar adapter
 * (no workflow, nothing changes at the registrar). Errors are the adapters' RegistrarError classes.
 */

/** At most this many names per check (the adapters batch them: ISPAPI 25 per CheckDomains). */
export const MAX_CHECK_NAMES = 500;

const checkNamesSchema = z
  .array(domainNameSchema)
  .min(1, 'must name at least one domain')
  .max(MAX_CHECK_NAMES, `must name at most ${MAX_CHECK_NAMES} domains`);

const suggestSchema = z.object({
  keyword: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(63, 'must be at most 63 characters')
    .regex(/^[\p{L}\p{N} -]+$/u, 'must be letters, digits, spaces or dashes'),
  tlds: z.array(z.string().regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'must be a TLD such as com or co.uk')).optional(),
  limit: z.number().int().min(1, 'must be 1-100').max(100, 'must be 1-100').default(20),
});
export type SuggestRequest = z.input<typeof suggestSchema>;

/** Availability of many names in the registrar's batches, in the order given (repeats checked once). */
export async function checkDomains(registrar: Registrar, names: string[]): Promise<Availability[]> {
  const ascii = [...new Set(parseOrThrow(z.object({ domains: checkNamesSchema }), { domains: names }).domains)];
  return registrar.checkAvailability(ascii);
}

export async function suggestDomains(registrar: Registrar, request: SuggestRequest): Promise<Suggestion[]> {
  const params = parseOrThrow(suggestSchema, request);
  if (!isSuggestionRegistrar(registrar)) throw new RegistrarUnsupportedError(registrar.name, 'name suggestions');
  return registrar.suggestNames(params.keyword, {
    limit: params.limit,
    ...(params.tlds ? { tlds: params.tlds.map((t) => t.replace(/^\./, '').toLowerCase()) } : {}),
  });
}
