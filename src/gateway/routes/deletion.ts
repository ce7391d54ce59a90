/** Deleting a domain (docs/domain-operations.md): `confirm` repeats the name; nothing happens without it. */
import { startDeletion } from '../../client/domain-operations';
import { deleteDomainInputSchema } from '../../contracts';
import { registerStart } from '../operations';
import type { GatewayRoutes } from './shared';

export const deletionRoutes: GatewayRoutes = (app, ctx) => {
  registerStart(app, ctx, {
    path: '/v1/deletions',
    tag: 'deletions',
    summary: 'Delete a domain now or at its expiry (workflow delete:<domain>)',
    scope: 'operate',
    subject: 'existing-domain',
    body: deleteDomainInputSchema,
    start: startDeletion,
  });
};
