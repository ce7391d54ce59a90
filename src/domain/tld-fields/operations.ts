import type { PolicyProblem } from '../tld-policy';
import { describeRequirement, isRequired, tldFieldSet } from './index';
import { ADD_DOMAIN, type RegistrantFacts, type TldField } from './types';

/**
 * Fields of the registration table (./europe.ts, ./world.ts) a registry also wants on another
 * operation: a transfer-in, or a change of registrant (trade or owner update). Listed only where a
 * source says the operation carries them; the field's values and who must give it are its
 * registration row's. Pure.
 */
export type FieldOperation = 'transfer' | 'registrantChange';

export interface OperationFields {
  keys: readonly string[];
  source: string;
}

const TRANSFER_DOMAIN = 'shared/specs/ispapi-api/DOMAIN/TRANSFERDOMAIN.md';
const TRADE_DOMAIN = 'shared/specs/ispapi-api/DOMAIN/TRADEDOMAIN.md';
const MODIFY_DOMAIN = 'shared/specs/ispapi-api/DOMAIN/MODIFYDOMAIN.md';

export const OPERATION_FIELDS: Readonly<Record<FieldOperation, Readonly<Record<string, OperationFields>>>> = {
  transfer: {
    ca: {
      keys: ['legalType', 'language'],
      source: `${TRANSFER_DOMAIN} X-CA-LEGALTYPE, X-CA-LANGUAGE; shared/specs/ispapi.md 2.4 (the WHMCS module sends the .ca additional fields with TransferDomain); Openprovider domainTransferAdditionalData legal_type "Applicable to: .ca"`,
    },
  },
  registrantChange: {
    // usTLD nexus binds every registrant, so a new one states its own (the registration row's rule).
    us: {
      keys: ['nexusCategory', 'appPurpose', 'nexusValidator'],
      source: `${TRADE_DOMAIN} and ${MODIFY_DOMAIN} X-US-NEXUS-CATEGORY, X-US-NEXUS-APPPURPOSE, X-US-NEXUS-VALIDATOR; ${ADD_DOMAIN} (usTLD nexus requirement)`,
    },
    // EURid eligibility binds the new registrant: a person outside the EU/EEA needs the citizenship.
    eu: {
      keys: ['citizenship'],
      source: `${MODIFY_DOMAIN} X-EU-REGISTRANT-CITIZENSHIP ("Only relevant for natural persons with an European citizenship residing outside of the EU")`,
    },
  },
};

/** The registration fields of this domain that the operation carries ([] for most TLDs). */
export function operationFields(operation: FieldOperation, asciiDomain: string): readonly TldField[] {
  const set = tldFieldSet(asciiDomain);
  const listed =
    set && Object.hasOwn(OPERATION_FIELDS[operation], set.suffix)
      ? OPERATION_FIELDS[operation][set.suffix]!
      : undefined;
  if (!set || !listed) return [];
  return set.fields.filter((f) => listed.keys.includes(f.key));
}

/**
 * Problems of an operation's extras for the fields it carries, each naming extras.<key>: missing
 * where the registrant must give it, a value outside the list. Keys outside these fields are the
 * caller's to judge (registrant changes have their own trade extras).
 */
export function checkOperationFields(
  operation: FieldOperation,
  asciiDomain: string,
  extras: Readonly<Record<string, string>>,
  facts: RegistrantFacts,
): PolicyProblem[] {
  const what = operation === 'transfer' ? 'a transfer' : 'a change of registrant';
  const problems: PolicyProblem[] = [];
  for (const field of operationFields(operation, asciiDomain)) {
    const value = Object.hasOwn(extras, field.key) ? extras[field.key] : undefined;
    if (value === undefined || value === '') {
      if (isRequired(field.required, facts))
        problems.push({
          path: ['extras', field.key],
          message: `is required for ${what} of this TLD from ${describeRequirement(field.required!)} (${field.description})`,
        });
    } else if (field.values && !field.values.includes(value)) {
      problems.push({ path: ['extras', field.key], message: `must be one of ${field.values.join(', ')}` });
    }
  }
  return problems;
}

/**
 * Problems of a transfer's extras, each naming extras.<key>: a field the transfer of this TLD must
 * carry, missing (the registrant is not part of a transfer request, so only fields every registrant
 * must give count); a value outside the list; a key a transfer of this TLD does not carry.
 */
export function checkTransferFields(asciiDomain: string, extras: Readonly<Record<string, string>>): PolicyProblem[] {
  const fields = operationFields('transfer', asciiDomain);
  const problems: PolicyProblem[] = [];
  for (const field of fields) {
    const value = Object.hasOwn(extras, field.key) ? extras[field.key] : undefined;
    const everyone =
      field.required && !field.required.types && !field.required.inCountries && !field.required.outsideCountries;
    if (value === undefined || value === '') {
      if (everyone)
        problems.push({
          path: ['extras', field.key],
          message: `is required for a transfer of this TLD (${field.description})`,
        });
    } else if (field.values && !field.values.includes(value)) {
      problems.push({ path: ['extras', field.key], message: `must be one of ${field.values.join(', ')}` });
    }
  }
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(extras)) {
    if (!known.has(key)) problems.push({ path: ['extras', key], message: 'is not used by a transfer of this TLD' });
  }
  return problems;
}
