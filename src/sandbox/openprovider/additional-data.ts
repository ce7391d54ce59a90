import { ERR } from './registry';
import { EU_EEA, US_APPLICANT_PURPOSES, US_NEXUS_CATEGORIES } from './registry/tld-rules';

/**
 * What the Openprovider sandbox knows of additional data (domain.swagger.json, reseller-customer
 * .swagger.json): the field names the request schemas declare, and the per-extension field lists
 * the API serves at GET /domains/additional-data (domain-level, per operation) and GET
 * /domains/additional-data/customers (customer-level: a customer handle's
 * extension_additional_data). The OpenAPI files list no .it field at all; the API offers these two
 * routes to look them up, so the .it names below are this sandbox's model of that answer, not the
 * spec's (docs/sandbox.md). test/activity/openprovider-trade.test.ts holds the declared lists to
 * the OpenAPI files.
 */

/** swagger domainUpdateDomainRequest: PUT /domains/{id} refuses any other top-level field. */
export const UPDATE_DOMAIN_FIELDS = [
  'accept_update_fee', 'additional_data', 'admin_handle', 'auth_code', 'autorenew', 'billing_handle', 'comments',
  'dnssec_keys', 'domain', 'force_registry_update', 'id', 'is_dnssec_enabled', 'is_locked',
  'is_private_whois_enabled', 'is_sectigo_dns_enabled', 'is_spamexperts_enabled', 'name_servers', 'ns_group',
  'ns_template_id', 'ns_template_name', 'owner_handle', 'remove_nses', 'reseller_handle', 'reset_auth_code',
  'scheduled_at', 'tech_handle', 'use_domicile',
] as const; // prettier-ignore

/** swagger domainUpdateAdditionalData: no legal_type (a .ca legal type is not changed by an update). */
export const UPDATE_ADDITIONAL_DATA_FIELDS = [
  'abogado_acceptance', 'admin_sing_pass_id', 'auth_code', 'company_registration_number', 'customer_uin',
  'customer_uin_doc_type', 'domain_name_variants', 'intended_use', 'law_acceptance', 'maintainer', 'membership_id',
  'mobile_phone_number_verification', 'ngo_ong_eligibility_acceptance', 'ngo_ong_policy_acceptance',
  'passport_number', 'vat', 'verification_code',
] as const; // prettier-ignore

/** swagger domainAdditionalData (the trade's additional_data). */
export const DOMAIN_ADDITIONAL_DATA_FIELDS = [
  'abogado_acceptance', 'admin_sing_pass_id', 'ae_acceptance', 'allocation_token', 'auth_code', 'bank_acceptance',
  'company_registration_number', 'coop_acceptance', 'customer_uin', 'customer_uin_doc_type', 'domain_name_variants',
  'eligibility_type', 'eligibility_type_relationship', 'es_annex_acceptance', 'ftld_token',
  'gay_donation_acceptance', 'gay_rights_protection_acceptance', 'id_number', 'id_type', 'idn_script',
  'insurance_acceptance', 'intended_use', 'law_acceptance', 'legal_type', 'maintainer', 'membership_id',
  'mobile_phone_number_verification', 'ngo_ong_eligibility_acceptance', 'ngo_ong_policy_acceptance',
  'passport_number', 'rurf_blocked_domains', 'self_service', 'trademark', 'trademark_id', 'travel_acceptance', 'vat',
  'verification_code', 'vote_acceptance', 'voto_acceptance',
] as const; // prettier-ignore

/** swagger customerExtensionData: the fields of a handle's extension_additional_data[].data. */
export const CUSTOMER_EXTENSION_DATA_FIELDS = [
  'admin_type', 'applicant_purpose', 'birth_date', 'company_name_cyrillic', 'company_name_latin',
  'company_registration_number', 'contact_title', 'country_of_citizenship', 'customer_uin', 'ens_auth_id', 'ens_key',
  'first_name_cyrillic', 'first_name_latin', 'hr_member', 'industry_class', 'is_private_enterpreneur',
  'last_name_cyrillic', 'last_name_latin', 'legal_address_cyrillic', 'legal_type', 'middle_name_cyrillic',
  'middle_name_latin', 'mobile_phone_number', 'nexus_category', 'org_type', 'passport_issue_date', 'passport_issuer',
  'passport_number', 'passport_series', 'postal_address_cyrillic', 'social_security_number', 'tax_payer_number', 'uin',
  'user_type', 'vat', 'website', 'whois_email',
] as const; // prettier-ignore

