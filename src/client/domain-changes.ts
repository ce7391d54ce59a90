import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { domainNameSchema } from '../domain/domain-name';
import { parseOrThrow, ValidationError } from '../domain/validation';
import {
  type DomainEntityWorkflow,
  type SetNameserversRequest,
  setNameserversRequestSchema,
  type SetNameserversResult,
  setNameserversUpdate,
  type SetTransferLockRequest,
  setTransferLockRequestSchema,
  type SetTransferLockResult,
  setTransferLockUpdate,
  type UpdateContactRequest,
  updateContactRequestSchema,
  type UpdateContactResult,
  updateContactUpdate,
} from '../contracts';
import type { UpdateDefinition } from '@temporalio/common';
import type { RegistrarName } from '../registrars/registrar';
import { domainEntityId, domainEntityStartOperation, type DomainEntityTarget } from './domain';

/**
 * The `domain` entity's change Updates (docs/domain-management.md): nameservers, transfer lock,
 * contacts. With a registrar the entity is started when it does not exist yet (update-with-start),
 * so a domain never imported can be changed; without one it must exist already.
 */
export interface DomainChangeTarget extends Omit<DomainEntityTarget, 'registrar'> {
  /** needed only for a domain the engine does not manage yet (its record starts with this registrar) */
  registrar?: RegistrarName;
}

interface ChangeOptions {
  taskQueue?: string;
}

async function sendChange<Req, Res>(
  client: Client,
  target: DomainChangeTarget,
  update: UpdateDefinition<Res, [Req]>,
  schema: z.ZodType,
  request: Req,
  options: ChangeOptions,
): Promise<Res> {
  parseOrThrow(schema, request, 'request');
  const domain = parseOrThrow(domainNameSchema, target.domain, 'domain');
  if (target.registrar) {
    const startWorkflowOperation = new WithStartWorkflowOperation<DomainEntityWorkflow>(
      'domain',
      domainEntityStartOperation({ ...target, registrar: target.registrar }, options),
    );
    return client.workflow.executeUpdateWithStart(update, { args: [request], startWorkflowOperation });
  }
  try {
    // The entity of the target's account (domain:<account>:<name> for another than default).
    return await client.workflow
      .getHandle<DomainEntityWorkflow>(domainEntityId(domain, target.account))
      .executeUpdate(update, {
        args: [request],
      });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      throw new ValidationError(
        `registrar: ${domain} is not managed yet: name its registrar so that its record starts`,
        ['registrar'],
      );
    }
    throw err;
  }
}

/** Replaces the nameservers (2-13, IDN accepted); a repeated requestId returns the first answer. */
export function setNameservers(
  client: Client,
  target: DomainChangeTarget,
  request: SetNameserversRequest,
  options: ChangeOptions = {},
): Promise<SetNameserversResult> {
  return sendChange(client, target, setNameserversUpdate, setNameserversRequestSchema, request, options);
}

/** Turns the registrar lock on or off; a registry without one answers TransferLockUnsupported. */
export function setTransferLock(
  client: Client,
  target: DomainChangeTarget,
  request: SetTransferLockRequest,
  options: ChangeOptions = {},
): Promise<SetTransferLockResult> {
  return sendChange(client, target, setTransferLockUpdate, setTransferLockRequestSchema, request, options);
}

/** Replaces one role's contact; a material owner change starts changeRegistrant (the answer says so). */
export function updateContact(
  client: Client,
  target: DomainChangeTarget,
  request: UpdateContactRequest,
  options: ChangeOptions = {},
): Promise<UpdateContactResult> {
  return sendChange(client, target, updateContactUpdate, updateContactRequestSchema, request, options);
}
