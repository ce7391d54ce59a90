import { createHash } from 'node:crypto';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { contactSchema, type Contact, type ContactRole } from '../domain/contact';
import { materialChanges, type MaterialField } from '../domain/registrant-change';
import { ValidationError } from '../domain/validation';
import { startRegistrantChange } from '../client/change-registrant';
import {
  accountField,
  accountScopedId,
  type ContactHandleResult,
  type ContactHandleWorkflow,
  contactHandleUpdate,
} from '../contracts';
import { isContactRegistrar, type ContactRegistrar } from '../registrars/contacts';
import type { RegistrarName } from '../registrars/registrar';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

interface Target {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent: `default` */
  account?: string;
  domain: string;
}

/** The role's contact as the registrar holds it, compared with the wished one. */
export interface HeldContact {
  handle: string;
  /** the registrar already holds exactly the wished data */
  same: boolean;
  /** the material fields (IRTP-C) in which the wished data differs */
  materialFields: MaterialField[];
}

/**
 * The `contactHandle` workflow's ID: the registrar and a SHA-256 of the normalised contact data,
 * so concurrent callers for the same person meet in one workflow and no personal data shows in
 * the ID (workflow inputs are encrypted by the codec; IDs are not).
 */
export function contactHandleWorkflowId(registrar: RegistrarName, contact: Contact): string {
  const c = contactSchema.parse(contact);
  const canonical = JSON.stringify([
    c.firstName,
    c.lastName,
    c.organisation || '',
    c.street,
    c.city,
    c.state || '',
    c.postalCode,
    c.countryCode,
    c.phone,
    c.fax || '',
    c.email.toLowerCase(),
  ]);
  const digest = createHash('sha256').update(`domainflow-contact-v1|${canonical}`).digest('hex').slice(0, 40);
  return `contact:${registrar}:${digest}`;
}

export interface DomainChangeDependencies {
  registrars: RegistrarSet;
  /** a client on the worker's own connection: contactHandle and changeRegistrant are started through it */
  client: Client;
  taskQueue: string;
}

/** What the `domain` entity's change Updates need besides the Registrar interface (src/workflows/domain-changes.ts). */
export function createDomainChangeActivities(deps: DomainChangeDependencies) {
  const pick = (name: RegistrarName, account?: string): ContactRegistrar => {
    const registrar = registrarOf(deps.registrars, name, account);
    if (!isContactRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(`registrar ${name} cannot change contacts`, 'RegistrarUnsupportedError');
    }
    return registrar;
  };
  return {
    /** null when the domain is not in the account. */
    async readDomainContact(input: Target & { role: ContactRole; wanted: Contact }): Promise<HeldContact | null> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar, input.account);
        const held = await registrar.domainContact(input.domain, input.role);
        if (!held) return null;
        return {
          handle: held.handle,
          same: registrar.sameContactData(held.contact, input.wanted),
          materialFields: materialChanges(held.contact, input.wanted),
        };
      });
    },

    /** Called by the `contactHandle` workflow only: the registrar's handle for this data. */
    async createContactHandle(input: {
      registrar: RegistrarName;
      account?: string;
      contact: Contact;
    }): Promise<ContactHandleResult> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).contactHandle(input.contact));
    },

    /**
     * One handle per contact identity: starts (or joins) the `contactHandle` workflow of this data
     * and waits for its answer, so two orders for the same new person at once get one handle.
     */
    async ensureContactHandle(input: {
      registrar: RegistrarName;
      account?: string;
      contact: Contact;
    }): Promise<ContactHandleResult> {
      const startWorkflowOperation = new WithStartWorkflowOperation<ContactHandleWorkflow>('contactHandle', {
        taskQueue: deps.taskQueue,
        // Handles belong to one account: another account's run has its own ID (contact:<account>:...).
        workflowId: accountScopedId(contactHandleWorkflowId(input.registrar, input.contact), input.account),
        args: [{ registrar: input.registrar, contact: input.contact, ...accountField(input.account) }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: `Contact handle at ${input.registrar}`,
      });
      try {
        return await deps.client.workflow.executeUpdateWithStart(contactHandleUpdate, {
          args: [],
          startWorkflowOperation,
        });
      } catch (err) {
        // The registrar's "no" (or a bad contact) reaches the caller as from a direct call: the
        // same type and retryability. Anything else (a run that just ended) is retried.
        const failure = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
        const cause = failure instanceof ActivityFailure ? failure.cause : failure;
        if (cause instanceof ApplicationFailure) {
          throw ApplicationFailure.create({
            message: cause.message,
            type: cause.type ?? undefined,
            nonRetryable: cause.nonRetryable ?? undefined,
            details: cause.details ?? undefined,
          });
        }
        throw err;
      }
    },

    /** Points the role at the handle; done once the registrar shows it. */
    async setDomainContact(input: Target & { role: ContactRole; handle: string }): Promise<void> {
      return withRegistrarErrors(() =>
        pick(input.registrar, input.account).updateContact(input.domain, input.role, { handle: input.handle }),
      );
    },

    /**
     * Starts `changeRegistrant` for a material owner change; its own input rules (TLD extras, .ca
     * names) refuse here, naming the field. A change already running for the domain is refused
     * unless this is a retry of the call that started it.
     */
    async startOwnerChange(
      input: Target & { registrant: Contact; currentRegistrant?: Contact; customerId?: string },
    ): Promise<{ workflowId: string }> {
      try {
        const started = await startRegistrantChange(
          deps.client,
          {
            domain: input.domain,
            registrar: input.registrar,
            // The entity's own account: the change runs there (registrant-change:<account>:<domain>).
            ...accountField(input.account),
            registrant: input.registrant,
            ...(input.customerId ? { customerId: input.customerId } : {}),
          },
          { taskQueue: deps.taskQueue },
        );
        if (!started.started && Context.current().info.attempt === 1) {
          throw ApplicationFailure.nonRetryable(
            `a change of registrant of ${input.domain} is already running (${started.workflowId}): wait for it or cancel it`,
            'RegistrantChangeRunning',
          );
        }
        return { workflowId: started.workflowId };
      } catch (err) {
        if (err instanceof ValidationError) {
          throw ApplicationFailure.nonRetryable(
            `invalid request: ${err.message} (use domainflow change-registrant for extras)`,
            'InvalidInput',
          );
        }
        throw err;
      }
    },
  };
}

export type DomainChangeActivities = ReturnType<typeof createDomainChangeActivities>;
