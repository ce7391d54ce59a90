import type { TldExtraFields } from '../../domain/tld-policy';

/**
 * HEXONET's X-... parameter for each neutral TLD extra (src/domain/tld-fields/ for registration,
 * src/domain/registrant-change.ts for trades), by TLD (last label: co.uk under uk, com.au under
 * au). The names are the AddDomain reference page's. Pure: no I/O.
 */
const UK = { ukRegistrantType: 'X-UK-REG-TYPE', companyNumber: 'X-UK-REG-CO-NO', whoisOptOut: 'X-UK-REG-OPT-OUT' };
const IIS = { idNumber: 'X-NICSE-IDNUMBER', vatId: 'X-NICSE-VATID' };

export const ISPAPI_EXTRA_FIELDS: TldExtraFields = {
  ca: { legalType: 'X-CA-LEGALTYPE', language: 'X-CA-LANGUAGE' },
  it: {
    pin: 'X-IT-PIN',
    entityType: 'X-IT-REGISTRANT-ENTITY-TYPE',
    nationality: 'X-IT-NATIONALITY',
    consentForPublishing: 'X-IT-CONSENTFORPUBLISHING',
    // HEXONET's reference names (TradeDomain, AddDomain); ModifyDomain takes only section 6.
    acceptSection3: 'X-IT-ACCEPT-LIABILITY-TAC',
    acceptSection5: 'X-IT-ACCEPT-REGISTRATION-TAC',
    acceptSection6: 'X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC',
    acceptSection7: 'X-IT-ACCEPT-EXPLICIT-TAC',
  },
  se: IIS,
  nu: IIS,
  us: {
    nexusCategory: 'X-US-NEXUS-CATEGORY',
    appPurpose: 'X-US-NEXUS-APPPURPOSE',
    nexusValidator: 'X-US-NEXUS-VALIDATOR',
  },
  uk: UK,
  dk: { vatId: 'X-DK-VATID', hostmasterId: 'X-DK-REGISTRANT-CONTACT', adminHostmasterId: 'X-DK-ADMIN-CONTACT' },
  eu: { citizenship: 'X-EU-REGISTRANT-CITIZENSHIP', language: 'X-EU-REGISTRANT-LANG' },
  fr: { legalForm: 'X-FR-REGISTRANT-LEGAL-FORM', sirenOrSiret: 'X-FR-SIREN-OR-SIRET' },
  es: {
    idType: 'X-ES-REGISTRANT-TIPO-IDENTIFICACION',
    idNumber: 'X-ES-REGISTRANT-IDENTIFICACION',
    legalForm: 'X-ES-REGISTRANT-FORM-JURIDICA',
  },
  nl: { legalForm: 'X-NL-REGISTRANT-LEGAL-FORM', legalFormRegNo: 'X-NL-REGISTRANT-LEGAL-FORM-REG-NO' },
  fi: { idNumber: 'X-FI-IDNUMBER' },
  pt: { vatId: 'X-PT-REGISTRANT-VATID' },
  ro: { personType: 'X-RO-PERSONTYPE' },
  au: { idType: 'X-AU-REGISTRANT-ID-TYPE', idNumber: 'X-AU-REGISTRANT-ID-NUMBER' },
  asia: {
    legalEntityType: 'X-ASIA-CED-LEGALENTITYTYPE',
    identForm: 'X-ASIA-CED-IDENTFORM',
    identNumber: 'X-ASIA-CED-IDENTNUMBER',
    cedLocality: 'X-ASIA-CED-CCLOCALITY',
  },
  travel: { travelIndustry: 'X-TRAVEL-INDUSTRY', uin: 'X-TRAVEL-UIN' },
  sg: { rcbId: 'X-SG-RCBID' },
  hk: { documentType: 'X-HK-REGISTRANT-DOCUMENT-TYPE', documentNumber: 'X-HK-REGISTRANT-DOCUMENT-NUMBER' },
  cn: { idType: 'X-CN-REGISTRANT-ID-TYPE', idNumber: 'X-CN-REGISTRANT-ID-NUMBER' },
};
