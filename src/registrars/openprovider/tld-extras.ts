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
  se: { idNumber: 'company_registration_number' },
};
