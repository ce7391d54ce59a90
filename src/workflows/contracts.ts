/**
 * Workflow inputs, results and IDs: the contract shared by the workflows, the client helpers, the
 * command line and services in other languages (documented as JSON in the README). Validated with
 * zod at the edge and again at the top of each workflow.
 */
import { z } from 'zod';
import { msToNumber } from '@temporalio/common/lib/time';
import { domainNameSchema, hostNameSchema } from '../domain/domain-name';
import { REGISTRAR_NAMES, type RegistrarName } from '../registrars/registrar';
import { contactSchema, contactSetSchema } from '../domain/contact';
import {
  checkRegistrantChangeInput,
  REGISTRANT_CHANGE_MODES,
  type RegistrantChangeProcedure,
} from '../domain/registrant-change';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { checkRegistrationPolicy } from '../domain/tld-policy';
import { parseSwissUid } from '../domain/swiss-uid';
import { domainFactsSchema, type DomainFacts } from '../domain/portfolio';

export const DEFAULT_TASK_QUEUE = 'domainflow';

const duration = (min: string) =>
  z.string().refine(
    (value) => {
      try {
        return msToNumber(value as never) >= msToNumber(min as never);
      } catch {
        return false;
      }
    },
    { message: `must be a duration such as '5 minutes', '6h' or '10d', at least ${min}` },
  );

export const registrarNameSchema = z.enum(REGISTRAR_NAMES, {
  message: `must be one of ${REGISTRAR_NAMES.join(', ')}`,
});

export const transferPollingSchema = z
  .object({
    /** first wait between status checks */
    initialInterval: duration('1s').default('5 minutes'),
    /** the wait grows by this factor after each check ... */
    backoffCoefficient: z.number().min(1, 'must be at least 1').max(10, 'must be at most 10').default(2),
    /** ... up to this */
    maxInterval: duration('1s').default('6 hours'),
    /** give up and tell a human after this long */
    deadline: duration('1m').default('10 days'),
  })
  .refine(
    (p) => {
      // The field checks report bad durations; this rule only compares two good ones.
      try {
        return msToNumber(p.maxInterval as never) >= msToNumber(p.initialInterval as never);
      } catch {
        return true;
      }
    },
    { message: 'must not be shorter than initialInterval', path: ['maxInterval'] },
  );

export const transferDomainInputSchema = z
  .object({
    domain: domainNameSchema,
    /** EPP auth code from the losing registrar */
    authCode: z
      .string({ message: 'is required' })
      .min(1, 'is required')
      .max(255, 'must be at most 255 characters')
      .refine((v) => v.trim() === v && !/[\r\n]/.test(v), 'must not contain line breaks or surrounding spaces'),
    registrar: registrarNameSchema.default('ispapi'),
    /** nameservers to set once the transfer completes (registries ignore them on the transfer itself) */
    nameservers: z
      .array(hostNameSchema)
      .min(2, 'must list 2 to 13 nameservers')
      .max(13, 'must list 2 to 13 nameservers')
      .refine((list) => new Set(list).size === list.length, 'must not repeat a nameserver')
      .optional(),
    /** apply `nameservers` after the transfer; defaults to true when nameservers are given */
    updateNameservers: z.boolean().optional(),
    /** set the transfer lock after the transfer */
    transferLock: z.boolean().default(false),
    /** transfer period in years; omitted lets the registry default apply (e.g. free transfers) */
    periodYears: z.number().int().min(0).max(10).optional(),
    customerId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .optional(),
    polling: transferPollingSchema.default({
      initialInterval: '5 minutes',
      backoffCoefficient: 2,
      maxInterval: '6 hours',
      deadline: '10 days',
    }),
  })
  .refine((input) => !(input.updateNameservers === true && !input.nameservers), {
    message: 'needs nameservers when updateNameservers is true',
    path: ['updateNameservers'],
  });

export type TransferDomainInput = z.input<typeof transferDomainInputSchema>;
export type TransferDomainParams = z.output<typeof transferDomainInputSchema>;

export const transferWorkflowId = (asciiDomain: string): string => `transfer:${asciiDomain}`;

export type TransferPhase =
  | 'checking'
  | 'requesting'
  | 'pending'
  | 'updating-nameservers'
  | 'locking'
  | 'completed'
  | 'rejected'
  | 'failed'
  | 'timed-out';

export type TransferOutcome = 'completed' | 'rejected' | 'failed' | 'timed-out';

