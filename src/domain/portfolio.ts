import './zod-messages';
import { z } from 'zod';
import { LIFECYCLE_PHASES, type LifecyclePhase } from './lifecycle';
import { normaliseNameservers } from './nameservers';

/**
 * What a registrar says about one domain of the portfolio, and the pure rules the `domain` entity,
 * the sync and the import share: which differences are real changes, the due date, and a digest
 * that lets a sync skip domains whose facts did not move without asking their workflows.
 */

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2027-01-31T12:00:00Z' });

export const lifecyclePhaseSchema = z.enum(LIFECYCLE_PHASES, {
  message: `must be one of ${LIFECYCLE_PHASES.join(', ')}`,
});

/** Facts as read from the registrar; every field is optional: an absent field is "not known". */
export const domainFactsSchema = z.object({
  phase: lifecyclePhaseSchema.optional(),
  /** the registry's expiry, ISO 8601 UTC */
  registryExpiresAt: instant.optional(),
  /** the expiry shown to people (ISPAPI paid-until rule, Openprovider renewal_date) */
  displayExpiresAt: instant.optional(),
  /** the registrar's OWN auto-renewal; kept off (AUTOEXPIRE) so only this engine renews */
  registrarAutorenew: z.boolean().optional(),
  privacy: z.boolean().optional(),
  transferLock: z.boolean().optional(),
  nameservers: z.array(z.string().min(1).max(253)).max(13, 'must list at most 13 nameservers').optional(),
  /** the registrar's own words, for people; never compared */
  registrarStatus: z.string().max(500).optional(),
});
export type DomainFacts = z.infer<typeof domainFactsSchema>;

/** Fields compared for changes, in report order. */
export const COMPARED_FACTS = [
  'phase',
  'registryExpiresAt',
  'displayExpiresAt',
  'registrarAutorenew',
  'privacy',
  'transferLock',
  'nameservers',
] as const satisfies ReadonlyArray<keyof DomainFacts>;
export type ComparedFact = (typeof COMPARED_FACTS)[number];

type FactValue = string | boolean | null;

const valueOf = (facts: DomainFacts, field: ComparedFact): FactValue => {
  const value = facts[field];
  if (value === undefined) return null;
  if (Array.isArray(value)) return normaliseNameservers(value).join(' ');
  return value;
};

export interface FactDifference {
  field: ComparedFact;
  from: FactValue;
  to: FactValue;
}

/**
 * Real differences between what was known and what was observed. A field the observation does
 * not carry is no change, and neither is a field learned for the first time (unknown -> known):
 * an import or the first sync of a new domain fills the record in without reporting anything.
 */
export function factDifferences(known: DomainFacts, observed: DomainFacts): FactDifference[] {
  const out: FactDifference[] = [];
  for (const field of COMPARED_FACTS) {
    if (observed[field] === undefined || known[field] === undefined) continue;
    const from = valueOf(known, field);
    const to = valueOf(observed, field);
    if (from !== to) out.push({ field, from, to });
  }
  return out;
}

/** Known facts with an observation laid over them (absent observed fields keep their value). */
export function mergeFacts(known: DomainFacts, observed: DomainFacts): DomainFacts {
  const merged: DomainFacts = { ...known };
  for (const [key, value] of Object.entries(observed) as Array<[keyof DomainFacts, unknown]>) {
    if (value === undefined) continue;
    (merged as Record<string, unknown>)[key] = key === 'nameservers' ? normaliseNameservers(value as string[]) : value;
  }
  return merged;
}

/** The expiry people plan by: the displayed one, else the registry's. */
export const plannedExpiry = (facts: DomainFacts): string | undefined =>
  facts.displayExpiresAt ?? facts.registryExpiresAt;

const DAY_MS = 86_400_000;

/** Due date (YYYY-MM-DD, UTC) = the expiry people plan by minus `offsetDays`: when to renew or invoice. */
export function dueDateOf(facts: DomainFacts, offsetDays: number): string | undefined {
  const expiry = plannedExpiry(facts);
  if (!expiry) return undefined;
  const ms = Date.parse(expiry);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms - offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** FNV-1a over the string, 32 bits, from a given offset basis. */
function fnv1a(text: string, basis: number): string {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A short fingerprint of the compared facts (64 bits as 16 hex characters), kept in the entity's
 * FactsDigest search attribute. A sync lists the registrar, computes the digest of each listed
 * domain and only talks to the workflows whose digest differs. Unknown fields count as such, so a
 * record that was only partly known is refreshed by the first full listing.
 */
export function factsDigest(facts: DomainFacts): string {
  const canonical = COMPARED_FACTS.map((field) => `${field}=${JSON.stringify(valueOf(facts, field))}`).join('|');
  return `${fnv1a(canonical, 0x811c9dc5)}${fnv1a(canonical, 0x01000193)}`;
}

/** Phases after which the registrar no longer lists the domain: a sync does not look for it again. */
export const GONE_PHASES: ReadonlySet<LifecyclePhase> = new Set(['deleted', 'transferred-away']);
