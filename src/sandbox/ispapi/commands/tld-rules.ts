import { CommandFault, type IspapiRegistry } from '../registry';

/**
 * The per-TLD rules the registries enforce at registration, as the sandbox plays them: a missing
 * attribute is 504 "Missing required attribute; <NAME>" (AddDomain's page, code 504). Kept apart
 * from the engine's field table (src/domain/tld-fields/) on purpose: the sandbox stands for the
 * registry, so a gap in that table shows as a refusal here, not as an echo of the same mistake.
 */

/** The registrant as the rules see it: an ORGANIZATION makes an organisation. */
interface Owner {
  organisation: boolean;
  country: string;
}

type Rule = (extras: Record<string, string>, owner: Owner) => string | undefined;

/** The EU and EEA countries EURid accepts residents of. */
const EU_EEA = new Set(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK'.split(' '),
);

const need =
  (name: string): Rule =>
  (extras) =>
    extras[name] ? undefined : name;

const RULES: Readonly<Record<string, readonly Rule[]>> = {
  ca: [need('X-CA-LEGALTYPE')],
  // usTLD nexus policy: every registrant states a nexus category and an application purpose.
  us: [need('X-US-NEXUS-CATEGORY'), need('X-US-NEXUS-APPPURPOSE')],
  // Registro.it: the entity type always, the taxpayer number of Italian registrants.
  it: [
    need('X-IT-REGISTRANT-ENTITY-TYPE'),
    (extras, owner) => (owner.country === 'IT' && !extras['X-IT-PIN'] ? 'X-IT-PIN' : undefined),
  ],
  // DK Hostmaster identifies an organisation by its VAT (CVR) number.
  dk: [(extras, owner) => (owner.organisation && !extras['X-DK-VATID'] ? 'X-DK-VATID' : undefined)],
  // EURid: a person outside the EU/EEA is eligible by citizenship only.
  eu: [
    (extras, owner) =>
      !owner.organisation && !EU_EEA.has(owner.country) && !extras['X-EU-REGISTRANT-CITIZENSHIP']
        ? 'X-EU-REGISTRANT-CITIZENSHIP'
        : undefined,
  ],
  es: [need('X-ES-REGISTRANT-TIPO-IDENTIFICACION'), need('X-ES-REGISTRANT-IDENTIFICACION')],
};

/** Refuses a registration that lacks what its registry requires (504 naming the attribute). */
export function checkTldRules(
  registry: IspapiRegistry,
  domain: string,
  ownerHandle: string,
  extras: Record<string, string>,
): void {
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  const rules = Object.hasOwn(RULES, tld) ? RULES[tld]! : [];
  if (rules.length === 0) return;
  const contact = registry.contact(ownerHandle) ?? {};
  const owner = { organisation: Boolean(contact.ORGANIZATION?.trim()), country: (contact.COUNTRY ?? '').toUpperCase() };
  for (const rule of rules) {
    const missing = rule(extras, owner);
    if (missing) throw new CommandFault(504, `Missing required attribute; ${missing}`);
  }
}
