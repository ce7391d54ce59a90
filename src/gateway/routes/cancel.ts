/**
 * Any workflow cancelled by its ID (a DNS apply, a DNSSEC rollover, a swiss application ...): the
 * workflow runs its own clean-up (each one's cancellation is in its doc page). Backorders keep
 * their own cancel route, which answers whether the funds were released.
 */
import { z } from 'zod';
import { registerWorkflowRoute } from '../operations';
import type { GatewayRoutes } from './shared';

export const cancelRoutes: GatewayRoutes = (app, ctx) => {
  registerWorkflowRoute(app, ctx, {
    method: 'POST',
    path: '/v1/workflows/:workflowId/cancel',
    tag: 'workflows',
    summary: 'Ask a running workflow to cancel (it cleans up in its own time; GET its state to follow)',
    scope: 'operate',
    params: z.object({ workflowId: z.string().min(1).max(1000) }),
    response: z.object({ workflowId: z.string(), cancelRequested: z.literal(true) }),
    workflowId: (p) => p.workflowId,
    run: async (client, p) => {
      await client.workflow.getHandle(p.workflowId).cancel();
      return { workflowId: p.workflowId, cancelRequested: true as const };
    },
  });
};
