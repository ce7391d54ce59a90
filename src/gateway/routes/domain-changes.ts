/**
 * The everyday changes of a managed domain, as the `domain` entity's Updates
 * (docs/domain-management.md): nameservers, transfer lock, contacts. A repeated requestId answers
 * the first result, so a retry never changes a domain twice.
 */
import { z } from 'zod';
import { setNameservers, setTransferLock, updateContact } from '../../client/domain-changes';
import {
  domainWorkflowId,
  setNameserversRequestSchema,
  setTransferLockRequestSchema,
  updateContactRequestSchema,
} from '../../contracts';
import { domainNameSchema } from '../../domain/domain-name';
import { registerWorkflowRoute } from '../operations';
import type { GatewayRoutes } from './shared';

const common = {
  method: 'POST' as const,
  tag: 'domains',
  scope: 'operate' as const,
  params: z.object({ domain: domainNameSchema }),
  what: 'domain',
  workflowId: (p: { domain: string }) => domainWorkflowId(p.domain),
};
const changed = (fields: z.ZodRawShape) =>
  z.looseObject({ domain: z.string(), changed: z.boolean(), requestId: z.string(), ...fields });

export const domainChangeRoutes: GatewayRoutes = (app, ctx) => {
  registerWorkflowRoute(app, ctx, {
    ...common,
    path: '/v1/domains/:domain/nameservers',
    summary: 'Replace the nameservers (2-13); nothing is sent when the registrar has them already',
    body: setNameserversRequestSchema,
    response: changed({ nameservers: z.array(z.string()) }),
    run: (client, p, body) => setNameservers(client, { domain: p.domain }, body, { taskQueue: ctx.taskQueue }),
  });
  registerWorkflowRoute(app, ctx, {
    ...common,
    path: '/v1/domains/:domain/transfer-lock',
    summary: 'Set or clear the transfer lock',
    body: setTransferLockRequestSchema,
    response: changed({ locked: z.boolean() }),
    run: (client, p, body) => setTransferLock(client, { domain: p.domain }, body, { taskQueue: ctx.taskQueue }),
  });
  registerWorkflowRoute(app, ctx, {
    ...common,
    path: '/v1/domains/:domain/contacts',
    summary: 'Replace the contact of one role (a material owner change starts a registrant change; the answer says so)',
    body: updateContactRequestSchema,
    response: changed({ role: z.string(), handle: z.string().optional() }),
    run: (client, p, body) => updateContact(client, { domain: p.domain }, body, { taskQueue: ctx.taskQueue }),
  });
};