export interface StatusLogEntry {
  at: string;
  from: string;
  to: string;
  why: string;
}

export interface TransferDomainResult {
  domain: string;
  registrar: string;
  outcome: TransferOutcome;
  /** the registrar's reason when the outcome is not completed */
  reason?: string;
  nameserversUpdated: boolean;
  transferLockSet: boolean;
  statusChecks: number;
  finishedAt: string;
}

export interface TransferState {
  domain: string;
  registrar: string;
  phase: TransferPhase;
  /** status checks made so far */
  attempts: number;
  nextCheckAt?: string;
  deadline?: string;
  registrarStatus?: string;
  log: StatusLogEntry[];
  result?: TransferDomainResult;
}

// ---------------------------------------------------------------------------------------------
// registerDomain

export const moneySchema = z.object({
  amount: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal amount such as 120.00'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
});

export const registerDomainInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    periodYears: z
      .number()
      .int('must be a whole number of years')
      .min(1, 'must be 1-10 years')
      .max(10, 'must be 1-10 years')
      .default(1),
    nameservers: z
      .array(hostNameSchema)
      .min(2, 'must list 2 to 13 nameservers')
      .max(13, 'must list 2 to 13 nameservers')
      .refine((list) => new Set(list).size === list.length, 'must not repeat a nameserver')
      .optional(),
    contacts: contactSetSchema,
    /** TLD extras by neutral key (see src/domain/tld-policy.ts), e.g. { "legalType": "CCO" } */
    extras: z.record(z.string(), z.string()).default({}),
    transferLock: z.boolean().default(false),
    privacy: z.boolean().default(false),
    /** a premium name is registered only when this equals the registrar's quote */
    acceptPremiumPrice: moneySchema.optional(),
    customerId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .optional(),
    /** how long to wait for a registry that answers "pending" */
    activation: z
      .object({
        initialInterval: duration('1s').default('1 minute'),
        maxInterval: duration('1s').default('1 hour'),
        deadline: duration('1m').default('7 days'),
      })
      .default({ initialInterval: '1 minute', maxInterval: '1 hour', deadline: '7 days' }),
  })
  .superRefine((input, ctx) => {
    for (const problem of checkRegistrationPolicy(input.domain, input.periodYears, input.extras)) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    }
  });

export type RegisterDomainInput = z.input<typeof registerDomainInputSchema>;
export type RegisterDomainParams = z.output<typeof registerDomainInputSchema>;

export const registerWorkflowId = (asciiDomain: string): string => `register:${asciiDomain}`;

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

// ---------------------------------------------------------------------------------------------
// customerAccount: prepaid balances in minor units (cents), never floats

const reference = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits or . _ : -');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');
const minorUnits = z
  .number()
  .int('must be a whole number of minor units (cents)')
  .positive('must be more than 0')
  .max(1_000_000_000_00, 'must be at most 1,000,000,000.00');

export const customerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores');

export const depositSchema = z.object({
  reference,
  amount: minorUnits,
  currency,
  memo: z.string().max(200).optional(),
});
export const reserveSchema = z.object({
  reference,
  amount: minorUnits,
  currency,
  memo: z.string().max(200).optional(),
  /** a workflow to signal (fundsDeposited) when a deposit arrives after this was refused */
  notifyWorkflowId: z.string().min(1).max(1000).optional(),
});
export const settleSchema = z.object({ reference });

export type DepositRequest = z.input<typeof depositSchema>;
export type ReserveRequest = z.input<typeof reserveSchema>;
export type SettleRequest = z.input<typeof settleSchema>;

export interface Reservation {
  reference: string;
  amount: number;
  currency: string;
  memo?: string;
  at: string;
}

export interface LedgerEntry {
  at: string;
  kind: 'deposit' | 'reserve' | 'release' | 'capture' | 'refused';
  reference: string;
  amount: number;
  currency: string;
  memo?: string;
}

export type AccountOperationResult =
  | { status: 'deposited' | 'reserved' | 'released' | 'captured'; reference: string; duplicate: boolean }
  | {
      status: 'refused';
      reference: string;
      reason: 'insufficient-funds' | 'unknown-reservation' | 'already-captured' | 'already-released';
      available?: number;
      duplicate: boolean;
    };

export interface CurrencyBalance {
  currency: string;
  /** money the customer has (deposits minus captures) */
  balance: number;
  /** held for open reservations */
  reserved: number;
  /** balance minus reserved */
  available: number;
}

