/** A managed domain's record (the `domain` entity, docs/portfolio.md) and its wishes. */
import { z } from 'zod';
import { getDomainEntity, renewThroughEntity, setDomainAutorenew, setDomainPrivacy } from '../../client/domain';
import { accountScopedId, domainRenewRequestSchema, domainWorkflowId, setWishSchema } from '../../contracts';
import { domainNameSchema } from '../../domain/domain-name';
import { registerWorkflowRoute, statusUrlOf } from '../operations';
import type { GatewayRoutes } from './shared';

const domainParams = z.object({ domain: domainNameSchema });

/** The entity's view: facts, wishes, due date, recent changes (src/contracts/domain.ts DomainEntityView). */
const domainViewSchema = z
  .looseObject({
    domain: z.string(),
    registrar: z.string(),
    customerId: z.string().optional(),
    facts: z.record(z.string(), z.unknown()),
    wishes: z.object({ autorenew: z.boolean().optional(), privacy: z.boolean().optional() }),
    dueDate: z.string().optional(),
    recentChanges: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'Domain' });

const wishResultSchema = z.object({
  domain: z.string(),
  setting: z.enum(['autorenew', 'privacy']),
  enabled: z.boolean(),
  changed: z.boolean(),
  pushedToRegistrar: z.boolean(),
});

export const domainRoutes: GatewayRoutes = (app, ctx) => {
  const common = {
    tag: 'domains',
    params: domainParams,
    what: 'domain',
    // ?account=: another registrar account's entity (domain:<account>:<name>)
    account: true as const,
    workflowId: (p: { domain: string }, account?: string) => accountScopedId(domainWorkflowId(p.domain), account),
  };
  registerWorkflowRoute(app, ctx, {
    ...common,
    method: 'GET',
    path: '/v1/domains/:domain',
    summary: "A managed domain's record: facts, wishes, due date, recent changes",
    scope: 'read',
    response: domainViewSchema,
    run: (client, p, _body, _key, account) => getDomainEntity(client, p.domain, account),
  });
  for (const [setting, set] of [
    ['autorenew', setDomainAutorenew],
    ['privacy', setDomainPrivacy],
  ] as const) {
    registerWorkflowRoute(app, ctx, {
      ...common,
      method: 'POST',
      path: `/v1/domains/:domain/${setting}`,
      summary: `Switch the ${setting} wish on or off`,
      scope: 'operate',
      body: setWishSchema,
      response: wishResultSchema,
      run: (client, p, body, _key, account) => set(client, p.domain, body.enabled, account),
    });
  }
  registerWorkflowRoute(app, ctx, {
    ...common,
    method: 'POST',
    path: '/v1/domains/:domain/renew',
    summary: 'Renew the term the entity knows (or the given one), once per term',
    scope: 'money',
    body: domainRenewRequestSchema,
    response: z.object({
      domain: z.string(),
      workflowId: z.string(),
      expiresOn: z.string(),
      started: z.boolean(),
      statusUrl: z.string(),
    }),
    run: async (client, p, body, _key, account) => {
      const result = await renewThroughEntity(client, p.domain, body ?? {}, account);
      return { ...result, statusUrl: statusUrlOf(result.workflowId) };
    },
  });
};
