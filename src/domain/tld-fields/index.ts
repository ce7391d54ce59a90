import { tldPolicy, type PolicyProblem } from '../tld-policy';
import { EUROPE } from './europe';
import type { RegistrantFacts, Requirement, TldField, TldFieldSet } from './types';
import { WORLD } from './world';
import { prefillFields, type ContactProfile } from './prefill';

export * from './types';
export { prefillFields, prefillValue, type ContactProfile, type PrefillSource } from './prefill';

/** Every TLD with known extra fields (or known to need none), by suffix. */
export const TLD_FIELD_SETS: readonly TldFieldSet[] = [...EUROPE, ...WORLD];

const BY_SUFFIX = new Map(TLD_FIELD_SETS.map((set) => [set.suffix, set]));

/** The field set of a domain: its longest known suffix (example.co.uk -> co.uk), else undefined. */
export function tldFieldSet(asciiDomain: string): TldFieldSet | undefined {
  const labels = asciiDomain.toLowerCase().split('.');
  for (let i = 1; i < labels.length; i++) {
    const set = BY_SUFFIX.get(labels.slice(i).join('.'));
    if (set) return set;
  }
  return undefined;
}

/** The extra fields of a domain's TLD ([] when it takes none or is not in the table). */
export function tldFields(asciiDomain: string): readonly TldField[] {
  return tldFieldSet(asciiDomain)?.fields ?? [];
}

/** The registrant facts the rules look at: an organisation name makes an organisation. */
export function registrantFacts(owner: { organisation?: string; countryCode: string }): RegistrantFacts {
  return { type: owner.organisation?.trim() ? 'organisation' : 'person', countryCode: owner.countryCode };
}

export function isRequired(requirement: Requirement | undefined, facts: RegistrantFacts): boolean {
  if (!requirement) return false;
  if (requirement.types && !requirement.types.includes(facts.type)) return false;
  if (requirement.inCountries && !requirement.inCountries.includes(facts.countryCode)) return false;
  if (requirement.outsideCountries?.includes(facts.countryCode)) return false;
  return true;
}

/** Who a requirement binds, for people: "organisations in SG", "persons outside EU/EEA". */
export function describeRequirement(requirement: Requirement): string {
  const who = requirement.types?.map((t) => `${t}s`).join(' and ') ?? 'every registrant';
  if (requirement.inCountries) return `${who} in ${requirement.inCountries.join(', ')}`;
  if (requirement.outsideCountries) return `${who} outside ${requirement.outsideCountries.length} listed countries`;
  return who;
}

/**
 * The extras with the table's pre-fills added where a field is not given (the seed module's
 * auto-prefill, ./prefill.ts): .it entity type 1 for a natural person; with `profiles`, the VAT ID,
 * DK Hostmaster IDs and .ca language from the contacts. Given values always win.
 */
export function prefillExtras(
  asciiDomain: string,
  extras: Readonly<Record<string, string>>,
  facts: RegistrantFacts,
  profiles: { owner?: ContactProfile; admin?: ContactProfile } = {},
): Record<string, string> {
  return prefillFields(tldFields(asciiDomain), extras, {
    facts,
    owner: profiles.owner ?? {},
    ...(profiles.admin ? { admin: profiles.admin } : {}),
  });
}

/**
 * Problems of a request's extras under the field table, each naming its field: a required field
 * missing for this registrant, a value outside the allowed list, a key the TLD does not take.
 */
export function checkTldFields(
  asciiDomain: string,
  extras: Readonly<Record<string, string>>,
  facts: RegistrantFacts,
): PolicyProblem[] {
  const fields = tldFields(asciiDomain);
  const problems: PolicyProblem[] = [];
  for (const field of fields) {
    const value = Object.hasOwn(extras, field.key) ? extras[field.key] : undefined;
    if (value === undefined || value === '') {
      if (isRequired(field.required, facts)) {
        problems.push({
          path: ['extras', field.key],
          message: `is required for this TLD from ${describeRequirement(field.required!)} (${field.description})`,
        });
      }
    } else if (field.values && !field.values.includes(value)) {
      problems.push({ path: ['extras', field.key], message: `must be one of ${field.values.join(', ')}` });
    }
  }
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(extras)) {
    if (!known.has(key)) problems.push({ path: ['extras', key], message: 'is not used by this TLD' });
  }
  return problems;
}

/** The extra keys a registration of this domain may carry: the field table's and the old policy's (.ca). */
export function knownExtraKeys(asciiDomain: string): ReadonlySet<string> {
  return new Set([...tldFields(asciiDomain), ...tldPolicy(asciiDomain).extras].map((f) => f.key));
}