export interface AccountState {
  customerId: string;
  balances: Record<string, number>;
  reservations: Reservation[];
  /** reference -> first result, so a repeated reference changes nothing */
  processed: Array<[string, AccountOperationResult]>;
  entries: LedgerEntry[];
  waitingForFunds: string[];
}

export interface AccountView {
  customerId: string;
  currencies: CurrencyBalance[];
  reservations: Reservation[];
  recentEntries: LedgerEntry[];
}

export const customerAccountInputSchema = z.object({
  customerId: customerIdSchema,
  /** carried over by continue-as-new */
  state: z.custom<AccountState>((v) => v === undefined || (typeof v === 'object' && v !== null)).optional(),
  /** continue as new after this many history events (tests use a small number) */
  continueAsNewAfterEvents: z.number().int().min(50).max(50_000).default(10_000),
});
export type CustomerAccountInput = z.input<typeof customerAccountInputSchema>;

export const accountWorkflowId = (customerId: string): string => `account:${customerId}`;

// ---------------------------------------------------------------------------------------------
// renewDomain

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    // Date.parse quietly turns 2026-02-30 into March 2nd: the day must survive a round trip.
    const parsed = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v && v > '1970-01-01';
  }, 'must be a real date after 1970');

export const renewDomainInputSchema = z.object({
  domain: domainNameSchema,
  registrar: registrarNameSchema.default('ispapi'),
  /** the registry expiry date of the term being renewed: part of the workflow ID, once per term */
  expiresOn: isoDate,
  periodYears: z
    .number()
    .int('must be a whole number of years')
    .min(1, 'must be 1-10 years')
    .max(10, 'must be 1-10 years')
    .default(1),
  /** hard quarantine / redemption: restore only when this fee is accepted (equal to or above the registrar's) */
  acceptRestoreFee: moneySchema.optional(),
  customerId: customerIdSchema.optional(),
  /** how long to wait for a restore the registry answers as pending */
  restoreDeadline: duration('1m').default('5 days'),
});

export type RenewDomainInput = z.input<typeof renewDomainInputSchema>;
export const renewWorkflowId = (asciiDomain: string, expiresOn: string): string => `renew:${asciiDomain}:${expiresOn}`;

export type RenewOutcome =
  'renewed' | 'restored' | 'already-renewed' | 'needs-attention' | 'deleted' | 'transferred-away';
export type RenewPhase = 'reading' | 'renewing' | 'restoring' | 'verifying' | RenewOutcome;

export interface RenewDomainResult {
  domain: string;
  registrar: string;
  outcome: RenewOutcome;
  /** what the registrar showed before acting */
  phaseFound: string;
  /** the action taken: renew, pay, soft-restore, hard-restore or none */
  action: 'renew' | 'pay' | 'soft-restore' | 'hard-restore' | 'none';
  /**
   * true when this workflow paid its term (renewal or restore), whichever attempt of the paying
   * call paid it: also when that attempt's answer was lost and its retry found the term extended.
   * false when the term was already extended before this workflow paid anything (docs/renew.md)
   */
  charged: boolean;
  previousExpiresAt?: string;
  newExpiresAt?: string;
  reason?: string;
  finishedAt: string;
}

export interface RenewState {
  domain: string;
  registrar: string;
  phase: RenewPhase;
  log: StatusLogEntry[];
  result?: RenewDomainResult;
}

// ---------------------------------------------------------------------------------------------
// backorder

export const backorderInputSchema = z.object({
  customerId: customerIdSchema,
  domain: domainNameSchema,
  registrar: registrarNameSchema.default('ispapi'),
  currency: currency.default('USD'),
  contacts: contactSetSchema,
  /** where the customer's mail goes; defaults to the owner's address */
  notifyEmail: z.email({ message: 'must be an e-mail address' }).optional(),
  /** windows before the drop (registry and registrar rules; shorter only in tests) */
  timing: z
    .object({
      activateBefore: duration('1s').default('3 days'),
      processBefore: duration('1s').default('2 hours'),
      giveUpAfterDrop: duration('1s').default('2 days'),
      recheckEvery: duration('1s').default('1 day'),
      pollEvery: duration('1s').default('1 hour'),
    })
    .default({
      activateBefore: '3 days',
      processBefore: '2 hours',
      giveUpAfterDrop: '2 days',
      recheckEvery: '1 day',
      pollEvery: '1 hour',
    }),
});
export type BackorderInput = z.input<typeof backorderInputSchema>;
export const backorderWorkflowId = (customerId: string, asciiDomain: string): string =>
  `backorder:${customerId}:${asciiDomain}`;

