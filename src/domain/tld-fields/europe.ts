import { ADD_DOMAIN, EU_EEA_COUNTRIES, WHMCS_SEED, type TldField, type TldFieldSet } from './types';

/** European ccTLDs. Values are the AddDomain page's; "required" rules name their source. */

const EU_LANGUAGES = [
  'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'hu', 'is', 'it', 'li', 'lt', 'lv', 'mt', 'nl', 'no',
  'pl', 'pt', 'sk', 'sl', 'sv',
] as const; // prettier-ignore
const EU_CITIZENSHIPS = [
  'at', 'be', 'bg', 'cz', 'cy', 'de', 'dk', 'es', 'ee', 'fi', 'fr', 'gr', 'hu', 'ie', 'is', 'it', 'li', 'lt',
  'lu', 'lv', 'mt', 'nl', 'no', 'pl', 'pt', 'ro', 'se', 'sk', 'si',
] as const; // prettier-ignore
const ES_LEGAL_FORMS = [
  '1', '39', '47', '59', '68', '124', '150', '152', '164', '181', '197', '203', '229', '269', '286', '365', '434',
  '436', '439', '476', '510', '524', '525', '554', '560', '562', '566', '608', '612', '713', '717', '744', '745',
  '746', '747', '877', '878', '879',
] as const; // prettier-ignore
const NL_LEGAL_FORMS = [
  'ANDERS', 'BGG', 'BRO', 'BV', 'COOP', 'CV', 'EENMANSZAAK', 'EESV', 'KERK', 'MAATSCHAP', 'NV', 'OWM', 'PERSOON',
  'REDR', 'STICHTING', 'VERENIGING', 'VOF',
] as const; // prettier-ignore
const ZERO_ONE = ['0', '1'] as const;

const UK_FIELDS: readonly TldField[] = [
  { key: 'ukRegistrantType', description: 'Nominet registrant type (IND, LTD, PLC, ...)', source: `${ADD_DOMAIN} X-UK-REG-TYPE` },
  { key: 'companyNumber', description: 'registered company number', source: `${ADD_DOMAIN} X-UK-REG-CO-NO` },
  { key: 'whoisOptOut', description: 'Y hides an individual from WHOIS', values: ['Y', 'N'], source: `${ADD_DOMAIN} X-UK-REG-OPT-OUT` },
]; // prettier-ignore

/** .se and .nu share the Swedish registry (IIS) and its parameters. */
const IIS_FIELDS: readonly TldField[] = [
  {
    key: 'idNumber',
    description: 'Swedish personal or organisation number (others: a national ID / registration number)',
    required: {},
    source: `${ADD_DOMAIN} X-NICSE-IDNUMBER (IIS requires an ID number of every registrant)`,
  },
  {
    key: 'vatId',
    description: 'VAT ID of an organisation',
    profilePrefill: { contact: 'owner', from: 'vatId' },
    source: `${ADD_DOMAIN} X-NICSE-VATID; the seed's auto-prefilled VAT ID (${WHMCS_SEED})`,
  },
];

