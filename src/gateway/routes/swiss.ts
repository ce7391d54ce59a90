/** .swiss applications (docs/swiss.md): an approved application is a paid registration. */
import { startSwissApplication } from '../../client/swiss';
import { swissApplicationInputSchema } from '../../contracts';
import { registerStart } from '../operations';
import type { GatewayRoutes } from './shared';

export const swissRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/swiss-applications',
    tag: 'swiss-applications',
    summary: 'Apply for a .swiss name (workflow swiss-application:<domain>)',
    scope: 'money',
    subject: 'new',
    body: swissApplicationInputSchema,
    start: startSwissApplication,
  });
};
