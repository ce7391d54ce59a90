/**
 * Operations on a managed domain beyond its entity's Updates (docs/gateway.md): the DNS zone,
 * DNSSEC, the transfer auth code and answers to a transfer-out. A restricted key reaches only its
 * own customer's domains (the domain entity's CustomerId; these workflows carry the DomainName and
 * the gateway takes the owner from that domain's entity).
 */
import { z } from 'zod';
import { startZoneApply } from '../../client/dns';
import { startDnssecRollover, startSetDnssec } from '../../client/dnssec';
import { fetchAuthCode, runTransferOut } from '../../client/domain-operations';
import {
  accountScopedId,
  applyZoneInputSchema,
  authCodeInputSchema,
  dnssecRolloverInputSchema,
  domainWorkflowId,
  registrarNameSchema,
  setDnssecInputSchema,
  TRANSFER_OUT_ACTIONS,
} from '../../contracts';
import { domainNameSchema } from '../../domain/domain-name';
import { sha256Hex } from '../auth';
import { registerStart, registerWorkflowRoute } from '../operations';
import type { GatewayRoutes } from './shared';

/** DNSSEC inputs have no customer: the key's customer only gates the domain (dropped before the start). */
const withoutCustomer = <T extends object>(input: T): T => {
  const { customerId: _dropped, ...rest } = input as T & { customerId?: unknown };
  return rest as T;
};

const onDomain = {
  method: 'POST' as const,
  tag: 'domains',
  scope: 'operate' as const,
  params: z.object({ domain: domainNameSchema }),
  what: 'domain',
  // ?account=: a domain of another registrar account (its entity domain:<account>:<name>)
  account: true as const,
  workflowId: (p: { domain: string }, account?: string) => accountScopedId(domainWorkflowId(p.domain), account),
};

// The account is the route's ?account= (as on every per-domain route), not a body field.
const authCodeBodySchema = authCodeInputSchema.omit({ domain: true, account: true }).extend({
  requestId: authCodeInputSchema.shape.requestId
    .optional()
    .describe('retry with the same one to get the same code (a repeated reset makes no second code)'),
});

// The superRefine of the contract (tag only with push) runs in runTransferOut and answers 400 naming tag.
const transferOutBodySchema = z.object({
  registrar: registrarNameSchema.default('ispapi'),
  action: z.enum(TRANSFER_OUT_ACTIONS, { message: `must be one of ${TRANSFER_OUT_ACTIONS.join(', ')}` }),
  tag: z.string().optional().describe('push only: the receiving registrar tag (.uk: its IPS tag)'),
});

export const domainOperationRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/dns-zones',
    tag: 'dns',
    summary: "Make a domain's DNS zone equal to these records (workflow apply-zone:<domain>)",
    description: 'Records in canonical form (docs/dns.md); while an apply of the zone runs, other records are refused.',
    scope: 'operate',
    subject: 'existing-domain',
    body: applyZoneInputSchema,
    start: startZoneApply,
  });
  registerStart(app, ctx, {
    path: '/v1/dnssec',
    tag: 'dns',
    summary: 'Set, add or remove DNSSEC delegation records (workflow dnssec:<domain>:<action>-<fingerprint>)',
    scope: 'operate',
    subject: 'existing-domain',
    body: setDnssecInputSchema,
    start: (client, input, options) => startSetDnssec(client, withoutCustomer(input), options),
  });
  registerStart(app, ctx, {
    path: '/v1/dnssec-rollovers',
    tag: 'dns',
    summary: 'Roll a DNSSEC key: publish the new record, wait the parent TTL, withdraw the old one',
    scope: 'operate',
    subject: 'existing-domain',
    body: dnssecRolloverInputSchema,
    start: (client, input, options) => startDnssecRollover(client, withoutCustomer(input), options),
  });
  registerWorkflowRoute(app, ctx, {
    ...onDomain,
    path: '/v1/domains/:domain/auth-code',
    summary: 'Show (or with reset: true, renew) the transfer auth code; the code is in this answer only',
    description:
      'Never logged nor stored by the gateway (an Idempotency-Key is not answered from the store: the same key ' +
      'and body map to the same requestId, so a retry answers the same code).',
    body: authCodeBodySchema,
    response: z.object({
      domain: z.string(),
      registrar: z.string(),
      reset: z.boolean(),
      authCode: z.string(),
      expiresAt: z.string().optional(),
      source: z.string(),
      finishedAt: z.string(),
    }),
    secretAnswer: true,
    run: (client, p, body, idempotencyKey, account) => {
      const derived = idempotencyKey
        ? sha256Hex(`${idempotencyKey}\n${p.domain}\n${body.registrar ?? ''}\n${body.reset ?? false}`).slice(0, 32)
        : undefined;
      const requestId = body.requestId ?? derived;
      return fetchAuthCode(
        client,
        { ...body, domain: p.domain, ...(account ? { account } : {}), ...(requestId ? { requestId } : {}) },
        { taskQueue: ctx.taskQueue },
      );
    },
  });
  registerWorkflowRoute(app, ctx, {
    ...onDomain,
    path: '/v1/domains/:domain/transfer-out',
    summary: 'Approve or deny a pending transfer away, or push (.uk) to a registrar tag; answers the outcome',
    body: transferOutBodySchema,
    response: z.object({
      workflowId: z.string(),
      started: z.boolean(),
      result: z.looseObject({ outcome: z.string(), sent: z.boolean(), reason: z.string().optional() }),
    }),
    run: (client, p, body, _key, account) =>
      runTransferOut(
        client,
        { ...body, domain: p.domain, ...(account ? { account } : {}) },
        { taskQueue: ctx.taskQueue },
      ),
  });
};