export const EUROPE: readonly TldFieldSet[] = [
  { suffix: 'uk', fields: UK_FIELDS },
  { suffix: 'co.uk', fields: UK_FIELDS },
  {
    suffix: 'de',
    fields: [],
    note: `${ADD_DOMAIN}: the X-DE-... parameters (abuse contact, general request, NS entry) are optional; DENIC checks nameservers instead`,
  },
  {
    suffix: 'dk',
    fields: [
      {
        key: 'vatId',
        description: 'VAT / CVR number of the registrant organisation',
        required: { types: ['organisation'] },
        profilePrefill: { contact: 'owner', from: 'vatId' },
        source: `${ADD_DOMAIN} X-DK-VATID; required of organisations by DK Hostmaster (the seed's auto-prefilled VAT ID, ${WHMCS_SEED}; shared/seeds/001 FAQ 17: "Organization with VAT ID")`,
      },
      {
        key: 'hostmasterId',
        description: 'the registrant’s existing DK Hostmaster user ID',
        profilePrefill: { contact: 'owner', from: 'hostmasterId' },
        source: `${ADD_DOMAIN} X-DK-REGISTRANT-CONTACT; auto-prefilled from the customer profile in ${WHMCS_SEED}`,
      },
      {
        key: 'adminHostmasterId',
        description: 'the admin’s DK Hostmaster user ID',
        profilePrefill: { contact: 'admin', from: 'hostmasterId' },
        source: `${ADD_DOMAIN} X-DK-ADMIN-CONTACT; the seed's "DK Hostmaster User ID input fields" (${WHMCS_SEED})`,
      },
    ],
  },
  {
    suffix: 'it',
    fields: [
      {
        key: 'entityType',
        description: '1 natural person, 2 company, 3 freelancer, 4 non-profit, 5 public body, 6 other, 7 foreign 2-6',
        values: ['1', '2', '3', '4', '5', '6', '7'],
        required: {},
        prefill: { person: '1' },
        source: `${ADD_DOMAIN} X-IT-REGISTRANT-ENTITY-TYPE; prefilled for persons as the seed's .it entity type`,
      },
      {
        key: 'pin',
        description: 'codice fiscale / partita IVA of the registrant',
        required: { inCountries: ['IT'] },
        source: `${ADD_DOMAIN} X-IT-PIN (taxpayer number; Italian registrants have one)`,
      },
      { key: 'nationality', description: 'registrant nationality when not the contact country', source: `${ADD_DOMAIN} X-IT-NATIONALITY` },
      { key: 'consentForPublishing', description: 'consent to WHOIS publishing', values: ZERO_ONE, source: `${ADD_DOMAIN} X-IT-CONSENTFORPUBLISHING` },
      { key: 'acceptSection3', description: 'accepts section 3 (liability)', values: ZERO_ONE, source: `${ADD_DOMAIN} X-IT-ACCEPT-LIABILITY-TAC` },
      { key: 'acceptSection5', description: 'accepts section 5 (registration)', values: ZERO_ONE, source: `${ADD_DOMAIN} X-IT-ACCEPT-REGISTRATION-TAC` },
      { key: 'acceptSection6', description: 'accepts section 6 (diffusion)', values: ZERO_ONE, source: `${ADD_DOMAIN} X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC` },
      { key: 'acceptSection7', description: 'accepts section 7 (explicit)', values: ZERO_ONE, source: `${ADD_DOMAIN} X-IT-ACCEPT-EXPLICIT-TAC` },
    ],
  },
  {
    suffix: 'eu',
    fields: [
      {
        key: 'citizenship',
        description: 'EU citizenship of a natural person living outside the EU/EEA',
        values: EU_CITIZENSHIPS,
        required: { types: ['person'], outsideCountries: EU_EEA_COUNTRIES },
        source: `${ADD_DOMAIN} X-EU-REGISTRANT-CITIZENSHIP (EURid eligibility: residence or citizenship)`,
      },
      { key: 'language', description: 'registrant language', values: EU_LANGUAGES, source: `${ADD_DOMAIN} X-EU-REGISTRANT-LANG` },
    ],
    note: 'an organisation outside the EU/EEA is not eligible (EURid); no field makes it so',
  },
  {
    suffix: 'fr',
    fields: [
      { key: 'legalForm', description: 'legal form of a non-person registrant', source: `${ADD_DOMAIN} X-FR-REGISTRANT-LEGAL-FORM` },
      { key: 'sirenOrSiret', description: 'SIREN or SIRET of a French company', source: `${ADD_DOMAIN} X-FR-SIREN-OR-SIRET` },
    ],
    note: 'AFNIC eligibility (EU residence) is checked by the registry, not by a field',
  },
  {
    suffix: 'es',
    fields: [
      {
        key: 'idType',
        description: '0 other (non-Spanish), 1 NIF/DNI, 3 NIE, 4 VAT',
        values: ['0', '1', '3', '4'],
        required: {},
        source: `${ADD_DOMAIN} X-ES-REGISTRANT-TIPO-IDENTIFICACION (Red.es needs an identification of every registrant)`,
      },
      {
        key: 'idNumber',
        description: 'the number of that identification',
        required: {},
        source: `${ADD_DOMAIN} X-ES-REGISTRANT-IDENTIFICACION`,
      },
      { key: 'legalForm', description: 'Red.es legal form code', values: ES_LEGAL_FORMS, source: `${ADD_DOMAIN} X-ES-REGISTRANT-FORM-JURIDICA` },
    ],
  },
  {
    suffix: 'nl',
    fields: [
      { key: 'legalForm', description: 'SIDN legal form', values: NL_LEGAL_FORMS, source: `${ADD_DOMAIN} X-NL-REGISTRANT-LEGAL-FORM` },
      { key: 'legalFormRegNo', description: 'registration number of that legal form', source: `${ADD_DOMAIN} X-NL-REGISTRANT-LEGAL-FORM-REG-NO` },
    ],
  },
  { suffix: 'be', fields: [], note: `${ADD_DOMAIN} lists no .BE parameter` },
  { suffix: 'ch', fields: [], note: `${ADD_DOMAIN} lists no .CH parameter` },
  { suffix: 'li', fields: [], note: `${ADD_DOMAIN} lists no .LI parameter` },
  { suffix: 'se', fields: IIS_FIELDS },
  { suffix: 'nu', fields: IIS_FIELDS },
  {
    suffix: 'fi',
    fields: [
      {
        key: 'idNumber',
        description: 'Finnish personal or business ID',
        required: { inCountries: ['FI'] },
        source: `${ADD_DOMAIN} X-FI-IDNUMBER (Traficom identifies Finnish registrants by it)`,
      },
    ],
  },
  { suffix: 'at', fields: [], note: `${ADD_DOMAIN}: only optional X-AT-...-DISCLOSE parameters` },
  { suffix: 'pl', fields: [], note: `${ADD_DOMAIN} lists no .PL parameter` },
  {
    suffix: 'pt',
    fields: [
      {
        key: 'vatId',
        description: 'registrant VAT ID',
        required: {},
        profilePrefill: { contact: 'owner', from: 'vatId' },
        source: `${ADD_DOMAIN} X-PT-REGISTRANT-VATID ("Required if the contact is used for the first time"); the seed's auto-prefilled VAT ID`,
      },
    ],
  },
  {
    suffix: 'ro',
    fields: [
      { key: 'personType', description: 'c company, p person, pi public institute', values: ['c', 'p', 'pi'], source: `${ADD_DOMAIN} X-RO-PERSONTYPE` },
    ],
  },
  {
    suffix: 'swiss',
    fields: [],
    note: 'applications only (docs/swiss.md): X-SWISS-UID / X-SWISS-OWNER-TYPE belong to the application',
  },
]; // prettier-ignore
