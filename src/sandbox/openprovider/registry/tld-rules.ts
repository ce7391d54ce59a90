import { ERR } from './errors';

/**
 * The per-TLD rules a registration (POST /domains) must meet, as the Openprovider sandbox plays the
 * registries. Where the data goes is Openprovider's: domain-level additional_data (domainAdditionalData:
 * .ca legal_type; .dk vat, declared there, as this sandbox models it: the OpenAPI files tie only the
 * handle's user_type to .dk) or the owner handle's extension_additional_data entry of the TLD (customerExtensionData:
 * .us nexus_category and applicant_purpose, .eu country_of_citizenship; the .it registrant data as
 * GET /domains/additional-data/customers lists it here).
 * The OpenAPI files document no error code for missing additional data: every refusal is the code
 * the sandbox already used for .ca, 399 with `data` naming the field (docs/sandbox.md). Kept apart
 * from the engine's field table (src/domain/tld-fields/) on purpose: the sandbox stands for the
 * registry, so a gap in that table shows as a refusal here.
 */

/** usTLD nexus categories and application purposes (the values customerExtensionData's example uses, C31/P3) */
export const US_NEXUS_CATEGORIES = ['C11', 'C12', 'C21', 'C31', 'C32'] as const;
export const US_APPLICANT_PURPOSES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
/** EU and EEA countries: EURid accepts their residents, and persons elsewhere with their citizenship. */
export const EU_EEA = 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK'.split(
  ' ',
);

/** The owner handle as POST /customers stored it (the route's body). */
type CustomerData = Record<string, unknown>;

interface Owner {
  handle: string;
  organisation: boolean;
  country: string;
  /** the handle's extension_additional_data entry of the TLD */
  extension: Record<string, unknown>;
}

type Rule = (data: Record<string, unknown>, owner: Owner, extension: string) => void;

const given = (v: unknown): boolean => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number';

/** additional_data.<field> must be there */
const domainField =
  (field: string, when: (owner: Owner) => boolean = () => true): Rule =>
  (data, owner, extension) => {
    if (when(owner) && !given(data[field])) throw ERR.additionalDataMissing(field, extension);
  };

/** the owner handle's extension_additional_data[<tld>].<field> must be there */
const customerField =
  (field: string, when: (owner: Owner) => boolean = () => true): Rule =>
  (_data, owner, extension) => {
    if (when(owner) && !given(owner.extension[field]))
      throw ERR.badRequest(
        `owner_handle ${owner.handle}: extension_additional_data[${extension}].${field} is required for .${extension}`,
      );
  };

const RULES: Readonly<Record<string, readonly Rule[]>> = {
  ca: [domainField('legal_type')],
  // usTLD nexus policy: every registrant states a nexus category and an application purpose.
  us: [customerField('nexus_category'), customerField('applicant_purpose')],
  // DK Hostmaster identifies an organisation by its VAT (CVR) number.
  dk: [domainField('vat', (owner) => owner.organisation)],
  // Registro.it: the entity type always, the tax code of Italians, on the owner handle as the
  // sandbox's GET /domains/additional-data/customers lists them (domainAdditionalData has no .it field).
  it: [customerField('entity_type'), customerField('reg_code', (owner) => owner.country === 'IT')],
  // EURid: a person living outside the EU/EEA is eligible by citizenship only.
  eu: [customerField('country_of_citizenship', (owner) => !owner.organisation && !EU_EEA.includes(owner.country))],
};

/**
 * What an owner swap by PUT /domains/{id} must meet too: the registrant's own data on the new owner
 * handle (.us nexus, .eu citizenship). Domain-level data stays the domain's; .it owners change by trade.
 */
const OWNER_SWAP_RULES: Readonly<Record<string, readonly Rule[]>> = { us: RULES.us!, eu: RULES.eu! };

/** Refuses a registration lacking what its registry requires (399 naming the field). */
export function checkRegistrationRules(
  extension: string,
  additionalData: Record<string, unknown>,
  ownerHandle: string,
  owner: CustomerData | undefined,
): void {
  runRules(RULES, extension, additionalData, ownerHandle, owner);
}

/** Refuses an owner swap to a handle lacking the registrant data its TLD requires (399 naming the field). */
export function checkOwnerSwapRules(extension: string, ownerHandle: string, owner: CustomerData | undefined): void {
  runRules(OWNER_SWAP_RULES, extension, {}, ownerHandle, owner);
}

function runRules(
  table: Readonly<Record<string, readonly Rule[]>>,
  extension: string,
  additionalData: Record<string, unknown>,
  ownerHandle: string,
  owner: CustomerData | undefined,
): void {
  const ext = extension.toLowerCase();
  const rules = Object.hasOwn(table, ext) ? table[ext]! : [];
  if (rules.length === 0) return;
  const address = (owner?.address ?? {}) as { country?: unknown };
  const facts: Owner = {
    handle: ownerHandle,
    organisation: given(owner?.company_name),
    country: String(address.country ?? '').toUpperCase(),
    extension: extensionEntry(owner, ext),
  };
  for (const rule of rules) rule(additionalData, facts, ext);
}

function extensionEntry(owner: CustomerData | undefined, extension: string): Record<string, unknown> {
  const entries = owner?.extension_additional_data;
  if (!Array.isArray(entries)) return {};
  const entry = (entries as Array<{ name?: unknown; data?: unknown }>).find(
    (e) => !!e && String(e.name).replace(/^\./, '').toLowerCase() === extension,
  );
  const data = entry?.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/**
 * A transfer's additional_data: what GET /domains/additional-data?operation=transfer lists as
 * required (../additional-data.ts: .ca legal_type; domainTransferAdditionalData "Applicable to:
 * .ca"), 399 naming the field as for registrations.
 */
export function checkTransferRules(extension: string, additionalData: Record<string, unknown>): void {
  if (extension.toLowerCase() === 'ca' && !given(additionalData.legal_type))
    throw ERR.additionalDataMissing('legal_type', 'ca');
}
