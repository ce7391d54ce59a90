/** changeRegistrant: a change of registrant by the TLD's procedure (docs/change-registrant.md). */
import { z } from 'zod';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { contactSchema } from '../domain/contact';
import {
  checkRegistrantChangeFields,
  checkRegistrantChangeInput,
  REGISTRANT_CHANGE_MODES,
  type RegistrantChangeProcedure,
} from '../domain/registrant-change';
import { customerIdSchema, durationSchema, registrarNameSchema, type StatusLogEntry } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

export const changeRegistrantInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
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
    checkEvery: durationSchema('1s').default('6 hours'),
    /** how long a registry trade may stay pending (confirmations lapse after the policy's 14 days) */
    deadline: durationSchema('1m').default('30 days'),
  })
  // Since the patch 'tld-fields-trade': the trade extras and the field table's fields a change of
  // registrant carries (.us nexus, .eu citizenship), for the new registrant.
  .superRefine((input, ctx) => {
    for (const problem of checkRegistrantChangeFields(
      input.domain,
      input.registrant,
      input.extras,
      input.currentRegistrant,
    )) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    }
  });

/** The input as checked before the patch 'tld-fields-trade' (trade extras only): replay only. */
export const legacyChangeRegistrantInputSchema = z
  .object(changeRegistrantInputSchema.shape)
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
/** `registrant-change:<domain>`; another account: `registrant-change:<account>:<domain>` */
export const changeRegistrantWorkflowId = (asciiDomain: string, account?: string): string =>
  accountScopedId(`registrant-change:${asciiDomain}`, account);

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

/** The `changeRegistrant` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type ChangeRegistrantWorkflow = (input: ChangeRegistrantInput) => Promise<ChangeRegistrantResult>;
