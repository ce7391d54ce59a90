import { ParentClosePolicy, patched, startChild, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { RegistrarName } from '../registrars/registrar';
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

/**
 * The end of a released workflow as the event `workflow.<workflow type>.<outcome>` (outcome in
 * lower case), one per run: the run ID is the discriminator, so a replayed or retried end is the
 * same event. Behind the patch `outcome-events`: runs that started before it end without one.
 */
export async function emitOutcomeEvent<R extends object>(
  result: R,
  end: { domain: string; registrar: string; outcome: string },
): Promise<R> {
  if (!patched('outcome-events')) return result;
  const { workflowType, workflowId, runId } = workflowInfo();
  const outcome = end.outcome.toLowerCase();
  const type = `workflow.${workflowType}.${outcome}`;
  await emitChangeEvent({
    id: `${end.domain}:${type}:${runId}`,
    type,
    occurredAt: new Date().toISOString(),
    domain: end.domain,
    // every workflow input was validated against registrarNameSchema
    registrar: end.registrar as RegistrarName,
    data: { workflowId, runId, outcome, result },
  });
  return result;
}
