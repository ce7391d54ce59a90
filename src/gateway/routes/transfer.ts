/** Inbound transfers (docs/transfer.md). */
import { z } from 'zod';
import { requestTransferCheck, startTransfer } from '../../client/transfer';
import { transferDomainInputSchema, transferWorkflowId } from '../../contracts';
import { domainNameSchema } from '../../domain/domain-name';
import { registerStart, registerWorkflowRoute } from '../operations';
import { type GatewayRoutes, okSchema } from './shared';

const domainParams = z.object({ domain: domainNameSchema });

export const transferRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/transfers',
    tag: 'transfers',
    summary: 'Start the inbound transfer of a domain (workflow transfer:<domain>)',
    scope: 'operate',
    subject: 'new',
    body: transferDomainInputSchema,
    start: startTransfer,
  });
  registerWorkflowRoute(app, ctx, {
    method: 'POST',
    path: '/v1/transfers/:domain/check-now',
    tag: 'transfers',
    summary: 'Check the transfer status now instead of at the next scheduled time',
    scope: 'operate',
    params: domainParams,
    response: okSchema,
    account: true,
    workflowId: (p, account) => transferWorkflowId(p.domain, account),
    run: async (client, p, _body, _key, account) => {
      await requestTransferCheck(client, transferWorkflowId(p.domain, account));
      return { ok: true };
    },
  });
};