export type BackorderWorkflowStatus =
  | 'REQUESTED'
  | 'ACTIVE'
  | 'PROCESSING'
  | 'AUCTION-PENDING'
  | 'PENDING-PAYMENT'
  | 'SUCCESSFUL'
  | 'FAILED'
  | 'AUCTION-WON'
  | 'AUCTION-LOST'
  | 'CANCELLED';

export interface BackorderState {
  customerId: string;
  domain: string;
  phase: BackorderWorkflowStatus;
  dropAt?: string;
  reference?: string;
  /** price in minor units */
  price?: { amount: number; currency: string };
  fundsReserved: boolean;
  lowBalanceMailSent: boolean;
  nextCheckAt?: string;
  log: StatusLogEntry[];
  result?: BackorderResult;
}

export interface BackorderResult {
  customerId: string;
  domain: string;
  status: BackorderWorkflowStatus;
  reason?: string;
  reference?: string;
  /** minor units actually taken from the customer's balance */
  charged: number;
  currency: string;
  finishedAt: string;
}

// ---------------------------------------------------------------------------------------------
// swissApplication

export const swissApplicationInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    contacts: contactSetSchema,
    nameservers: z
      .array(hostNameSchema)
      .min(2, 'must list 2 to 13 nameservers')
      .max(13, 'must list 2 to 13 nameservers')
      .optional(),
    /** the registrant's UID, CHE-109.322.551 or CHE109322551 */
    enterpriseId: z.string().transform((value, ctx) => {
      const parsed = parseSwissUid(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.rule });
        return z.NEVER;
      }
      return parsed.value;
    }),
    /** what the name will be used for (the registry publishes and checks it) */
    intendedUse: z
      .string()
      .trim()
      .min(10, 'must describe the use in at least 10 characters')
      .max(500, 'must be at most 500 characters'),
    customerId: customerIdSchema.optional(),
    checkEvery: duration('1s').default('1 day'),
    deadline: duration('1m').default('120 days'),
  })
  .refine((input) => input.domain.endsWith('.swiss'), { message: 'must be a .swiss name', path: ['domain'] });

export type SwissApplicationInput = z.input<typeof swissApplicationInputSchema>;
export const swissApplicationWorkflowId = (asciiDomain: string): string => `swiss-application:${asciiDomain}`;

export type SwissPhase = 'submitting' | 'PENDING' | 'ACTIVE' | 'CANCELLED' | 'needs-attention';

export interface SwissApplicationResult {
  domain: string;
  status: 'ACTIVE' | 'CANCELLED' | 'needs-attention';
  reference?: string;
  expiresAt?: string;
  reason?: string;
  checks: number;
  finishedAt: string;
}

export interface SwissApplicationState {
  domain: string;
  phase: SwissPhase;
  reference?: string;
  checks: number;
  nextCheckAt?: string;
  log: StatusLogEntry[];
  result?: SwissApplicationResult;
}

// ---------------------------------------------------------------------------------------------
// changeRegistrant

export const changeRegistrantInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    /** the new registrant */
    registrant: contactSchema,
    /**
     * the registrant as the reseller's records show it: when given, the procedure's input rules
     * (e.g. no name change on .ca) are checked before any registrar call; otherwise it is read
     */
    currentRegistrant: contactSchema.optional(),
    /** how an ICANN change is confirmed: the reseller as designated agent, or the old registrant by mail */
    mode: z
      .enum(REGISTRANT_CHANGE_MODES, { message: `must be one of ${REGISTRANT_CHANGE_MODES.join(', ')}` })
      .default('designated-agent'),
    /** ask the registry not to lock transfers for 60 days after the change (never sent to AFNIC) */
    optOutTransferLock: z.boolean().default(false),
    /** TLD extras by neutral key (src/domain/registrant-change.ts), e.g. .it { "pin": "…", "acceptSection3": "1" } */
    extras: z.record(z.string(), z.string()).default({}),
    customerId: customerIdSchema.optional(),
    /** how often a pending change is checked */
    checkEvery: duration('1s').default('6 hours'),
    /** how long a registry trade may stay pending (confirmations lapse after the policy's 14 days) */
    deadline: duration('1m').default('30 days'),
  })
  .superRefine((input, ctx) => {
    for (const problem of checkRegistrantChangeInput(
      input.domain,
      input.registrant,
      input.extras,
      input.currentRegistrant,
    )) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    }
  });

