import { ADD_DOMAIN, WHMCS_SEED, type TldField, type TldFieldSet } from './types';

/** The Americas, Asia-Pacific and the gTLDs with registry rules. Values are the AddDomain page's. */

const CA_LEGAL_TYPES = [
  'CCO', 'CCT', 'RES', 'GOV', 'EDU', 'ASS', 'HOP', 'PRT', 'TDM', 'TRD',
  'PLT', 'LAM', 'TRS', 'ABO', 'INB', 'LGR', 'OMK', 'MAJ',
] as const; // prettier-ignore
const CN_ID_TYPES = [
  'SFZ', 'HZ', 'GAJMTX', 'TWJMTX', 'WJLSFZ', 'GAJZZ', 'TWJZZ', 'JGZ', 'QT', 'ORG', 'YYZZ', 'TYDM', 'BDDM', 'JDDWFW',
  'SYDWFR', 'WGCZJG', 'SHTTFR', 'ZJCS', 'MBFQY', 'JJHFR', 'LSZY', 'WGZHWH', 'WLCZJG', 'SFJD', 'JWJG', 'SHFWJG',
  'MBXXBX', 'YLJGZY', 'GZJGZY', 'BJWSXX', 'QTTYDM',
] as const; // prettier-ignore
const HK_DOCUMENT_TYPES = [
  'HKID', 'OTHID', 'PASSNO', 'BIRTHCERT', 'OTHIDV', 'BR', 'CI', 'CRES', 'HKSARG', 'HKORDINANCE', 'OTHORG',
] as const; // prettier-ignore
const ASIA_ENTITY_TYPES = [
  'naturalPerson', 'corporation', 'cooperative', 'partnership', 'government', 'politicalParty', 'society',
  'institution', 'other Type of Entity',
] as const; // prettier-ignore

const AU_FIELDS: readonly TldField[] = [
  {
    key: 'idType',
    description: 'ABN, ACN, RBN (business registration), TM (trademark) or OTHER',
    values: ['ABN', 'ACN', 'RBN', 'TM', 'OTHER'],
    required: { types: ['organisation'] },
    source: `${ADD_DOMAIN} X-AU-REGISTRANT-ID-TYPE (auDA eligibility of an organisation)`,
  },
  {
    key: 'idNumber',
    description: 'the number of that ID',
    required: { types: ['organisation'] },
    source: `${ADD_DOMAIN} X-AU-REGISTRANT-ID-NUMBER`,
  },
];

