/**
 * The per-TLD extra fields as data (issue 17): which neutral keys a TLD's registration takes, the
 * values each allows, who must give it, and where the rule comes from. Pure: no I/O, no registrar
 * names (each registrar maps the keys in src/registrars/<name>/tld-extras.ts).
 */

export type RegistrantType = 'person' | 'organisation';

/** What the rules look at: the registrant's kind (organisation set or not) and country. */
export interface RegistrantFacts {
  type: RegistrantType;
  /** ISO 3166-1 alpha-2, upper case */
  countryCode: string;
}

/** Who must give a field; absent on a field = optional. All given conditions must hold. */
export interface Requirement {
  /** registrant kinds it is required for (absent = both) */
  types?: readonly RegistrantType[];
  /** required only when the registrant lives in one of these countries */
  inCountries?: readonly string[];
  /** required only when the registrant lives outside these countries */
  outsideCountries?: readonly string[];
}

export interface TldField {
  /** the neutral key in a workflow input's `extras`, e.g. nexusCategory */
  key: string;
  description: string;
  /** allowed values; absent = free text */
  values?: readonly string[];
  required?: Requirement;
  /** filled in from the registrant when not given (the seed module's auto-prefill), by registrant kind */
  prefill?: Partial<Record<RegistrantType, string>>;
  /** filled in from a contact's profile when not given (the seed's auto-prefill of VAT ID, DK Hostmaster ID, .ca language) */
  profilePrefill?: ProfilePrefill;
  /** where the rule comes from: a reference page (and parameter) or a seed manual */
  source: string;
}

/** The customer-profile facts of a contact a field can be pre-filled from (src/domain/contact.ts). */
export type ProfileKey = 'vatId' | 'hostmasterId' | 'language';

export interface ProfilePrefill {
  /** whose profile: the owner's, or the admin contact's (the owner when none is given) */
  contact: 'owner' | 'admin';
  from: ProfileKey;
  /** profile value -> field value; absent = the value as it is. A value the map lacks fills nothing. */
  map?: Readonly<Record<string, string>>;
}

export interface TldFieldSet {
  /** the TLD or registry suffix without a leading dot: us, co.uk, com.au */
  suffix: string;
  fields: readonly TldField[];
  /** why the set is what it is when it is empty or a rule is not machine-checkable */
  note?: string;
}

/** The ISPAPI AddDomain reference page, the source of most parameter lists and values. */
export const ADD_DOMAIN = 'shared/specs/ispapi-api/DOMAIN/ADDDOMAIN.md';
/** The WHMCS ISPAPI registrar module manual (additional domain fields, auto-prefill). */
export const WHMCS_SEED = 'shared/seeds/000 (WHMCS ISPAPI registrar module)';

/** EU and EEA member states (.eu eligibility): ISO codes, upper case. */
export const EU_EEA_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI',
  'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const; // prettier-ignore
