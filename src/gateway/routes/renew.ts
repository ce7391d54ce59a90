/** Renewals of one term (docs/renew.md): money scope; a restricted key renews only its customer's domains. */
import { startRenewal } from '../../client/renew';
import { renewDomainInputSchema } from '../../contracts';
import { registerStart } from '../operations';
import type { GatewayRoutes } from './shared';

export const renewalRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/renewals',
    tag: 'renewals',
    summary: 'Renew one term of a domain (workflow renew:<domain>:<expiresOn>, once per term)',
    scope: 'money',
    subject: 'existing-domain',
    body: renewDomainInputSchema,
    start: startRenewal,
  });
};
