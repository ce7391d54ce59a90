/**
 * The `domain` entity: one managed domain for as long as it is managed, fed observations by the
 * other workflows, sync and import (docs/portfolio.md).
 */
import { z } from 'zod';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { domainFactsSchema, type DomainFacts } from '../domain/portfolio';
import type { RegistrarName } from '../registrars/names';
import type { ContactRole } from '../domain/contact';
import type { AnsweredChangeRequest } from './domain-changes';
import {
  continueAsNewAfterEventsSchema,
  customerIdSchema,
  isoDateSchema,
  moneySchema,
  registrarNameSchema,
} from './common';
import { registrarAccountSchema } from './registrar-account';

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
  | 'expiry'
  | 'due-date'
  | 'phase'
  | 'autorenew'
  | 'privacy'
  | 'transfer-lock'
  | 'nameservers'
  | 'wish'
  | 'contact'
  /** the DNS zone drifted from its declared state or is back in line (syncDns, docs/dns-drift.md) */
  | 'dns';

/** One real change the entity recorded (and, for the kinds billing cares about, emitted as an event). */
export interface DomainChange {
  kind: DomainChangeKind;
  /** for kind 'wish': which wish */
  setting?: 'autorenew' | 'privacy';
  from: string | boolean | null;
  to: string | boolean | null;
  at: string;
  /** update: one of the change Updates (setNameservers, setTransferLock, updateContact) */
  source: ObservationSource | 'wish' | 'update';
  /** for kind 'contact': which role */
  role?: ContactRole;
  /** the change Update's requestId */
  requestId?: string;
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
  /** set for an account other than `default` */
  account?: string;
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
  /** the change Updates answered last (newest last, at most MAX_CHANGE_REQUESTS), by requestId */
  changeRequests?: AnsweredChangeRequest[];
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
  /** the registrar account (docs/accounts.md); the ID is then domain:<account>:<name> */
  account: registrarAccountSchema,
  customerId: customerIdSchema.optional(),
  /** first facts (import, sync, a successful registration) */
  observation: domainObservationSchema.optional(),
  wishes: domainWishesSchema.default({}),
  /** due date = expiry - this many days (DOMAINFLOW_DUE_DATE_OFFSET_DAYS) */
  dueDateOffsetDays: z.number().int().min(0).max(365).default(30),
  /** carried over by continue-as-new */
  state: z.custom<DomainEntityState>((v) => v === undefined || (typeof v === 'object' && v !== null)).optional(),
  /** continue as new after this many history events (tests use a small number) */
  continueAsNewAfterEvents: continueAsNewAfterEventsSchema,
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
  expiresOn: isoDateSchema.optional(),
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

/** Facts someone observed; returns the real changes (and emits a ChangeEvent for each). */
export const observeUpdate = defineUpdate<ObserveResult, [DomainObservation]>('observe');
/** The same without waiting for an answer (fire and forget: imports of many domains). */
export const observedSignal = defineSignal<[DomainObservation]>('observed');
export const setAutorenewUpdate = defineUpdate<SetWishResult, [SetWishRequest]>('setAutorenew');
export const setPrivacyUpdate = defineUpdate<SetWishResult, [SetWishRequest]>('setPrivacy');
export const renewUpdate = defineUpdate<DomainRenewResult, [DomainRenewRequest]>('renew');
export const domainStateQuery = defineQuery<DomainEntityView>('state');

/** The `domain` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type DomainEntityWorkflow = (input: DomainEntityInput) => Promise<never>;
