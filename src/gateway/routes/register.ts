/** Registrations (docs/register.md): they cost money, so the key needs the money scope. */
import { z } from 'zod';
import { startRegistration } from '../../client/register';
import { checkNowSignal, registerDomainInputSchema, registerWorkflowId } from '../../contracts';
import { domainNameSchema } from '../../domain/domain-name';
import { registerStart, registerWorkflowRoute } from '../operations';
import { type GatewayRoutes, okSchema } from './shared';

export const registrationRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/registrations',
    tag: 'registrations',
    summary: 'Register a domain (workflow register:<domain>)',
    scope: 'money',
    subject: 'new',
    body: registerDomainInputSchema,
    start: startRegistration,
  });
  registerWorkflowRoute(app, ctx, {
    method: 'POST',
    path: '/v1/registrations/:domain/check-now',
    tag: 'registrations',
    summary: 'Check a pending activation now',
    scope: 'operate',
    params: z.object({ domain: domainNameSchema }),
    response: okSchema,
    account: true,
    workflowId: (p, account) => registerWorkflowId(p.domain, account),
    run: async (client, p, _body, _key, account) => {
      await client.workflow.getHandle(registerWorkflowId(p.domain, account)).signal(checkNowSignal);
      return { ok: true };
    },
  });
};
