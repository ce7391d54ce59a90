import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandle,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

export interface StartedWorkflow<W extends Workflow> {
  workflowId: string;
  /** false when the workflow was already running: nothing new was sent to the registrar */
  started: boolean;
  handle: WorkflowHandle<W>;
}

/**
 * Starts a workflow under its deterministic ID, or hands back the one already running.
 *
 * "Already running" is the server's ALREADY_EXISTS answer (WorkflowExecutionAlreadyStartedError),
 * which it gives only under the conflict policy Fail. That is the server's default today, but the
 * policy is set here explicitly (over any the caller passed): under UseExisting the server answers
 * a start of a running ID with success and `started: false`, which @temporalio/client 1.24 does not
 * pass on, so the second start would be reported as a new one. (The `temporal` CLI differs: its Go
 * SDK turns ALREADY_EXISTS into the running run's ID with exit 0 unless `--fail-existing`; see
 * docs/transfer.md.)
 */
export async function startOnce<W extends Workflow>(
  client: Client,
  /** the workflow type name: the client never loads workflow code (type it with `typeof` the function) */
  workflowType: string,
  options: WorkflowStartOptions<W>,
): Promise<StartedWorkflow<W>> {
  try {
    const handle = await client.workflow.start<W>(workflowType, { ...options, workflowIdConflictPolicy: 'FAIL' });
    return { workflowId: options.workflowId, started: true, handle };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return {
        workflowId: options.workflowId,
        started: false,
        handle: client.workflow.getHandle<W>(options.workflowId),
      };
    }
    throw err;
  }
}
