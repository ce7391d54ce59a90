import { proxyActivities, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { DomainOperationActivities } from '../activities';
import type { DomainLifecycle } from '../domain/lifecycle';
import {
  accountField,
  CustomerId,
  type DeleteDomainInput,
  deleteDomainInputSchema,
  type DeleteDomainResult,
  type DeleteOutcome,
  type DeletePhase,
  type DeleteState,
  deleteStateQuery,
  deleteWorkflowId,
  DomainName,
  Registrar,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, rejectedBy, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';
import { emitOutcomeEvent } from './events';

const acts = proxyActivities<DomainOperationActivities>(registrarCallOptions);
/** The deleting call heartbeats: a dead worker is noticed in seconds and the retry reads before it writes. */
const once = proxyActivities<DomainOperationActivities>({ ...registrarCallOptions, heartbeatTimeout: '10 seconds' });
const entity = proxyActivities<DomainOperationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Phases a deletion is refused in: the registry is still busy with the domain. */
const PENDING = new Set(['pending-create', 'pending-delete']);
/** Phases in which the domain is already deleted or gone: nothing to do. */
const GONE = new Set(['soft-quarantine', 'hard-quarantine', 'deleted', 'transferred-away']);

/**
 * Deletes one domain, now or at its expiry, once: confirmed by the domain name given twice (the
 * input schema), refused while the registry is busy with it (pending create, delete or transfer),
 * the deleting call preceded by a read on every attempt. The domain's entity is told, so it stops
 * renewing. The result shows the restorable window and fee where the registrar gives them.
 */
export async function deleteDomain(rawInput: DeleteDomainInput): Promise<DeleteDomainResult> {
  const result = await deleteSteps(rawInput);
  return emitOutcomeEvent(result, { domain: result.domain, registrar: result.registrar, outcome: result.outcome });
}

async function deleteSteps(rawInput: DeleteDomainInput): Promise<DeleteDomainResult> {
  const input = parseWorkflowInput(deleteDomainInputSchema, rawInput);
  const { domain, registrar, mode } = input;
  requireWorkflowId(deleteWorkflowId(domain, input.account));
  const state: DeleteState = { domain, registrar, mode, phase: 'reading', log: [] };
  setHandler(deleteStateQuery, () => state);
  const phases = new PhaseTracker<DeletePhase>(state, 'delete', `${domain} (delete ${mode})`);
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
    ...(input.customerId ? [{ key: CustomerId, value: input.customerId }] : []),
  ]);
  phases.start(`deletion requested (${mode})`);
  // `account` goes into activity inputs only when not `default`: a default run sends exactly the
  // commands it always did, so recorded histories replay without a patch (docs/accounts.md).
  const target = { registrar, ...accountField(input.account), domain };

  const found = await acts.readDeletionState(target);
  const finish = (outcome: DeleteOutcome, why: string, extra: Partial<DeleteDomainResult> = {}): DeleteDomainResult => {
    phases.moveTo(outcome, why);
    state.result = {
      domain,
      registrar,
      mode,
      outcome,
      phaseFound: found.lifecycle.phase,
      sent: false,
      finishedAt: new Date().toISOString(),
      ...extra,
      ...(outcome === 'refused' || outcome === 'already-deleted' ? { reason: why } : {}),
    };
    upsertMemo({ summary: `deletion of ${domain}: ${outcome}` });
    return state.result;
  };
  const windowOf = (l: DomainLifecycle): Partial<DeleteDomainResult> => ({
    phase: l.phase,
    ...(l.softQuarantineUntil ? { softRestorableUntil: l.softQuarantineUntil } : {}),
    ...(l.hardQuarantineUntil ? { restorableUntil: l.hardQuarantineUntil } : {}),
    ...(l.restoreFee ? { restoreFee: l.restoreFee } : {}),
  });
  const tellEntity = (lifecycle: DomainLifecycle) =>
    entity.tellEntityOfDeletion({
      ...target,
      lifecycle,
      atExpiry: mode === 'at-expiry',
      observationId: workflowInfo().workflowId + ':' + workflowInfo().runId,
      ...(input.customerId ? { customerId: input.customerId } : {}),
    });

  const phase = found.lifecycle.phase;
  if (PENDING.has(phase)) return finish('refused', `the domain is ${phase}: the registry is not done with it`);
  if (found.transferInPending) return finish('refused', 'a transfer of the domain into this account is pending');
  if (GONE.has(phase)) return finish('already-deleted', `the domain is already ${phase}`, windowOf(found.lifecycle));
  if (found.transferOut?.pending === true) {
    return finish('refused', 'a transfer to another registrar is pending: approve or deny it first');
  }

  if (mode === 'at-expiry') {
    const deletesAt = found.lifecycle.registryExpiresAt;
    phases.moveTo('deleting', 'the engine stops renewing; the registrar deletes at expiry');
    // The entity's autorenew wish goes off first: its push of "auto-renewal off" would otherwise
    // overwrite the delete mode set next (ISPAPI: AUTOEXPIRE over AUTODELETE).
    await tellEntity(found.lifecycle);
    const { sent } = found.deletesAtExpiry ? { sent: false } : await once.deleteAtExpiryOnce(target);
    return finish('deletes-at-expiry', `the registrar deletes it at its expiry${deletesAt ? ` (${deletesAt})` : ''}`, {
      sent,
      phase,
      ...(deletesAt ? { deletesAt } : {}),
    });
  }

  phases.moveTo('deleting', `${phase}: deleting now`);
  let deleted: Awaited<ReturnType<typeof once.deleteOnce>>;
  try {
    deleted = await once.deleteOnce(target);
  } catch (err) {
    // The registrar's definite "no" (e.g. a transfer out it shows only by refusing): nothing deleted.
    const refusal = rejectedBy(err);
    if (!refusal) throw err;
    return finish('refused', `the registrar refused the deletion: ${refusal.message}`);
  }
  phases.moveTo('verifying', deleted.sent ? 'the registrar accepted the deletion' : 'found already deleted on a retry');
  const after = deleted.lifecycle;
  await tellEntity(after);
  if (!GONE.has(after.phase) && after.phase !== 'pending-delete') {
    return finish('refused', `the registrar still shows the domain ${after.phase} after the deletion`, {
      sent: deleted.sent,
      ...windowOf(after),
    });
  }
  // ISPAPI tells the restorable period only before the deletion (the deleting call's answer carries it).
  const told = deleted.answer?.restorableUntil;
  return finish('deleted', `deleted: ${after.phase}`, {
    sent: deleted.sent,
    ...(told ? { restorableUntil: told } : {}),
    ...windowOf(after),
  });
}
