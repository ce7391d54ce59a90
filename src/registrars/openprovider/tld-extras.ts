import type { TldExtraFields } from '../../domain/tld-policy';

/**
 * The registration fields Openprovider keeps on the owner's customer handle, in its
 * extension_additional_data entry of the TLD (reseller-customer.swagger.json customerExtensionData:
 * nexus_category and applicant_purpose "Applicable to: .us", country_of_citizenship "Applicable to:
 * .eu"). The adapter writes them to the owner handle before POST /domains (./registration.ts).
 */
export const OPENPROVIDER_CUSTOMER_FIELDS: TldExtraFields = {
  us: { nexusCategory: 'nexus_category', appPurpose: 'applicant_purpose' },
  eu: { citizenship: 'country_of_citizenship' },
  // domainAdditionalData declares no .it field; the additional-data lists put the registrant's on the handle.
  it: { pin: 'reg_code', entityType: 'entity_type', consentForPublishing: 'consent_for_publishing' },
};

/**
 * Openprovider's name for each neutral TLD extra, by TLD. Pure: no I/O. A registration sends the
 * ones OPENPROVIDER_CUSTOMER_FIELDS names on the owner handle, the rest as additional_data. The .it
 * names: the API lists them (GET /domains/additional-data[/customers]); the OpenAPI files name
 * none. The adapter checks each against that list before a trade (./extension-data.ts).
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
  // Registration fields that domainAdditionalData (domain.swagger.json) declares.
  dk: { vatId: 'vat' },
  pt: { vatId: 'vat' },
  uk: { companyNumber: 'company_registration_number' },
  sg: { rcbId: 'company_registration_number' },
  // On the owner handle (OPENPROVIDER_CUSTOMER_FIELDS): named here too, so every field has its name.
  us: OPENPROVIDER_CUSTOMER_FIELDS.us!,
  eu: OPENPROVIDER_CUSTOMER_FIELDS.eu!,
};

/**
 * A neutral value as Openprovider writes it: customerExtensionData's example has
 * country_of_citizenship "NL"; the table's .eu values are lower case.
 */
export function openproviderValue(name: string, value: string): string {
  return name === 'country_of_citizenship' ? value.toUpperCase() : value;
}
