import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { changeEventWorkflowId, type ChangeEvent } from './contracts';
import { deliverChangeEvent } from './deliver-change-event';

/**
 * Hands a change event to its own delivery workflow and returns once that has started; the caller
 * never waits for the receivers. The workflow ID `event:<id>` makes a second emission of the same
 * event a no-op (also after the first delivery finished: REJECT_DUPLICATE, within the namespace's
 * retention), and ABANDON lets the delivery outlive the workflow that emitted it.
 */
export async function emitChangeEvent(event: ChangeEvent): Promise<void> {
  try {
    await startChild(deliverChangeEvent, {
      workflowId: changeEventWorkflowId(event.id),
      args: [event],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    throw err;
  }
}
