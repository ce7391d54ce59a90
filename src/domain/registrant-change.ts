import type { Contact } from './contact';
import { extraFieldName, tldPolicy, type PolicyProblem, type TldExtra, type TldExtraFields } from './tld-policy';
import { registrantFacts } from './tld-fields';
import { checkOperationFields, operationFields } from './tld-fields/operations';

/**
 * How a domain changes hands, per TLD: the rules of ICANN's transfer policy (IRTP part C), the
 * registry trades of some ccTLDs, and CIRA's frozen registrant names, in one table (DESIGN.md: lock
 * lengths and confirmation windows live here, not in workflow code). Pure: no I/O, safe in
 * workflows.
 */

/** IRTP-C numbers: change them here when ICANN's new transfer policy lands. */
export const REGISTRANT_CHANGE_RULES = {
  /** the old registrant has this long to confirm a change (option 2) */
  confirmationWindowDays: 14,
  /** after a material change the domain may not move to another registrar this long, unless opted out */
  transferLockDays: 60,
} as const;

export const REGISTRANT_CHANGE_MODES = ['designated-agent', 'registrant-confirmation'] as const;
/** designated-agent: the reseller confirms for the old and the new registrant; registrant-confirmation: the old registrant confirms by mail */
export type RegistrantChangeMode = (typeof REGISTRANT_CHANGE_MODES)[number];

/** The registry's way of changing the registrant (ISPAPI QueryDomainOptions ZONEPOLICYREGISTRANTNAMECHANGEBY). */
export const ZONE_POLICIES = ['ICANN-TRADE', 'TRADE', 'UPDATE'] as const;
export type ZonePolicy = (typeof ZONE_POLICIES)[number];

export type RegistrantChangeProcedure =
  /** IRTP trade, the reseller confirming as designated agent: immediate */
  | 'designated-agent-trade'
  /** IRTP trade the old registrant confirms by mail within the window */
  | 'registrant-confirmation'
  /** ccTLD registry trade (.it .ch .se .sg .li), polled to its outcome */
  | 'registry-trade'
  /** a plain contact update, no trade */
  | 'contact-update';

/** The fields whose change makes a new registrant under IRTP-C ("material change"). */
export const MATERIAL_FIELDS = ['firstName', 'lastName', 'organisation', 'email'] as const;
export type MaterialField = (typeof MATERIAL_FIELDS)[number];

/** What the policy needs of a registrant: the material fields. */
export type RegistrantIdentity = Pick<Contact, MaterialField>;

/** AFNIC registries: the lock opt-out flag is not supported there (spec 3.3). */
const AFNIC_TLDS = new Set(['fr', 're', 'pm', 'tf', 'wf', 'yt']);

const ACCEPTED = ['1'] as const;
const IT_TRADE_EXTRAS: readonly TldExtra[] = [
  {
    key: 'pin',
    required: true,
    description: 'tax code (codice fiscale) or VAT number of the new registrant',
  },
  {
    key: 'entityType',
    required: true,
    values: ['1', '2', '3', '4', '5', '6', '7'],
    description: 'registry entity type 1-7 (1 = natural person)',
  },
  {
    key: 'consentForPublishing',
    required: false,
    values: ['0', '1'],
    description: 'the new registrant lets the registry publish personal data',
  },
  ...(
    [
      ['acceptSection3', 'section 3 (liability)'],
      ['acceptSection5', 'section 5 (personal data for registration)'],
      ['acceptSection6', 'section 6 (personal data for diffusion)'],
      ['acceptSection7', 'section 7 (explicit acceptance)'],
    ] as const
  ).map(([key, what]) => ({
    key,
    required: true,
    values: ACCEPTED,
    description: `the new registrant accepts ${what} of the .it registrar contract ("1")`,
  })),
];

/** ccTLDs whose registry changes the registrant by a trade, with the extras the trade needs. */
const TRADE_TLDS: Record<string, readonly TldExtra[]> = {
  it: IT_TRADE_EXTRAS,
  ch: [],
  li: [],
  sg: [],
  se: [
    {
      key: 'idNumber',
      required: true,
      description: 'personal or organisation number of the new registrant (the registry sends a paper form)',
    },
  ],
};

const tldOf = (asciiDomain: string): string => asciiDomain.slice(asciiDomain.lastIndexOf('.') + 1);

/** The table's answer when the registrar gives none: ICANN gTLDs trade under IRTP, ccTLDs by their own rules. */
export function tableZonePolicy(asciiDomain: string): ZonePolicy {
  const tld = tldOf(asciiDomain);
  if (Object.hasOwn(TRADE_TLDS, tld)) return 'TRADE';
  // Two-letter TLDs are country codes, outside ICANN's transfer policy; IDN ccTLDs are not
  // recognisable by name, which is why the registrar's own answer wins when it gives one.
  return /^[a-z]{2}$/.test(tld) ? 'UPDATE' : 'ICANN-TRADE';
}

export function isAfnic(asciiDomain: string, repository?: string): boolean {
  return AFNIC_TLDS.has(tldOf(asciiDomain)) || /AFNIC/i.test(repository ?? '');
}

