/** registerDomain: registration, with premium prices and TLD rules (docs/register.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { contactSetSchema, type Contact } from '../domain/contact';
import { checkRegistrationBasics, checkRegistrationPolicy } from '../domain/tld-policy';
import { checkTldFields, prefillExtras, registrantFacts } from '../domain/tld-fields';
import {
  customerIdSchema,
  durationSchema,
  moneySchema,
  registrarNameSchema,
  uniqueNameserverListSchema,
  type StatusLogEntry,
} from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

const registerDomainInputObject = z.object({
  domain: domainNameSchema,
  registrar: registrarNameSchema.default('ispapi'),
  /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
  account: registrarAccountSchema,
  periodYears: z
    .number()
    .int('must be a whole number of years')
    .min(1, 'must be 1-10 years')
    .max(10, 'must be 1-10 years')
    .default(1),
  nameservers: uniqueNameserverListSchema.optional(),
  contacts: contactSetSchema,
  /** TLD extras by neutral key (see src/domain/tld-policy.ts), e.g. { "legalType": "CCO" } */
  extras: z.record(z.string(), z.string()).default({}),
  transferLock: z.boolean().default(false),
  privacy: z.boolean().default(false),
  /** a premium name is registered only when this equals the registrar's quote */
  acceptPremiumPrice: moneySchema.optional(),
  customerId: customerIdSchema.optional(),
  /** how long to wait for a registry that answers "pending" */
  activation: z
    .object({
      initialInterval: durationSchema('1s').default('1 minute'),
      maxInterval: durationSchema('1s').default('1 hour'),
      deadline: durationSchema('1m').default('7 days'),
    })
    .default({ initialInterval: '1 minute', maxInterval: '1 hour', deadline: '7 days' }),
});

/**
 * The input as checked since the patch 'tld-fields': the extras against the field table
 * (src/domain/tld-fields/), after its pre-fills (registerExtras), for the owner's kind and country.
 */
export const registerDomainInputSchema = registerDomainInputObject.superRefine((input, ctx) => {
  const problems = [
    ...checkRegistrationBasics(input.domain, input.periodYears),
    ...checkTldFields(input.domain, registerExtras(input), registrantFacts(input.contacts.owner)),
  ];
  for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});

/** The input as checked before the patch 'tld-fields' (only .ca's legal type known): replay only. */
export const legacyRegisterDomainInputSchema = registerDomainInputObject.superRefine((input, ctx) => {
  for (const problem of checkRegistrationPolicy(input.domain, input.periodYears, input.extras)) {
    ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  }
});

/**
 * The extras a registration sends: the given ones plus the field table's pre-fills for the owner
 * (its kind; the VAT ID, DK Hostmaster IDs and language of the owner and admin contacts).
 */
export function registerExtras(input: {
  domain: string;
  extras: Record<string, string>;
  contacts: { owner: Contact; admin?: Contact | undefined };
}): Record<string, string> {
  const { owner, admin } = input.contacts;
  return prefillExtras(input.domain, input.extras, registrantFacts(owner), { owner, ...(admin ? { admin } : {}) });
}

export type RegisterDomainInput = z.input<typeof registerDomainInputSchema>;
export type RegisterDomainParams = z.output<typeof registerDomainInputSchema>;

/** `register:<domain>`; another account: `register:<account>:<domain>` */
export const registerWorkflowId = (asciiDomain: string, account?: string): string =>
  accountScopedId(`register:${asciiDomain}`, account);

export type RegisterPhase =
  | 'checking'
  | 'contacts'
  | 'registering'
  | 'pending-activation'
  | 'finishing'
  | 'registered'
  | 'unavailable'
  | 'premium-not-accepted'
  | 'timed-out';

export type RegisterOutcome = 'registered' | 'unavailable' | 'premium-not-accepted' | 'timed-out';

export interface RegisterDomainResult {
  domain: string;
  registrar: string;
  outcome: RegisterOutcome;
  reason?: string;
  /** registry expiry, ISO 8601 UTC */
  expiresAt?: string;
  /** the registrar's reference for the domain */
  reference?: string;
  /** contact handles used, for registrars that have them */
  contactHandles?: Partial<Record<'owner' | 'admin' | 'tech' | 'billing', string>>;
  /** the registrar's premium quote, when the name is premium */
  premiumPrice?: { amount: string; currency: string };
  transferLockSet: boolean;
  privacySet: boolean;
  finishedAt: string;
}

export interface RegisterState {
  domain: string;
  registrar: string;
  phase: RegisterPhase;
  activationChecks: number;
  nextCheckAt?: string;
  log: StatusLogEntry[];
  result?: RegisterDomainResult;
}

export const registerStateQuery = defineQuery<RegisterState>('state');
// checkNow (check a pending registration now) is common.ts's checkNowSignal.

/** The `registerDomain` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type RegisterDomainWorkflow = (input: RegisterDomainInput) => Promise<RegisterDomainResult>;