export type ChangeRegistrantInput = z.input<typeof changeRegistrantInputSchema>;
export const changeRegistrantWorkflowId = (asciiDomain: string): string => `registrant-change:${asciiDomain}`;

export type RegistrantChangeOutcome = 'completed' | 'denied' | 'expired' | 'failed' | 'cancelled' | 'timed-out';
export type RegistrantChangePhase = 'deciding' | 'updating' | 'trading' | 'pending' | RegistrantChangeOutcome;

export interface ChangeRegistrantResult {
  domain: string;
  registrar: string;
  procedure: RegistrantChangeProcedure;
  /** why this procedure, for people */
  why: string;
  outcome: RegistrantChangeOutcome;
  reason?: string;
  /** the registry answered "use an update" (ISPAPI 506/219) and a contact update was made instead */
  fellBackToUpdate: boolean;
  /** end of the transfer lock the change left (60 days after an IRTP change without opt-out), ISO 8601 UTC */
  transferLockUntil?: string;
  statusChecks: number;
  finishedAt: string;
}

export interface ChangeRegistrantState {
  domain: string;
  registrar: string;
  phase: RegistrantChangePhase;
  procedure?: RegistrantChangeProcedure;
  why?: string;
  /** the material fields that change (first name, last name, organisation, e-mail) */
  materialFields?: string[];
  /** registrant-confirmation: when the old registrant's confirmation lapses */
  confirmBy?: string;
  statusChecks: number;
  confirmationsResent: number;
  nextCheckAt?: string;
  registrarStatus?: string;
  log: StatusLogEntry[];
  result?: ChangeRegistrantResult;
}

export const changeRegistrantStateQuery = defineQuery<ChangeRegistrantState>('state');
/** Sends the old registrant's confirmation mail again (registrant-confirmation). */
export const resendConfirmationSignal = defineSignal('resendConfirmation');
/** Withdraws a pending change at the registrar and ends the workflow `cancelled`. */
export const cancelRegistrantChangeSignal = defineSignal('cancel');

// ---------------------------------------------------------------------------------------------
// Change events (webhooks) and the sync report: docs/events.md

/**
 * A change worth telling the billing system about. `id` is stable for the change itself
 * (`<domain>:<type>:<discriminator>`), so a second emission of the same change is dropped by the
 * delivery workflow's ID and a receiver de-duplicates retried deliveries by it.
 */
