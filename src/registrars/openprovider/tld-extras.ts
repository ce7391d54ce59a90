import type { TldExtraFields } from '../../domain/tld-policy';

/**
 * Openprovider's additional_data name for each neutral TLD extra, by TLD. Pure: no I/O.
 * The .it names: the API lists them (GET /domains/additional-data[/customers]); the OpenAPI files
 * name none. The adapter checks each against that list before a trade (./extension-data.ts).
 */
export const OPENPROVIDER_EXTRA_FIELDS: TldExtraFields = {
  ca: { legalType: 'legal_type' },
  it: {
    pin: 'reg_code',
    entityType: 'entity_type',
    consentForPublishing: 'consent_for_publishing',
    acceptSection3: 'accept_section_3',
    acceptSection5: 'accept_section_5',
    acceptSection6: 'accept_section_6',
    acceptSection7: 'accept_section_7',
  },
  se: { idNumber: 'company_registration_number', vatId: 'vat' },
  nu: { idNumber: 'company_registration_number', vatId: 'vat' },
  // Registration fields that domainAdditionalData (domain.swagger.json) declares. Fields the API
  // keeps on the owner's customer handle instead (.us nexus_category / applicant_purpose, .eu
  // country_of_citizenship: customerExtensionData) are not mapped yet: such an order is refused
  // by the adapter naming the extra, never sent without it.
  dk: { vatId: 'vat' },
  pt: { vatId: 'vat' },
  uk: { companyNumber: 'company_registration_number' },
  sg: { rcbId: 'company_registration_number' },
};
