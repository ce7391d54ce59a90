/**
 * The everyday changes of a managed domain, as the `domain` entity's Updates
 * (docs/domain-management.md): nameservers, transfer lock, contacts. A repeated requestId answers
 * the first result, so a retry never changes a domain twice.
 */
import { z } from 'zod';
import { setNameservers, setTransferLock, updateContact } from '../../client/domain-changes';
import {
  accountScopedId,
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
  // ?account=: another registrar account's entity (domain:<account>:<name>)
  account: true as const,
  workflowId: (p: { domain: string }, account?: string) => accountScopedId(domainWorkflowId(p.domain), account),
};
const targetOf = (domain: string, account?: string) => ({ domain, ...(account ? { account } : {}) });
const changed = (fields: z.ZodRawShape) =>
  z.looseObject({ domain: z.string(), changed: z.boolean(), requestId: z.string(), ...fields });

export const domainChangeRoutes: GatewayRoutes = (app, ctx) => {
  registerWorkflowRoute(app, ctx, {
    ...common,
    path: '/v1/domains/:domain/nameservers',
    summary: 'Replace the nameservers (2-13); nothing is sent when the registrar has them already',
    body: setNameserversRequestSchema,
    response: changed({ nameservers: z.array(z.string()) }),
    run: (client, p, body, _key, account) =>
      setNameservers(client, targetOf(p.domain, account), body, { taskQueue: ctx.taskQueue }),
  });
  registerWorkflowRoute(app, ctx, {
    ...common,
    path: '/v1/domains/:domain/transfer-lock',
    summary: 'Set or clear the transfer lock',
    body: setTransferLockRequestSchema,
    response: changed({ locked: z.boolean() }),
    run: (client, p, body, _key, account) =>
      setTransferLock(client, targetOf(p.domain, account), body, { taskQueue: ctx.taskQueue }),
  });
  registerWorkflowRoute(app, ctx, {
    ...common,
    path: '/v1/domains/:domain/contacts',
    summary: 'Replace the contact of one role (a material owner change starts a registrant change; the answer says so)',
    body: updateContactRequestSchema,
    response: changed({ role: z.string(), handle: z.string().optional() }),
    run: (client, p, body, _key, account) =>
      updateContact(client, targetOf(p.domain, account), body, { taskQueue: ctx.taskQueue }),
  });
};
