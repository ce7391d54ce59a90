/**
 * Host objects (child nameservers with glue, docs/hosts.md) under a managed domain: the host name
 * must be under the domain in the path, the registrar is the domain entity's, and a restricted key
 * reaches only its customer's domains. Each call waits for its `host` run (a few registrar calls).
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { getDomainEntity } from '../../client/domain';
import { HostBusyError, runHost } from '../../client/hosts';
import { accountScopedId, domainWorkflowId, hostIpListSchema, type HostInput } from '../../contracts';
import type { RegistrarName } from '../../registrars/names';
import { domainNameSchema, hostNameSchema } from '../../domain/domain-name';
import { registerWorkflowRoute } from '../operations';
import { HttpProblem } from '../problem';
import type { GatewayRoutes } from './shared';

const hostViewSchema = z.looseObject({ host: z.string(), ips: z.array(z.string()) });
const hostResultSchema = z
  .looseObject({
    action: z.string(),
    registrar: z.string(),
    host: z.string().optional(),
    changed: z.boolean().optional(),
    view: hostViewSchema.optional(),
    hosts: z.array(hostViewSchema).optional(),
  })
  .meta({ id: 'HostResult' });

const hostParams = z
  .object({ domain: domainNameSchema, host: hostNameSchema })
  .refine((p) => p.host.endsWith(`.${p.domain}`), { path: ['host'], message: 'must be a name under the domain' });

type Action = Exclude<HostInput, { action: 'list' }>['action'];

/** One host run for the domain's registrar (and account, ?account=); a change already running is a 409. */
async function hostRun(client: Client, domain: string, input: object, taskQueue: string, account?: string) {
  const { registrar } = await getDomainEntity(client, domain, account);
  const host = { ...input, registrar: registrar as RegistrarName, ...(account ? { account } : {}) } as HostInput;
  try {
    return await runHost(client, host, { taskQueue });
  } catch (err) {
    if (err instanceof HostBusyError) throw new HttpProblem(409, 'Conflict', err.message);
    throw err;
  }
}

export const hostRoutes: GatewayRoutes = (app, ctx) => {
  const common = {
    tag: 'hosts',
    what: 'domain',
    response: hostResultSchema,
    // ?account=: a domain of another registrar account (its entity domain:<account>:<name>)
    account: true as const,
    workflowId: (p: { domain: string }, account?: string) => accountScopedId(domainWorkflowId(p.domain), account),
  };
  registerWorkflowRoute(app, ctx, {
    ...common,
    method: 'GET',
    path: '/v1/domains/:domain/hosts',
    summary: 'The host objects under a domain, as the registrar shows them',
    scope: 'read',
    params: z.object({ domain: domainNameSchema }),
    run: (client, p, _b, _k, account) =>
      hostRun(client, p.domain, { action: 'list', domain: p.domain }, ctx.taskQueue, account),
  });
  registerWorkflowRoute(app, ctx, {
    ...common,
    method: 'GET',
    path: '/v1/domains/:domain/hosts/:host',
    summary: 'One host object (no view when the registrar has none)',
    scope: 'read',
    params: hostParams,
    run: (client, p, _b, _k, account) =>
      hostRun(client, p.domain, { action: 'show', host: p.host }, ctx.taskQueue, account),
  });
  const change = (action: Action, path: string, summary: string, body?: z.ZodObject) =>
    registerWorkflowRoute(app, ctx, {
      ...common,
      method: 'POST',
      path,
      summary,
      scope: 'operate',
      params: hostParams,
      ...(body ? { body } : {}),
      run: (client, p, b, _k, account) =>
        hostRun(client, p.domain, { ...(b as object), action, host: p.host }, ctx.taskQueue, account),
    });
  const ipsBody = z.object({ ips: hostIpListSchema });
  change('create', '/v1/domains/:domain/hosts/:host', 'Create a host with its glue addresses', ipsBody);
  change('set', '/v1/domains/:domain/hosts/:host/ips', "Replace a host's glue addresses", ipsBody);
  change('delete', '/v1/domains/:domain/hosts/:host/delete', 'Delete a host (the registry refuses one in use)');
};