/** The extras a registrant change of this TLD takes: the TLD's registration extras (.ca legal type) and its trade extras. */
export function registrantChangeExtras(asciiDomain: string): readonly TldExtra[] {
  const tld = tldOf(asciiDomain);
  return [...tldPolicy(asciiDomain).extras, ...(Object.hasOwn(TRADE_TLDS, tld) ? TRADE_TLDS[tld]! : [])];
}

const FIELD_NAMES: Record<MaterialField, string> = {
  firstName: 'first name',
  lastName: 'last name',
  organisation: 'organisation',
  email: 'e-mail',
};
const describeFields = (fields: MaterialField[]): string => fields.map((f) => FIELD_NAMES[f]).join(', ');

const norm = (v: string | undefined): string => (v ?? '').trim().replace(/\s+/g, ' ');

/** The material fields that differ (e-mail compared case-insensitively). */
export function materialChanges(current: RegistrantIdentity, next: RegistrantIdentity): MaterialField[] {
  return MATERIAL_FIELDS.filter((field) =>
    field === 'email'
      ? norm(current.email).toLowerCase() !== norm(next.email).toLowerCase()
      : norm(current[field]) !== norm(next[field]),
  );
}

/**
 * Problems the input alone shows, before any registrar call: the TLD's extras (required, allowed
 * values, unknown keys; trade extras only when the change may be material) and, when the current
 * registrant is given, a name or organisation change where the registry forbids it (.ca).
 */
export function checkRegistrantChangeInput(
  asciiDomain: string,
  next: RegistrantIdentity,
  extras: Record<string, string>,
  current?: RegistrantIdentity,
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const policy = tldPolicy(asciiDomain);
  if (policy.applicationOnly) {
    problems.push({ path: ['domain'], message: `.${tldOf(asciiDomain)} names are applied for, not traded here` });
  }
  if (current && policy.registrantNameFrozen) {
    const frozen = materialChanges(current, next).filter((f) => f !== 'email');
    if (frozen.length > 0) {
      problems.push({
        path: ['registrant', frozen[0]!],
        message: `cannot change for .${tldOf(asciiDomain)}: the registry (CIRA) forbids changing the registrant's name or organisation (changed: ${describeFields(frozen)}); only address, phone and e-mail may change`,
      });
    }
  }
  const material = current ? materialChanges(current, next).length > 0 : true;
  const tradeKeys = new Set((TRADE_TLDS[tldOf(asciiDomain)] ?? []).map((e) => e.key));
  const known = registrantChangeExtras(asciiDomain);
  for (const extra of known) {
    const value = Object.hasOwn(extras, extra.key) ? extras[extra.key] : undefined;
    if (value === undefined || value === '') {
      if (extra.required && (material || !tradeKeys.has(extra.key))) {
        const why = tradeKeys.has(extra.key) ? 'for a change of registrant of this TLD' : 'for this TLD';
        problems.push({ path: ['extras', extra.key], message: `is required ${why} (${extra.description})` });
      }
    } else if (extra.values && !extra.values.includes(value)) {
      problems.push({ path: ['extras', extra.key], message: `must be one of ${extra.values.join(', ')}` });
    }
  }
  const keys = new Set(known.map((e) => e.key));
  for (const key of Object.keys(extras)) {
    if (!keys.has(key)) problems.push({ path: ['extras', key], message: 'is not used by this TLD' });
  }
  return problems;
}

/**
 * The input check since the patch 'tld-fields-trade': checkRegistrantChangeInput, plus the
 * registration fields the field table says a change of registrant carries (.us nexus, .eu
 * citizenship: src/domain/tld-fields/operations.ts), judged for the new registrant. Like the trade
 * extras they are required only when the change may be material.
 */
export function checkRegistrantChangeFields(
  asciiDomain: string,
  next: RegistrantIdentity & { countryCode: string },
  extras: Record<string, string>,
  current?: RegistrantIdentity,
): PolicyProblem[] {
  const carried = new Set(operationFields('registrantChange', asciiDomain).map((f) => f.key));
  const rest = Object.fromEntries(Object.entries(extras).filter(([key]) => !carried.has(key)));
  const material = current ? materialChanges(current, next).length > 0 : true;
  const fieldProblems = checkOperationFields('registrantChange', asciiDomain, extras, registrantFacts(next)).filter(
    (p) => material || !p.message.startsWith('is required'),
  );
  return [...checkRegistrantChangeInput(asciiDomain, next, rest, current), ...fieldProblems];
}

/** What the registrar said about this domain, in neutral words (undefined = it did not say). */
export interface RegistrarChangePolicy {
  zonePolicy?: ZonePolicy;
  /** the registry back end, e.g. FR-AFNIC */
  repository?: string;
  /** the registrar's words, for the "why" shown to people */
  source?: string;
}

export interface RegistrantChangeRequest {
  domain: string;
  current: RegistrantIdentity;
  next: RegistrantIdentity;
  mode: RegistrantChangeMode;
  optOutTransferLock: boolean;
  registrar?: RegistrarChangePolicy;
}

