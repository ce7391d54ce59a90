import {
  ApplicationFailure,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { RegistrantChangeActivities, RegistrarActivities } from '../activities';
import { chooseRegistrantChange, REGISTRANT_CHANGE_RULES } from '../domain/registrant-change';
import type { TradeStatusAnswer } from '../registrars/registrant-change';
import {
  accountField,
  cancelRegistrantChangeSignal,
  type ChangeRegistrantInput,
  changeRegistrantInputSchema,
  type ChangeRegistrantResult,
  type ChangeRegistrantState,
  changeRegistrantStateQuery,
  changeRegistrantWorkflowId,
  CustomerId,
  legacyChangeRegistrantInputSchema,
  DomainName,
  durationMs,
  type RegistrantChangeOutcome,
  type RegistrantChangePhase,
  Registrar,
  resendConfirmationSignal,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, registrarPollOptions, rejectedBy, requireWorkflowId } from './shared';
import { pollUntil, Wakeup } from './poll';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<RegistrantChangeActivities & RegistrarActivities>(registrarCallOptions);
const poll = proxyActivities<RegistrantChangeActivities>(registrarPollOptions);
const DAY_MS = 86_400_000;

/**
 * A change of registrant: the procedure comes from the TLD policy table and the registrar's own
 * answer (src/domain/registrant-change.ts); an IRTP trade as designated agent or a plain update
 * ends at once, a confirmation by the old registrant or a registry trade is polled until it
 * completes, is denied, or lapses.
 */
export async function changeRegistrant(rawInput: ChangeRegistrantInput): Promise<ChangeRegistrantResult> {
  // Runs started before 'tld-fields-trade' replay with the trade extras only (no .us/.eu change fields).
  const schema = patched('tld-fields-trade') ? changeRegistrantInputSchema : legacyChangeRegistrantInputSchema;
  const input = parseWorkflowInput(schema, rawInput);
  const { domain, registrar } = input;
  requireWorkflowId(changeRegistrantWorkflowId(domain, input.account));

  const state: ChangeRegistrantState = {
    domain,
    registrar,
    phase: 'deciding',
    statusChecks: 0,
    confirmationsResent: 0,
    log: [],
  };
  let resendRequested = 0;
  let cancelRequested = false;
  const wakeup = new Wakeup();
  setHandler(changeRegistrantStateQuery, () => state);
  setHandler(resendConfirmationSignal, () => {
    resendRequested += 1;
    wakeup.now();
  });
  setHandler(cancelRegistrantChangeSignal, () => {
    cancelRequested = true;
    wakeup.now();
  });

  const phases = new PhaseTracker<RegistrantChangePhase>(state, 'registrant-change', `${domain} via ${registrar}`);
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
    ...(input.customerId ? [{ key: CustomerId, value: input.customerId }] : []),
  ]);
  upsertMemo({ summary: `change of registrant of ${domain}` });
  phases.moveTo('deciding', 'change of registrant started');

  // `account` goes into activity inputs only when not `default`: a default run sends exactly the
  // commands it always did, so recorded histories replay without a patch (docs/accounts.md).
  const target = { registrar, ...accountField(input.account), domain };
  const facts = await acts.readRegistrantChangeFacts({ ...target, readCurrent: !input.currentRegistrant });
  const decision = chooseRegistrantChange({
    domain,
    current: input.currentRegistrant ?? facts.current!,
    next: input.registrant,
    mode: input.mode,
    optOutTransferLock: input.optOutTransferLock,
    registrar: facts.policy,
  });
  state.why = decision.why;
  state.materialFields = decision.materialFields;
  if (decision.procedure === 'refused') {
    phases.note(`refused: ${decision.why}`);
    throw ApplicationFailure.nonRetryable(`change of registrant refused: ${decision.why}`, 'RegistrantChangeRefused');
  }
  const procedure = decision.procedure;
  state.procedure = procedure;
  phases.note(`procedure ${procedure}: ${decision.why}`);

  let fellBackToUpdate = false;
  const finish = (
    outcome: RegistrantChangeOutcome,
    why: string,
    extra: Partial<ChangeRegistrantResult> = {},
  ): ChangeRegistrantResult => {
    phases.moveTo(outcome, why);
    state.nextCheckAt = undefined;
    state.result = {
      domain,
      registrar,
      procedure,
      why: decision.why,
      outcome,
      fellBackToUpdate,
      statusChecks: state.statusChecks,
      finishedAt: new Date().toISOString(),
      ...extra,
      ...(outcome === 'completed' ? {} : { reason: why }),
    };
    upsertMemo({ summary: `change of registrant of ${domain}: ${outcome}` });
    return state.result;
  };
  /** The lock the registrar reported, else the policy's 60 days from now when one applies. */
  const lockUntil = (reported?: string): string | undefined =>
    reported ??
    (decision.transferLockDays > 0 && procedure !== 'contact-update' && !fellBackToUpdate
      ? new Date(Date.now() + decision.transferLockDays * DAY_MS).toISOString()
      : undefined);
  const completed = (why: string, reportedLock?: string) => {
    const transferLockUntil = lockUntil(reportedLock);
    return finish('completed', transferLockUntil ? `${why}; transfer-locked until ${transferLockUntil}` : why, {
      ...(transferLockUntil ? { transferLockUntil } : {}),
    });
  };

  // Openprovider reuses an existing customer handle for the same person; ISPAPI takes the data inline.
  const { owner } = await acts.ensureContacts({
    registrar,
    ...accountField(input.account),
    contacts: { owner: input.registrant },
  });
  const update = async (why: string) => {
    phases.moveTo('updating', why);
    await acts.updateOwner({ ...target, registrant: owner, extras: input.extras });
    return completed('the registrant was updated');
  };

  try {
    if (procedure === 'contact-update') return await update('contact update');
    phases.moveTo('trading', `requesting the trade (${procedure})`);
    const answer = await acts.tradeDomain({
      ...target,
      registrant: owner,
      confirmation:
        procedure === 'designated-agent-trade'
          ? 'designated-agent'
          : procedure === 'registrant-confirmation'
            ? 'old-registrant'
            : 'registry',
      optOutTransferLock: decision.optOutTransferLock,
      extras: input.extras,
    });
    state.registrarStatus = answer.registrarStatus;
    if (answer.state === 'use-update') {
      fellBackToUpdate = true;
      return await update(`the registry asks for an update instead of a trade (${answer.registrarStatus})`);
    }
    if (answer.state === 'completed') {
      return completed(
        answer.alreadyRequested ? 'the trade had already gone through' : 'trade completed',
        answer.transferLockUntil,
      );
    }
    phases.moveTo(
      'pending',
      answer.alreadyRequested ? 'a trade was already pending' : `trade pending (${answer.registrarStatus})`,
    );
  } catch (err) {
    const rejected = rejectedBy(err);
    if (rejected?.type === 'RegistrarRejectedError') return finish('failed', rejected.message);
    throw err;
  }

  const confirmation = procedure === 'registrant-confirmation';
  const windowMs = confirmation ? REGISTRANT_CHANGE_RULES.confirmationWindowDays * DAY_MS : durationMs(input.deadline);
  const deadline = Date.now() + windowMs;
  state.confirmBy = confirmation ? new Date(deadline).toISOString() : undefined;
  if (confirmation) {
    try {
      const pending = await poll.pendingVerification(target);
      if (pending?.dueAt) state.confirmBy = pending.dueAt;
      if (pending) phases.note(`confirmation mail sent to the old registrant (${pending.status})`);
    } catch (err) {
      phases.note(`could not read the pending confirmation: ${(err as Error).message}`);
    }
  }
  const settled = await pollUntil(
    {
      intervalMs: durationMs(input.checkEvery),
      deadline,
      wakeup,
      onWait: (at) => (state.nextCheckAt = at),
      onWoken: () => (state.nextCheckAt = undefined),
    },
    async () => {
      if (cancelRequested) {
        await acts.cancelTrade(target);
        return finish('cancelled', 'cancelled on request; the pending change was withdrawn at the registrar');
      }
      while (resendRequested > 0) {
        resendRequested -= 1;
        if (!confirmation) {
          phases.note('no confirmation mail to resend: this change waits for the registry');
          continue;
        }
        try {
          await acts.resendConfirmation(target);
          state.confirmationsResent += 1;
          phases.note('confirmation mail sent again to the old registrant');
        } catch (err) {
          phases.note(`could not resend the confirmation mail: ${(err as Error).message}`);
        }
      }
      state.statusChecks += 1;
      let status: TradeStatusAnswer | undefined;
      try {
        status = await poll.tradeStatus(target);
        state.registrarStatus = status.registrarStatus;
      } catch (err) {
        if (rejectedBy(err)) throw err;
        phases.note(`status check failed, trying again later: ${(err as Error).message}`);
      }
      if (status?.state === 'completed')
        return completed('the change was confirmed and completed', status.transferLockUntil);
      if (status?.state === 'denied') return finish('denied', status.reason ?? 'the old registrant denied the change');
      if (status?.state === 'expired') {
        return finish('expired', status.reason ?? 'the old registrant did not confirm in time');
      }
      if (status?.state === 'failed') return finish('failed', status.reason ?? 'the registry refused the trade');
      if (status?.state === 'none')
        return finish('failed', 'the registrar no longer knows this change (withdrawn outside this workflow)');
      return undefined;
    },
  );
  if (settled) return settled;
  // Withdraw it, so a confirmation arriving later cannot change the registrant unseen.
  try {
    await acts.cancelTrade(target);
  } catch (err) {
    phases.note(`could not withdraw the pending change: ${(err as Error).message}`);
  }
  return confirmation
    ? finish(
        'expired',
        `the old registrant did not confirm within ${REGISTRANT_CHANGE_RULES.confirmationWindowDays} days`,
      )
    : finish('timed-out', `the registry did not decide within ${input.deadline}; a person should look`);
}
