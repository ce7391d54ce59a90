/** Changes of registrant (docs/change-registrant.md): start, resend the confirmation, cancel. */
import { z } from 'zod';
import {
  cancelRegistrantChange,
  resendRegistrantConfirmation,
  startRegistrantChange,
} from '../../client/change-registrant';
import { changeRegistrantInputSchema, changeRegistrantWorkflowId } from '../../contracts';
import { domainNameSchema } from '../../domain/domain-name';
import { registerStart, registerWorkflowRoute } from '../operations';
import { type GatewayRoutes, okSchema } from './shared';

const domainParams = z.object({ domain: domainNameSchema });

export const registrantChangeRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/registrant-changes',
    tag: 'registrant-changes',
    summary: 'Change the registrant of a domain (workflow registrant-change:<domain>)',
    scope: 'operate',
    subject: 'existing-domain',
    body: changeRegistrantInputSchema,
    start: startRegistrantChange,
  });
  const signal = (path: string, summary: string, send: typeof cancelRegistrantChange) =>
    registerWorkflowRoute(app, ctx, {
      method: 'POST',
      path: `/v1/registrant-changes/:domain/${path}`,
      tag: 'registrant-changes',
      summary,
      scope: 'operate',
      params: domainParams,
      response: okSchema,
      account: true,
      workflowId: (p, account) => changeRegistrantWorkflowId(p.domain, account),
      run: async (client, p, _body, _key, account) => {
        await send(client, p.domain, account);
        return { ok: true };
      },
    });
  signal('resend-confirmation', "Send the old registrant's confirmation mail again", resendRegistrantConfirmation);
  signal('cancel', 'Withdraw the pending change (the workflow ends cancelled)', cancelRegistrantChange);
};