export type RegistrantChangeDecision =
  | {
      procedure: RegistrantChangeProcedure;
      /** one or two sentences for people: the state query and the status log show it */
      why: string;
      zonePolicy: ZonePolicy;
      materialFields: MaterialField[];
      /** X-REQUEST-OPT-OUT-TRANSFERLOCK to send; undefined = never sent (no IRTP trade, or AFNIC) */
      optOutTransferLock?: boolean;
      /** days the domain cannot leave for another registrar after the change (0 = none) */
      transferLockDays: number;
      /** registrant-confirmation: how long the old registrant has */
      confirmationWindowDays?: number;
    }
  | { procedure: 'refused'; why: string; zonePolicy: ZonePolicy; materialFields: MaterialField[] };

/**
 * The procedure for one change of registrant, and why. The registrar's zone policy wins over the
 * table (it knows its registries); the mode only matters for IRTP trades.
 */
export function chooseRegistrantChange(request: RegistrantChangeRequest): RegistrantChangeDecision {
  const { domain, mode } = request;
  const tld = tldOf(domain);
  const zonePolicy = request.registrar?.zonePolicy ?? tableZonePolicy(domain);
  const source = request.registrar?.zonePolicy
    ? `the registrar says ${request.registrar.source ?? `the registry changes registrants by ${zonePolicy}`}`
    : `the policy table says .${tld} changes registrants by ${zonePolicy}`;
  const materialFields = materialChanges(request.current, request.next);
  const changed = describeFields(materialFields);

  if (tldPolicy(domain).registrantNameFrozen) {
    const frozen = materialFields.filter((f) => f !== 'email');
    if (frozen.length > 0) {
      return {
        procedure: 'refused',
        why: `.${tld}: the registry (CIRA) forbids changing the registrant's name or organisation (${describeFields(frozen)} would change)`,
        zonePolicy,
        materialFields,
      };
    }
    return {
      procedure: 'contact-update',
      why: `.${tld}: the registrant is updated in place (name and organisation unchanged, legal type sent); no trade exists`,
      zonePolicy,
      materialFields,
      transferLockDays: 0,
    };
  }
  if (materialFields.length === 0) {
    return {
      procedure: 'contact-update',
      why: 'no material change (first name, last name, organisation and e-mail stay the same): a plain contact update, no trade',
      zonePolicy,
      materialFields,
      transferLockDays: 0,
    };
  }
  if (zonePolicy === 'UPDATE') {
    return {
      procedure: 'contact-update',
      why: `material change (${changed}), but ${source}: the registry takes a contact update, no trade`,
      zonePolicy,
      materialFields,
      transferLockDays: 0,
    };
  }
  if (zonePolicy === 'TRADE') {
    return {
      procedure: 'registry-trade',
      why: `material change (${changed}) and ${source}: a registry trade with the TLD's extras, polled until the registry decides`,
      zonePolicy,
      materialFields,
      transferLockDays: 0,
    };
  }
  const afnic = isAfnic(domain, request.registrar?.repository);
  const optOut = afnic ? undefined : request.optOutTransferLock;
  const lockDays = optOut ? 0 : REGISTRANT_CHANGE_RULES.transferLockDays;
  const lockText = afnic
    ? `AFNIC registry: no lock opt-out is sent, so the ${REGISTRANT_CHANGE_RULES.transferLockDays}-day transfer lock applies`
    : optOut
      ? `the ${REGISTRANT_CHANGE_RULES.transferLockDays}-day transfer lock is opted out`
      : `then the domain is transfer-locked for ${REGISTRANT_CHANGE_RULES.transferLockDays} days`;
  if (mode === 'registrant-confirmation') {
    return {
      procedure: 'registrant-confirmation',
      why: `material change (${changed}) under ICANN's transfer policy (${source}); the old registrant must confirm by mail within ${REGISTRANT_CHANGE_RULES.confirmationWindowDays} days; ${lockText}`,
      zonePolicy,
      materialFields,
      optOutTransferLock: optOut,
      transferLockDays: lockDays,
      confirmationWindowDays: REGISTRANT_CHANGE_RULES.confirmationWindowDays,
    };
  }
  return {
    procedure: 'designated-agent-trade',
    why: `material change (${changed}) under ICANN's transfer policy (${source}): trade with the reseller confirming as designated agent for the old and the new registrant; ${lockText}`,
    zonePolicy,
    materialFields,
    optOutTransferLock: optOut,
    transferLockDays: lockDays,
  };
}

/**
 * Neutral extras as one registrar's field names (only the keys this TLD knows; the input was
 * checked). `fields` is the registrar's own table (src/registrars/<name>/tld-extras.ts).
 */
export function registrantChangeExtrasFor(
  asciiDomain: string,
  extras: Record<string, string>,
  fields: TldExtraFields,
): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = [...registrantChangeExtras(asciiDomain), ...operationFields('registrantChange', asciiDomain)];
  for (const extra of keys) {
    const value = Object.hasOwn(extras, extra.key) ? extras[extra.key] : undefined;
    const name = extraFieldName(fields, asciiDomain, extra.key);
    if (value !== undefined && value !== '' && name !== undefined) out[name] = value;
  }
  return out;
}
