/**
 * Per-domain changes as Updates of the `domain` entity (issue 15 part A; docs/domain-management.md):
 * nameservers, the registrar lock and the contacts of each role. Each is idempotent by its
 * requestId, one at a time per domain, verified by reading the registrar back, recorded in the
 * entity's recentChanges and emitted as one change event.
 */
import { z } from 'zod';
import { defineUpdate } from '@temporalio/workflow';
import { CONTACT_ROLES, contactSchema, type ContactRole } from '../domain/contact';
import { registrarNameSchema, uniqueNameserverListSchema } from './common';
import { registrarAccountSchema } from './registrar-account';

/** Answers the entity keeps per requestId (a repeated id within these gets the first answer). */
export const MAX_CHANGE_REQUESTS = 100;

/** Chosen by the caller (a bulk job derives it from its own ID); without one the entity makes one. */
export const changeRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:@-]{1,200}$/, 'must be 1-200 letters, digits or . _ : @ -');

export const setNameserversRequestSchema = z.object({
  requestId: changeRequestIdSchema.optional(),
  /** 2-13 host names, Unicode or ASCII (stored as ASCII), no repeats after that conversion */
  nameservers: uniqueNameserverListSchema,
});
export type SetNameserversRequest = z.input<typeof setNameserversRequestSchema>;
export interface SetNameserversResult {
  domain: string;
  /** false: the registrar already had exactly these (nothing was sent) */
  changed: boolean;
  /** as the registrar shows them after the change */
  nameservers: string[];
  requestId: string;
}

export const setTransferLockRequestSchema = z.object({
  requestId: changeRequestIdSchema.optional(),
  locked: z.boolean({ message: 'must be true or false' }),
});
export type SetTransferLockRequest = z.input<typeof setTransferLockRequestSchema>;
export interface SetTransferLockResult {
  domain: string;
  changed: boolean;
  locked: boolean;
  requestId: string;
}

export const updateContactRequestSchema = z.object({
  requestId: changeRequestIdSchema.optional(),
  role: z.enum(CONTACT_ROLES, { message: `must be one of ${CONTACT_ROLES.join(', ')}` }),
  contact: contactSchema,
});
export type UpdateContactRequest = z.input<typeof updateContactRequestSchema>;
export interface UpdateContactResult {
  domain: string;
  role: ContactRole;
  /** false: the registrar already held this data for the role */
  changed: boolean;
  /** the handle the role points at now (absent while a changeRegistrant runs) */
  handle?: string;
  /**
   * update: the role's contact was replaced; changeRegistrant: a material owner change (first or
   * last name, organisation, e-mail; ICANN IRTP-C) went to the `changeRegistrant` workflow
   */
  via: 'update' | 'changeRegistrant';
  changeRegistrantWorkflowId?: string;
  requestId: string;
}

/** A change request the entity answered, kept so a repeated requestId gets the same answer. */
export interface AnsweredChangeRequest {
  requestId: string;
  update: 'setNameservers' | 'setTransferLock' | 'updateContact';
  result: SetNameserversResult | SetTransferLockResult | UpdateContactResult;
}

export const setNameserversUpdate = defineUpdate<SetNameserversResult, [SetNameserversRequest]>('setNameservers');
export const setTransferLockUpdate = defineUpdate<SetTransferLockResult, [SetTransferLockRequest]>('setTransferLock');
export const updateContactUpdate = defineUpdate<UpdateContactResult, [UpdateContactRequest]>('updateContact');

/** Failure types the three Updates answer with (ApplicationFailure.type), besides InvalidInput. */
export const DOMAIN_CHANGE_ERRORS = {
  /** the registrar does not hold the domain in this account */
  notFound: 'DomainNotInAccount',
  /** the registry of this domain has no transfer lock */
  noLock: 'TransferLockUnsupported',
  /** the registrar refused the change (its words in the message) */
  refused: 'DomainChangeRefused',
  /** the registrar took the change but reading back does not show it */
  notApplied: 'DomainChangeNotApplied',
} as const;

/** The `contactHandle` workflow: one handle per contact identity (src/workflows/contact-handle.ts). */
export const contactHandleInputSchema = z.object({
  registrar: registrarNameSchema,
  contact: contactSchema,
  /** the registrar account (docs/accounts.md): handles belong to one account */
  account: registrarAccountSchema,
});
export type ContactHandleInput = z.input<typeof contactHandleInputSchema>;
export interface ContactHandleResult {
  handle: string;
  /** the registrar already had a handle for this data */
  reused: boolean;
}
export type ContactHandleWorkflow = (input: ContactHandleInput) => Promise<ContactHandleResult>;
/**
 * Asks the `contactHandle` workflow for its handle (sent with start, conflict policy USE_EXISTING):
 * every asker of one run gets the answer of its single registrar call.
 */
export const contactHandleUpdate = defineUpdate<ContactHandleResult, []>('handle');
