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

/** Starts a workflow under its deterministic ID, or hands back the one already running. */
export async function startOnce<W extends Workflow>(
  client: Client,
  workflow: W,
  options: WorkflowStartOptions<W>,
): Promise<StartedWorkflow<W>> {
  try {
    const handle = await client.workflow.start(workflow, options);
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