/** swagger additional_dataSpecification */
export interface AdditionalDataSpec {
  name: string;
  description: string;
  required: boolean;
  type: 'text' | 'select';
  options?: Array<{ value: string; description: string }>;
}

const CA_LEGAL_TYPES = ['CCO', 'CCT', 'RES', 'GOV', 'EDU', 'ASS', 'HOP', 'PRT', 'TDM', 'TRD', 'PLT', 'LAM', 'TRS', 'ABO', 'INB', 'LGR', 'OMK', 'MAJ']; // prettier-ignore
const accepted = [{ value: '1', description: 'accepted' }];
const section = (n: number, what: string): AdditionalDataSpec => ({
  name: `accept_section_${n}`,
  description: `The registrant accepts section ${n} (${what}) of the .it registrar contract; set to 1`,
  required: true,
  type: 'select',
  options: accepted,
});

/** Domain-level fields by extension and operation (create, transfer, trade, update). */
function domainSpecs(extension: string, operation: string): AdditionalDataSpec[] {
  if (extension === 'ca' && (operation === 'create' || operation === 'transfer')) {
    return [
      {
        name: 'legal_type',
        description: 'The legal type',
        required: true,
        type: 'select',
        options: CA_LEGAL_TYPES.map((value) => ({ value, description: value })),
      },
      { name: 'trademark', description: 'The trademark', required: false, type: 'text' },
    ];
  }
  if (extension === 'it' && (operation === 'create' || operation === 'trade')) {
    return [
      section(3, 'liability'),
      section(5, 'personal data for registration'),
      section(6, 'personal data for diffusion'),
      section(7, 'explicit acceptance'),
    ];
  }
  return [];
}

/** Customer-level fields (extension_additional_data of the owner handle) by extension. */
function customerSpecs(extension: string): AdditionalDataSpec[] {
  if (extension === 'it') {
    return [
      {
        name: 'entity_type',
        description: 'Registry entity type of the registrant (1 = natural person, 2-7 organisations)',
        required: true,
        type: 'select',
        options: ['1', '2', '3', '4', '5', '6', '7'].map((value) => ({ value, description: `entity type ${value}` })),
      },
      {
        name: 'reg_code',
        description: 'Tax code (codice fiscale) of a natural person, or the VAT number of an organisation',
        required: true,
        type: 'text',
      },
      {
        name: 'consent_for_publishing',
        description: 'The registrant lets the registry publish personal data (0 or 1)',
        required: false,
        type: 'select',
        options: [
          { value: '0', description: 'no' },
          { value: '1', description: 'yes' },
        ],
      },
    ];
  }
  if (extension === 'us') {
    // customerExtensionData: nexus_category, applicant_purpose "Applicable to: .us" (registry/tld-rules.ts)
    const select = (name: string, description: string, values: readonly string[]): AdditionalDataSpec => ({
      name,
      description,
      required: true,
      type: 'select',
      options: values.map((value) => ({ value, description: value })),
    });
    return [
      select('nexus_category', 'The nexus Category', US_NEXUS_CATEGORIES),
      select('applicant_purpose', 'The applicant Purpose', US_APPLICANT_PURPOSES),
    ];
  }
  if (extension === 'eu') {
    return [
      {
        name: 'country_of_citizenship',
        description:
          'Country of citizenship (only applicable for natural persons if country of residence is not within the eligible countries)',
        required: false,
        type: 'select',
        options: EU_EEA.map((value) => ({ value, description: value })),
      },
    ];
  }
  if (extension === 'se') {
    // customerExtensionData: both "Applicable to: .es, .se", each required in one case only.
    return [
      {
        name: 'company_registration_number',
        description: 'The company registration number. Required in case if domain requester is a legal entity',
        required: false,
        type: 'text',
      },
      {
        name: 'social_security_number',
        description:
          'The social security number. Required in case if domain requester is a private individual and passport number is empty',
        required: false,
        type: 'text',
      },
    ];
  }
  return [];
}