export const WORLD: readonly TldFieldSet[] = [
  {
    suffix: 'us',
    fields: [
      {
        key: 'nexusCategory',
        description: 'C11 citizen, C12 permanent resident, C21 US organisation, C31/C32 foreign entity with US presence',
        values: ['C11', 'C12', 'C21', 'C31', 'C32'],
        required: {},
        source: `${ADD_DOMAIN} X-US-NEXUS-CATEGORY (usTLD nexus requirement)`,
      },
      {
        key: 'appPurpose',
        description: 'P1 business, P2 non-profit, P3 personal, P4 education, P5 government',
        values: ['P1', 'P2', 'P3', 'P4', 'P5'],
        required: {},
        source: `${ADD_DOMAIN} X-US-NEXUS-APPPURPOSE`,
      },
      {
        key: 'nexusValidator',
        description: 'registrant country code when the category is C31 or C32',
        source: `${ADD_DOMAIN} X-US-NEXUS-VALIDATOR`,
      },
    ],
  },
  {
    suffix: 'ca',
    fields: [
      {
        key: 'legalType',
        description: 'CIRA legal type of the registrant (CCO corporation, CCT citizen, RES resident, ...)',
        values: CA_LEGAL_TYPES,
        required: {},
        source: `${ADD_DOMAIN} X-CA-LEGALTYPE; ${WHMCS_SEED} ("Legal Type and CIRA Agreement for .CA")`,
      },
      {
        key: 'language',
        description: 'registrant language, EN (the registry default) or FR',
        values: ['EN', 'FR'],
        profilePrefill: { contact: 'owner', from: 'language', map: { en: 'EN', fr: 'FR' } },
        source: `${ADD_DOMAIN} X-CA-LANGUAGE ("default is EN"); the seed pre-fills it from the client's language (${WHMCS_SEED} "Auto-prefill fields")`,
      },
    ],
  },
  { suffix: 'au', fields: AU_FIELDS },
  { suffix: 'com.au', fields: AU_FIELDS },
  {
    suffix: 'asia',
    fields: [
      { key: 'legalEntityType', description: 'CED legal entity type', values: ASIA_ENTITY_TYPES, source: `${ADD_DOMAIN} X-ASIA-CED-LEGALENTITYTYPE` },
      { key: 'identForm', description: 'CED identification form', values: ['passport', 'certificate', 'legislation', 'societyRegistry', 'politicalPartyRegistry', 'other'], source: `${ADD_DOMAIN} X-ASIA-CED-IDENTFORM` },
      { key: 'identNumber', description: 'CED identification number', source: `${ADD_DOMAIN} X-ASIA-CED-IDENTNUMBER` },
      { key: 'cedLocality', description: 'CED country (ISO 3166)', source: `${ADD_DOMAIN} X-ASIA-CED-CCLOCALITY` },
    ],
    note: 'the CED fields are needed only when no contact is in the Asia-Pacific region (DotAsia); the registry checks it',
  },
  {
    suffix: 'travel',
    fields: [
      {
        key: 'travelIndustry',
        description: 'the registrant declares a relationship to the travel industry (1)',
        values: ['1'],
        required: {},
        source: `${ADD_DOMAIN} X-TRAVEL-INDUSTRY ("the registrant has to indicate a relationship")`,
      },
      { key: 'uin', description: 'Unique Identification Number from an authentication partner', source: `${ADD_DOMAIN} X-TRAVEL-UIN` },
    ],
  },
  { suffix: 'jobs', fields: [], note: `${ADD_DOMAIN} lists no .JOBS parameter` },
  { suffix: 'pro', fields: [], note: `${ADD_DOMAIN} lists no .PRO parameter` },
  {
    suffix: 'sg',
    fields: [
      {
        key: 'rcbId',
        description: 'Singapore company registration number (RCB ID)',
        required: { types: ['organisation'], inCountries: ['SG'] },
        source: `${ADD_DOMAIN} X-SG-RCBID ("Companies located in Singapore must enter their registration number")`,
      },
    ],
  },
  {
    suffix: 'hk',
    fields: [
      {
        key: 'documentType',
        description: 'HKID/OTHID/PASSNO/BIRTHCERT/OTHIDV for persons, BR/CI/CRES/HKSARG/HKORDINANCE/OTHORG for organisations',
        values: HK_DOCUMENT_TYPES,
        required: {},
        source: `${ADD_DOMAIN} X-HK-REGISTRANT-DOCUMENT-TYPE ("Must be one of the following")`,
      },
      { key: 'documentNumber', description: 'the number of that document', required: {}, source: `${ADD_DOMAIN} X-HK-REGISTRANT-DOCUMENT-NUMBER` },
    ],
  },
  { suffix: 'jp', fields: [], note: `${ADD_DOMAIN}: X-JP-... describe the Japanese-script contact; a local presence or the trustee (X-JP-ACCEPT-TRUSTEE-TAC) is a registrar option` },
  {
    suffix: 'cn',
    fields: [
      { key: 'idType', description: 'CNNIC real-name ID type', values: CN_ID_TYPES, required: {}, source: `${ADD_DOMAIN} X-CN-REGISTRANT-ID-TYPE (CNNIC real-name verification)` },
      { key: 'idNumber', description: 'the number of that ID', required: {}, source: `${ADD_DOMAIN} X-CN-REGISTRANT-ID-NUMBER` },
    ],
  },
]; // prettier-ignore
