/** Backorders (docs/backorders.md): they reserve the customer's funds, so the money scope. */
import { z } from 'zod';
import { cancelBackorder, startBackorder } from '../../client/backorder';
import { backorderInputSchema, backorderWorkflowId, customerIdSchema } from '../../contracts';
import { domainNameSchema } from '../../domain/domain-name';
import { registerStart, registerWorkflowRoute } from '../operations';
import type { GatewayRoutes } from './shared';

export const backorderRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/backorders',
    tag: 'backorders',
    summary: 'Backorder a dropping domain for a customer (workflow backorder:<customer>:<domain>)',
    scope: 'money',
    subject: 'new',
    body: backorderInputSchema,
    start: startBackorder,
  });
  registerWorkflowRoute(app, ctx, {
    method: 'POST',
    path: '/v1/backorders/:customerId/:domain/cancel',
    tag: 'backorders',
    summary: 'Cancel a backorder before its application is placed (the reserved funds are released)',
    description: 'Refused with 409 once the application is placed (the reason is in the detail).',
    scope: 'operate',
    params: z.object({ customerId: customerIdSchema, domain: domainNameSchema }),
    response: z.object({ cancelled: z.literal(true) }),
    account: true,
    workflowId: (p, account) => backorderWorkflowId(p.customerId, p.domain, account),
    run: (client, p, _body, _key, account) => cancelBackorder(client, p.customerId, p.domain, account),
  });
};
