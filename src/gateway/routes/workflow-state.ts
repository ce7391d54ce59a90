/** Any workflow's state by its ID: the status URL every start answers with. */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { registerWorkflowRoute } from '../operations';
import type { GatewayRoutes } from './shared';

/** Every workflow answers `state` (a handle by name: the gateway loads no workflow code). */
const stateQuery = defineQuery<Record<string, unknown>>('state');

const statusLogEntrySchema = z.object({ at: z.string(), from: z.string(), to: z.string(), why: z.string() });

export const workflowStateSchema = z
  .object({
    workflowId: z.string(),
    workflowType: z.string(),
    /** Temporal's execution status: RUNNING, COMPLETED, FAILED, TERMINATED, CONTINUED_AS_NEW ... */
    status: z.string(),
    /** the workflow's `state` query: its phase, status log and (once finished) result, plus its own fields */
    state: z.looseObject({
      phase: z.string().optional(),
      log: z.array(statusLogEntrySchema).optional(),
      result: z.unknown().optional(),
    }),
  })
  .meta({ id: 'WorkflowState' });

export const workflowRoutes: GatewayRoutes = (app, ctx) => {
  registerWorkflowRoute(app, ctx, {
    method: 'GET',
    path: '/v1/workflows/:workflowId',
    tag: 'workflows',
    summary: "A workflow's state: phase, status log and result (the statusUrl of every start)",
    scope: 'read',
    params: z.object({ workflowId: z.string().min(1).max(1000) }),
    response: workflowStateSchema,
    workflowId: (p) => p.workflowId,
    run: async (client, p) => {
      const handle = client.workflow.getHandle(p.workflowId);
      const [description, state] = await Promise.all([handle.describe(), handle.query(stateQuery)]);
      return { workflowId: p.workflowId, workflowType: description.type, status: description.status.name, state };
    },
  });
};
