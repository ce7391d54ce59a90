/**
 * Name suggestions for a keyword (ISPAPI QueryDomainSuggestionList, Openprovider
 * /domains/suggest-name). Availability of many names is Registrar.checkAvailability (batched).
 */
import type { Money } from './registrar';

export interface Suggestion {
  /** ASCII (A-label), lower case */
  domain: string;
  /** a premium price the registrar quotes with the suggestion */
  price?: Money;
}

export interface SuggestionRegistrar {
  suggestNames(keyword: string, options: { tlds?: string[]; limit: number }): Promise<Suggestion[]>;
}

export function isSuggestionRegistrar(registrar: unknown): registrar is SuggestionRegistrar {
  return typeof (registrar as Partial<SuggestionRegistrar> | undefined)?.suggestNames === 'function';
}