export const changeEventSchema = z.object({
  id: z
    .string({ message: 'is required' })
    .min(1, 'must not be empty')
    .max(800, 'must be at most 800 characters (it is part of a workflow ID)'),
  type: z
    .string({ message: 'is required' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a dotted name such as 'domain.expiry-changed'"),
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z' }),
  domain: domainNameSchema,
  registrar: registrarNameSchema,
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ChangeEvent = z.input<typeof changeEventSchema>;

/** One delivery workflow per event: the ID is the de-duplication. */
export const changeEventWorkflowId = (eventId: string): string => `event:${eventId}`;

export interface WebhookDeliveryResult {
  url: string;
  /** delivered = a 2xx answer; failed = refused for good (a 4xx) or retries used up */
  status: 'delivered' | 'failed';
  /** delivery attempts made, including the successful one */
  attempts: number;
  /** HTTP status of the last answer, when there was one */
  httpStatus?: number;
  reason?: string;
}

export interface DeliverChangeEventResult {
  eventId: string;
  /** one entry per configured receiver; empty when no DOMAINFLOW_WEBHOOK_URLS are configured */
  receivers: WebhookDeliveryResult[];
}

const changeFrom = z.string().nullable();
const valueChange = z.object({ domain: z.string(), from: changeFrom, to: changeFrom });

/** What one sync run changed, for the admin's report mail (sendSyncReport). */
export const syncReportSchema = z.object({
  registrar: registrarNameSchema,
  account: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  domainsSeen: z.number().int().min(0),
  expiryChanges: z.array(valueChange).default([]),
  dueDateChanges: z.array(valueChange).default([]),
  phaseChanges: z.array(valueChange).default([]),
  corrections: z
    .array(
      z.object({
        domain: z.string(),
        setting: z.enum(['autorenew', 'privacy']),
        from: z.union([z.boolean(), z.string()]),
        to: z.union([z.boolean(), z.string()]),
      }),
    )
    .default([]),
  errors: z.array(z.object({ domain: z.string().optional(), message: z.string() })).default([]),
});
export type SyncReport = z.input<typeof syncReportSchema>;

// ---------------------------------------------------------------------------------------------
// The portfolio: the `domain` entity, syncPortfolio and importPortfolio (docs/portfolio.md)

export { domainFactsSchema, lifecyclePhaseSchema, type DomainFacts } from '../domain/portfolio';

export const OBSERVATION_SOURCES = [
  'sync',
  'import',
  'register',
  'transfer',
  'swiss-application',
  'backorder',
  'renew',
  'manual',
] as const;
export type ObservationSource = (typeof OBSERVATION_SOURCES)[number];

/** Facts about one domain as somebody saw them at one moment: what `observe` takes. */
export const domainObservationSchema = z.object({
  source: z.enum(OBSERVATION_SOURCES, { message: `must be one of ${OBSERVATION_SOURCES.join(', ')}` }),
  observedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2027-01-31T12:00:00Z' }),
  facts: domainFactsSchema,
  customerId: customerIdSchema.optional(),
  /** the workflow whose success produced these facts, e.g. register:example.com */
  workflowId: z.string().min(1).max(1000).optional(),
  /** the same id again (a retried activity) returns the first answer and changes nothing */
  observationId: z.string().min(1).max(1000).optional(),
});
export type DomainObservation = z.input<typeof domainObservationSchema>;

export const domainWishesSchema = z.object({
  /** this engine renews the domain at its due date (the registrar's own auto-renewal stays off) */
  autorenew: z.boolean().optional(),
  /** WHOIS privacy, pushed to the registrar and corrected when the registrar drifts */
  privacy: z.boolean().optional(),
});
export type DomainWishes = z.infer<typeof domainWishesSchema>;

export type DomainChangeKind =
  'expiry' | 'due-date' | 'phase' | 'autorenew' | 'privacy' | 'transfer-lock' | 'nameservers' | 'wish';

/** One real change the entity recorded (and, for the kinds billing cares about, emitted as an event). */
export interface DomainChange {
  kind: DomainChangeKind;
  /** for kind 'wish': which wish */
  setting?: 'autorenew' | 'privacy';
  from: string | boolean | null;
  to: string | boolean | null;
  at: string;
  source: ObservationSource | 'wish';
  /** the ChangeEvent id, when one was emitted */
  eventId?: string;
  /** the registrar drifted from the wish: the entity pushes the wish back (autorenew: off at the registrar) */
  correction?: { setting: 'autorenew' | 'privacy'; to: boolean };
}

export interface DomainRenewalStarted {
  expiresOn: string;
  workflowId: string;
  at: string;
  /** due: started by the entity at the due date; update: by the renew Update */
  by: 'due' | 'update';
}

export interface DomainEntityState {
  domain: string;
  registrar: RegistrarName;
  customerId?: string;
  facts: DomainFacts;
  /** when the facts were last observed, and by whom */
  observedAt?: string;
  observedBy?: ObservationSource;
  wishes: DomainWishes;
  dueDateOffsetDays: number;
  /** newest last, at most MAX_RECENT_CHANGES */
  recentChanges: DomainChange[];
  /** changes recorded since the entity was created (across continue-as-new) */
  changeCount: number;
  /** registrar settings the entity still has to push (corrections of drift) */
  pendingCorrections: Array<{ setting: 'autorenew' | 'privacy'; to: boolean }>;
  /** newest last, at most 5 */
  renewals: DomainRenewalStarted[];
  /** the last observation with an id and what it changed (a retried observe returns it again) */
  lastObservation?: { id: string; changes: DomainChange[] };
}

export interface DomainEntityView extends DomainEntityState {
  /** expiry people plan by minus the offset, YYYY-MM-DD */
  dueDate?: string;
  digest: string;
}

export const domainEntityInputSchema = z.object({
  domain: domainNameSchema,
  registrar: registrarNameSchema,
  customerId: customerIdSchema.optional(),
  /** first facts (import, sync, a successful registration) */
  observation: domainObservationSchema.optional(),
  wishes: domainWishesSchema.default({}),
  /** due date = expiry - this many days (DOMAINFLOW_DUE_DATE_OFFSET_DAYS) */
  dueDateOffsetDays: z.number().int().min(0).max(365).default(30),
  /** carried over by continue-as-new */
  state: z.custom<DomainEntityState>((v) => v === undefined || (typeof v === 'object' && v !== null)).optional(),
  /** continue as new after this many history events (tests use a small number) */
  continueAsNewAfterEvents: z.number().int().min(50).max(50_000).default(10_000),
});
export type DomainEntityInput = z.input<typeof domainEntityInputSchema>;

export const domainWorkflowId = (asciiDomain: string): string => `domain:${asciiDomain}`;

export interface ObserveResult {
  domain: string;
  changes: DomainChange[];
  digest: string;
}

export const setWishSchema = z.object({ enabled: z.boolean({ message: 'must be true or false' }) });
export type SetWishRequest = z.input<typeof setWishSchema>;
export interface SetWishResult {
  domain: string;
  setting: 'autorenew' | 'privacy';
  enabled: boolean;
  /** false when the wish was already so */
  changed: boolean;
  /** the registrar was told (privacy; autorenew: its own auto-renewal switched off) */
  pushedToRegistrar: boolean;
}

export const domainRenewRequestSchema = z.object({
  /** the term to renew; default the registry expiry the entity knows */
  expiresOn: isoDate.optional(),
  periodYears: z.number().int().min(1, 'must be 1-10 years').max(10, 'must be 1-10 years').default(1),
  acceptRestoreFee: moneySchema.optional(),
});
export type DomainRenewRequest = z.input<typeof domainRenewRequestSchema>;
export interface DomainRenewResult {
  domain: string;
  workflowId: string;
  expiresOn: string;
  /** false: that term's renewal was already started (exactly once per term) */
  started: boolean;
}

const accountName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores');

const portfolioRunFields = {
  registrar: registrarNameSchema,
  /** the registrar account (one schedule per account); the worker's configured account is 'default' */
  account: accountName.default('default'),
  /** domains per list call (Openprovider allows at most 1000) */
  pageSize: z.number().int().min(1, 'must be 1-1000').max(1000, 'must be 1-1000').default(1000),
  /** the rate-limited task queue of the list activities; default `<workflow task queue>-<registrar>` */
  listTaskQueue: z.string().min(1).max(200).optional(),
  dueDateOffsetDays: z.number().int().min(0).max(365).default(30),
};

export const syncPortfolioInputSchema = z.object({
  ...portfolioRunFields,
  /** mail the SyncReport (sendSyncReport decides about empty reports) */
  sendReport: z.boolean().default(true),
});
export type SyncPortfolioInput = z.input<typeof syncPortfolioInputSchema>;

export const importPortfolioInputSchema = z.object(portfolioRunFields);
export type ImportPortfolioInput = z.input<typeof importPortfolioInputSchema>;

/** Schedules and manual runs: `sync:<registrar>:<account>` (a schedule appends the run time). */
export const syncWorkflowIdPrefix = (registrar: string, account: string): string => `sync:${registrar}:${account}`;
export const syncScheduleId = (registrar: string, account: string): string => `sync-schedule:${registrar}:${account}`;
export const importWorkflowId = (registrar: string, account: string): string => `import:${registrar}:${account}`;
export const registrarListTaskQueue = (taskQueue: string, registrar: string): string => `${taskQueue}-${registrar}`;

export type PortfolioRunPhase = 'listing' | 'checking-missing' | 'reporting' | 'done';

export interface PortfolioRunProgress {
  registrar: RegistrarName;
  account: string;
  phase: PortfolioRunPhase;
  startedAt: string;
  finishedAt?: string;
  pagesRead: number;
  /** domains the registrar listed so far */
  domainsSeen: number;
  /** what the registrar says it has in all (when the list answer carries it) */
  total?: number;
  /** domain workflows started for domains seen for the first time */
  started: number;
  /** existing domain workflows told about different facts */
  updated: number;
  /** unchanged: skipped by digest, no workflow touched */
  unchanged: number;
  /** domains no longer listed, checked one by one */
  missingChecked: number;
  /** registrar calls made by this run (list pages, missing checks) */
  registrarCalls: number;
  errors: number;
}

export interface SyncPortfolioResult extends PortfolioRunProgress {
  report: SyncReport;
  reportSent: boolean;
}
export type ImportPortfolioResult = PortfolioRunProgress;
