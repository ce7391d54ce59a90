import {
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { MailActivities, RegistrarActivities } from '../activities';
import { termExtendedBeyond, type DomainLifecycle } from '../domain/lifecycle';
import {
  CustomerId,
  DomainName,
  durationMs,
  ExpiresAt,
  Registrar,
  type RenewDomainInput,
  renewDomainInputSchema,
  type RenewDomainResult,
  type RenewOutcome,
  type RenewPhase,
  type RenewState,
  renewStateQuery,
  renewWorkflowId,
  accountField,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, registrarPollOptions, requireWorkflowId } from './shared';
import { pollUntil } from './poll';
import { parseWorkflowInput } from './validate';
import { emitOutcomeEvent } from './events';

const acts = proxyActivities<RegistrarActivities>(registrarCallOptions);
const poll = proxyActivities<RegistrarActivities>(registrarPollOptions);
/** Money calls heartbeat: a dead worker is noticed in seconds and the retry re-reads before paying. */
const money = proxyActivities<RegistrarActivities>({ ...registrarCallOptions, heartbeatTimeout: '10 seconds' });
const mail = proxyActivities<MailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', maximumInterval: '30 minutes', maximumAttempts: 20 },
});

/**
 * Renews one term of a domain, at most once: read the real state, decide, act, verify. The ID
 * carries the expiry of the term, so a second start for the same term is the same workflow, and
 * every paying activity re-reads the expiry before it pays.
 */
export async function renewDomain(rawInput: RenewDomainInput): Promise<RenewDomainResult> {
  const result = await renewDomainSteps(rawInput);
  return emitOutcomeEvent(result, { domain: result.domain, registrar: result.registrar, outcome: result.outcome });
}