/** GET /domains/additional-data?domain.extension=&operation= (default operation: create). */
export function domainAdditionalData(query: URLSearchParams): AdditionalDataSpec[] {
  return domainSpecs(extensionOf(query), (query.get('operation') ?? 'create').toLowerCase());
}

/** GET /domains/additional-data/customers?domain.extension= */
export function customerAdditionalData(query: URLSearchParams): AdditionalDataSpec[] {
  return customerSpecs(extensionOf(query));
}

function extensionOf(query: URLSearchParams): string {
  const extension = (query.get('domain.extension') ?? '').replace(/^\./, '').toLowerCase();
  if (extension === '') throw ERR.badRequest('query.domain.extension: is required');
  return extension;
}

/** The body fields a PUT /domains/{id} may carry: anything else is refused, naming the field. */
export function checkUpdateFields(body: unknown): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(UPDATE_DOMAIN_FIELDS as readonly string[]).includes(key))
      throw ERR.badRequest(`body.${key}: not declared by UpdateDomainRequest`);
  }
  const extra = record.additional_data;
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
    for (const key of Object.keys(extra)) {
      if (!(UPDATE_ADDITIONAL_DATA_FIELDS as readonly string[]).includes(key))
        throw ERR.badRequest(`body.additional_data.${key}: not declared by UpdateAdditionalData`);
    }
  }
}

/**
 * A trade's additional_data: the declared fields plus those the extension lists for 'trade'; the
 * listed required ones must be there with an allowed value.
 */
export function checkTradeAdditionalData(extension: string, data: Record<string, unknown>): void {
  const specs = domainSpecs(extension, 'trade');
  checkAgainstSpecs(specs, data, 'body.additional_data', DOMAIN_ADDITIONAL_DATA_FIELDS, `.${extension}`);
}

/** The new owner's extension_additional_data for the extension holds what the extension requires. */
export function checkOwnerExtensionData(extension: string, handle: string, customer: Record<string, unknown>): void {
  const specs = customerSpecs(extension);
  if (!specs.some((s) => s.required)) return;
  const data = extensionDataOf(customer, extension) ?? {};
  for (const spec of specs.filter((s) => s.required)) {
    if (typeof data[spec.name] !== 'string' || data[spec.name] === '')
      throw ERR.badRequest(
        `owner_handle ${handle}: extension_additional_data[${extension}].${spec.name} is required for .${extension}`,
      );
  }
}

/** Customer bodies: extension_additional_data entries hold only declared or listed fields, with listed values. */
export function checkCustomerExtensionData(entries: Array<{ name: string; data: Record<string, unknown> }>): void {
  entries.forEach((entry, i) => {
    const extension = entry.name.replace(/^\./, '').toLowerCase();
    const at = `body.extension_additional_data[${i}].data`;
    checkAgainstSpecs(customerSpecs(extension), entry.data, at, CUSTOMER_EXTENSION_DATA_FIELDS, undefined);
  });
}

function checkAgainstSpecs(
  specs: AdditionalDataSpec[],
  data: Record<string, unknown>,
  at: string,
  declared: readonly string[],
  requiredFor: string | undefined,
): void {
  for (const [key, value] of Object.entries(data)) {
    const spec = specs.find((s) => s.name === key);
    if (!spec && !declared.includes(key)) throw ERR.badRequest(`${at}.${key}: not a known additional data field`);
    if (spec?.options && !spec.options.some((o) => o.value === value))
      throw ERR.badRequest(`${at}.${key}: must be one of ${spec.options.map((o) => o.value).join(', ')}`);
  }
  if (requiredFor === undefined) return;
  for (const spec of specs.filter((s) => s.required)) {
    if (data[spec.name] === undefined || data[spec.name] === '')
      throw ERR.badRequest(`${at}.${spec.name}: is required for ${requiredFor}`);
  }
}

/** The data of a customer's extension_additional_data entry for one extension. */
export function extensionDataOf(
  customer: Record<string, unknown>,
  extension: string,
): Record<string, unknown> | undefined {
  const entries = customer.extension_additional_data;
  if (!Array.isArray(entries)) return undefined;
  const entry = entries.find(
    (e): e is { name: string; data: Record<string, unknown> } =>
      !!e && typeof e === 'object' && String((e as { name?: unknown }).name).toLowerCase() === extension,
  );
  return entry?.data;
}
