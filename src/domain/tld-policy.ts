/**
 * What the engine knows of each TLD's rules, in one table instead of in workflow code. Registry
 * rules change (ICANN's transfer policy is being rewritten): edit here, not in the workflows.
 */

export interface TldExtra {
  /** neutral key used in workflow inputs, e.g. legalType */
  key: string;
  required: boolean;
  /** allowed values; absent = free text */
  values?: readonly string[];
  description: string;
}

/**
 * How one registrar calls the neutral extras: TLD -> neutral key -> the registrar's field name.
 * Each registrar keeps its own in src/registrars/<name>/tld-extras.ts; the domain layer never
 * names a registrar.
 */
export type TldExtraFields = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The registrar's field name for one extra of this domain's TLD, or undefined when it has none. */
export function extraFieldName(fields: TldExtraFields, asciiDomain: string, key: string): string | undefined {
  const tld = asciiDomain.slice(asciiDomain.lastIndexOf('.') + 1);
  const byKey = Object.hasOwn(fields, tld) ? fields[tld]! : undefined;
  return byKey && Object.hasOwn(byKey, key) ? byKey[key] : undefined;
}

export interface TldPolicy {
  /** years a registration may run */
  registrationPeriods: readonly number[];
  /** registrations are not possible: applications only (e.g. .swiss) */
  applicationOnly?: boolean;
  extras: readonly TldExtra[];
  /** a fact people must know before ordering; shown in the status log */
  hint?: string;
  /** a contact's name or organisation cannot change (.ca) */
  registrantNameFrozen?: boolean;
}

const CA_LEGAL_TYPES = [
  'CCO', 'CCT', 'RES', 'GOV', 'EDU', 'ASS', 'HOP', 'PRT', 'TDM', 'TRD',
  'PLT', 'LAM', 'TRS', 'ABO', 'INB', 'LGR', 'OMK', 'MAJ',
] as const; // prettier-ignore

const DEFAULT_POLICY: TldPolicy = { registrationPeriods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], extras: [] };

const POLICIES: Record<string, TldPolicy> = {
  ca: {
    registrationPeriods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    extras: [
      {
        key: 'legalType',
        required: true,
        values: CA_LEGAL_TYPES,
        description: 'CIRA legal type of the registrant (CCO corporation, CCT citizen, RES resident, ...)',
      },
    ],
    registrantNameFrozen: true,
  },
  de: {
    registrationPeriods: [1],
    extras: [],
    hint: 'DENIC checks the nameservers at registration: they must already answer for the domain',
  },
  swiss: { registrationPeriods: [1], applicationOnly: true, extras: [] },
  uk: { registrationPeriods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], extras: [] },
  eu: { registrationPeriods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], extras: [] },
};

/** Policy for a domain's TLD (its last label). */
export function tldPolicy(asciiDomain: string): TldPolicy {
  const tld = asciiDomain.slice(asciiDomain.lastIndexOf('.') + 1);
  // Own keys only: a TLD named like an Object.prototype property (.constructor) is not a policy.
  return Object.hasOwn(POLICIES, tld) ? POLICIES[tld]! : DEFAULT_POLICY;
}

export interface PolicyProblem {
  /** the input field, e.g. ['extras', 'legalType'] (keys kept whole, whatever characters they hold) */
  path: string[];
  message: string;
}

/**
 * Problems with a registration request under the TLD policy, each with its field and rule. The
 * extras are checked against this file's own (first, .ca-only) table: the workflow uses it for runs
 * started before the patch 'tld-fields'; newer runs check extras with src/domain/tld-fields/.
 */
export function checkRegistrationPolicy(
  asciiDomain: string,
  periodYears: number,
  extras: Record<string, string>,
): PolicyProblem[] {
  const policy = tldPolicy(asciiDomain);
  const problems = checkRegistrationBasics(asciiDomain, periodYears);
  for (const extra of policy.extras) {
    const value = Object.hasOwn(extras, extra.key) ? extras[extra.key] : undefined;
    if (value === undefined || value === '') {
      if (extra.required) {
        problems.push({ path: ['extras', extra.key], message: `is required for this TLD (${extra.description})` });
      }
    } else if (extra.values && !extra.values.includes(value)) {
      problems.push({ path: ['extras', extra.key], message: `must be one of ${extra.values.join(', ')}` });
    }
  }
  const known = new Set(policy.extras.map((e) => e.key));
  for (const key of Object.keys(extras)) {
    if (!known.has(key)) problems.push({ path: ['extras', key], message: 'is not used by this TLD' });
  }
  return problems;
}

/** The policy's rules other than extras: application-only TLDs and registration periods. */
export function checkRegistrationBasics(asciiDomain: string, periodYears: number): PolicyProblem[] {
  const policy = tldPolicy(asciiDomain);
  const problems: PolicyProblem[] = [];
  if (policy.applicationOnly) {
    problems.push({
      path: ['domain'],
      message: `.${asciiDomain.split('.').pop()} names are applied for, not registered`,
    });
  }
  if (!policy.registrationPeriods.includes(periodYears)) {
    problems.push({
      path: ['periodYears'],
      message: `must be one of ${policy.registrationPeriods.join(', ')} for this TLD`,
    });
  }
  return problems;
}

/** The same problems as "field: rule" lines, for people. */
export function describePolicyProblems(problems: PolicyProblem[]): string[] {
  return problems.map((p) => `${p.path.join('.')}: ${p.message}`);
}