/** The steps; the exported function adds the outcome event at the end. */
async function renewDomainSteps(rawInput: RenewDomainInput): Promise<RenewDomainResult> {
  const input = parseWorkflowInput(renewDomainInputSchema, rawInput);
  const { domain, registrar, expiresOn } = input;
  requireWorkflowId(renewWorkflowId(domain, expiresOn, input.account));

  const state: RenewState = { domain, registrar, phase: 'reading', log: [] };
  setHandler(renewStateQuery, () => state);
  const phases = new PhaseTracker<RenewPhase>(state, 'renew', `${domain} (term ending ${expiresOn})`);
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
    ...(input.customerId ? [{ key: CustomerId, value: input.customerId }] : []),
  ]);
  phases.moveTo('reading', 'renewal workflow started');
  const target = { registrar, ...accountField(input.account), domain };

  let found: DomainLifecycle = await acts.readLifecycle(target);
  const result = (outcome: RenewOutcome, why: string, extra: Partial<RenewDomainResult>): RenewDomainResult => {
    phases.moveTo(outcome, why);
    state.result = {
      domain,
      registrar,
      outcome,
      phaseFound: found.phase,
      action: 'none',
      charged: false,
      previousExpiresAt: found.registryExpiresAt,
      finishedAt: new Date().toISOString(),
      ...extra,
      ...(outcome === 'renewed' || outcome === 'restored' || outcome === 'already-renewed' ? {} : { reason: why }),
    };
    if (state.result.newExpiresAt)
      upsertSearchAttributes([{ key: ExpiresAt, value: new Date(state.result.newExpiresAt) }]);
    upsertMemo({ summary: `renewal of ${domain}: ${outcome}` });
    return state.result;
  };
  const needsAttention = async (why: string, paid: Partial<RenewDomainResult> = {}): Promise<RenewDomainResult> => {
    const ended = result('needs-attention', why, paid);
    const money = paid.charged
      ? `This workflow did send a paying ${paid.action} call, which the registrar accepted. Do not pay again before checking.`
      : 'Nothing was charged by this workflow.';
    await mail.sendMail({
      to: 'admin',
      template: 'renewal-needs-attention',
      values: {
        domain,
        registrar,
        expiresOn,
        reason: why,
        phase: found.phase,
        money,
        workflowId: workflowInfo().workflowId,
      },
      idempotencyKey: `${workflowInfo().workflowId}:needs-attention`,
    });
    return ended;
  };

  if (termExtendedBeyond(found, expiresOn)) {
    return result('already-renewed', 'the term was already extended; nothing to pay', {
      newExpiresAt: found.registryExpiresAt ?? found.displayExpiresAt,
    });
  }

  let action: RenewDomainResult['action'];
  let charged = false;
  /**
   * Whether this workflow paid its term. The paying attempt may be the one that never answered
   * (worker killed, reply lost); its retry finds the term extended and pays nothing, but the term
   * was still paid here: one workflow per term (the ID), which found the term unpaid at its start.
   * Before the patch a paying retry reported charged: false and billing would not invoice it.
   */
  const paidByThisWorkflow = (answer: { charged: boolean; doneOnRetry?: true }): boolean => {
    if (answer.charged) return true;
    if (answer.doneOnRetry && patched('renew-charged-earlier-attempt')) {
      phases.note('an earlier attempt paid (its answer was lost); the retry found the term paid and paid nothing');
      return true;
    }
    return false;
  };
  switch (found.phase) {
    case 'active':
    case 'expired-grace': {
      if (found.renewalMethod === 'pay' && found.phase === 'expired-grace') {
        // Registries without explicit renewal must be paid before expiry; after it, a person decides.
        return needsAttention('this registry needs the renewal paid before expiry, and the expiry has passed');
      }
      if (found.registryExpiresAt && found.registryExpiresAt.slice(0, 10) !== expiresOn) {
        return needsAttention(
          `the registrar shows expiry ${found.registryExpiresAt.slice(0, 10)}, not ${expiresOn}: which term to renew is unclear`,
        );
      }
      action = found.renewalMethod;
      phases.moveTo('renewing', `${found.phase}: ${action === 'pay' ? 'paying the renewal ahead' : 'renewing'}`);
      charged = paidByThisWorkflow(
        await money.renewOnce({ ...target, periodYears: input.periodYears, expiresOn, method: action }),
      );
      break;
    }
    case 'soft-quarantine':
      action = 'soft-restore';
      phases.moveTo('restoring', 'soft quarantine: restoring for the normal fee');
      charged = paidByThisWorkflow(await money.restoreOnce({ ...target, phase: 'soft-quarantine', expiresOn }));
      break;
    case 'hard-quarantine': {
      const accepted = input.acceptRestoreFee;
      const fee = found.restoreFee;
      const feeOk =
        accepted !== undefined &&
        (fee === undefined || (fee.currency === accepted.currency && Number(fee.amount) <= Number(accepted.amount)));
      if (!feeOk) {
        return needsAttention(
          fee
            ? `hard quarantine: restoring costs ${fee.amount} ${fee.currency}, which the request did not accept`
            : 'hard quarantine / redemption: restoring costs a restore fee, which the request did not accept',
        );
      }
      action = 'hard-restore';
      phases.moveTo('restoring', 'hard quarantine: restoring, the restore fee was accepted');
      charged = paidByThisWorkflow(await money.restoreOnce({ ...target, phase: 'hard-quarantine', expiresOn }));
      break;
    }
    case 'deleted':
      return result('deleted', 'the domain is deleted and can no longer be restored', {});
    case 'transferred-away':
      return result('transferred-away', 'the domain has left this account for another registrar', {});
    default:
      return needsAttention(`the domain is ${found.phase}; a renewal now would be a guess`);
  }

  // Verify: succeed only when the registrar really shows a later expiry.
  phases.moveTo('verifying', charged ? 'the registrar accepted; checking the new expiry' : 'already paid; checking');
  // Checks first, then waits 1 minute, 2, 4, ... up to an hour; a renewal (no restore) is checked once.
  const paidAction = action;
  const notExtended = (after: DomainLifecycle): Promise<RenewDomainResult> => {
    found = after;
    return needsAttention(
      `the registrar accepted the ${paidAction} but shows no later expiry (phase ${after.phase}); check before paying again`,
      { action: paidAction, charged },
    );
  };
  let last = found;
  const verified = await pollUntil(
    {
      checkFirst: true,
      intervalMs: 60_000,
      backoffCoefficient: 2,
      maxIntervalMs: 3_600_000,
      minWaitMs: 1_000,
      deadline: Date.now() + durationMs(input.restoreDeadline),
    },
    async () => {
      const after = await poll.readLifecycle(target);
      last = after;
      if (termExtendedBeyond(after, expiresOn)) {
        const newExpiresAt = after.registryExpiresAt ?? after.displayExpiresAt;
        const outcome = paidAction === 'soft-restore' || paidAction === 'hard-restore' ? 'restored' : 'renewed';
        return result(outcome, `${outcome}; the registrar shows ${newExpiresAt}`, {
          action: paidAction,
          charged,
          newExpiresAt,
        });
      }
      if (paidAction === 'renew' || paidAction === 'pay') return notExtended(after);
      return undefined;
    },
  );
  // undefined: the restore deadline passed without a later expiry
  return verified ?? notExtended(last);
}
