import {
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RegistrarActivities } from '../activities';
import { sameNameservers } from '../domain/nameservers';
import {
  accountField,
  checkNowSignal,
  CustomerId,
  DomainName,
  durationMs,
  LifecycleState,
  Registrar,
  type TransferDomainInput,
  type TransferDomainResult,
  type TransferOutcome,
  type TransferPhase,
  type TransferState,
  transferStateQuery,
  transferWorkflowId,
} from '../contracts';
import {
  PhaseTracker,
  requireWorkflowId,
  registrarCallOptions,
  registrarLocalPollOptions,
  registrarLocalReadOptions,
  registrarPollOptions,
  rejectedBy,
} from './shared';
import { pollUntil, Wakeup } from './poll';
import { parseWorkflowInput } from './validate';
import { transferInputSchema } from './transfer-fields';
import { emitOutcomeEvent } from './events';
import { handToPortfolio } from './portfolio-handoff';

const acts = proxyActivities<RegistrarActivities>(registrarCallOptions);
const poll = proxyActivities<RegistrarActivities>(registrarPollOptions);
const localReads = proxyLocalActivities<RegistrarActivities>(registrarLocalReadOptions);
const localPoll = proxyLocalActivities<RegistrarActivities>(registrarLocalPollOptions);

/**
 * Inbound transfer: check, request once, poll with a growing interval until the registrar reports
 * the outcome or the deadline passes, then set the requested nameservers (the registry keeps the old
 * ones) and the transfer lock when asked.
 *
 * Behind the patch 'lean-transfer' (issue 18: 65 history events down to 39 for a transfer approved at
 * its first status check): the registrar reads (check, status, domain) and the outcome event run as
 * local activities, one marker event each; the writes (TransferDomain, nameservers, lock) and the
 * hand-off stay ordinary activities, so a lost worker never sends a write again unread; the search
 * attributes and memo the client set at start are not upserted again. The patch includes
 * 'strict-inputs', 'portfolio-entity' and 'outcome-events' (asking each costs two events).
 * Histories from before it replay the old path.
 */
export async function transferDomain(rawInput: TransferDomainInput): Promise<TransferDomainResult> {
  // First, before any command: the old path's first command is the search attribute upsert.
  const lean = patched('lean-transfer');
  const result = await transferDomainSteps(rawInput, lean);
  const { customerId, nameservers, account } = parseWorkflowInput(transferInputSchema(rawInput), rawInput, {
    strict: lean,
  });
  await handToPortfolio(
    result.outcome === 'completed',
    { ...result, customerId, account },
    'transfer',
    {
      phase: 'active',
      ...(result.nameserversUpdated ? { nameservers } : {}),
      ...(result.transferLockSet ? { transferLock: true } : {}),
    },
    { lean },
  );
  return emitOutcomeEvent(
    result,
    { domain: result.domain, registrar: result.registrar, outcome: result.outcome },
    { lean },
  );
}

/** The steps; the exported function adds the outcome event at the end. */
async function transferDomainSteps(rawInput: TransferDomainInput, lean: boolean): Promise<TransferDomainResult> {
  const input = parseWorkflowInput(transferInputSchema(rawInput), rawInput, { strict: lean });
  // Reads only: run again whole when a worker is lost mid-task (see the function comment above).
  const reads = lean ? localReads : acts;
  const polls = lean ? localPoll : poll;
  const { domain, registrar } = input;
  requireWorkflowId(transferWorkflowId(domain, input.account));

  const state: TransferState = { domain, registrar, phase: 'checking', attempts: 0, log: [] };
  const wakeup = new Wakeup();
  setHandler(transferStateQuery, () => state);
  setHandler(checkNowSignal, () => wakeup.now());

  const phases = new PhaseTracker<TransferPhase>(state, 'transfer', `${domain} via ${registrar}`);
  const moveTo = (phase: TransferPhase, why: string): void => phases.moveTo(phase, why);
  const finish = (outcome: TransferOutcome, why: string, extra: Partial<TransferDomainResult> = {}) => {
    moveTo(outcome, why);
    state.result = {
      domain,
      registrar,
      outcome,
      nameserversUpdated: false,
      transferLockSet: false,
      statusChecks: state.attempts,
      finishedAt: new Date().toISOString(),
      ...extra,
      ...(outcome === 'completed' ? {} : { reason: why }),
    };
    upsertMemo({ summary: `transfer of ${domain}: ${outcome}` });
    return state.result;
  };

  // The client sets these and the memo at start (src/client/transfer.ts): the lean path sends only
  // what a start by another client left out.
  const given = workflowInfo().typedSearchAttributes;
  const startedWithThem =
    given.get(DomainName) === domain &&
    given.get(Registrar) === registrar &&
    given.get(LifecycleState) === 'transfer-checking' &&
    (!input.customerId || given.get(CustomerId) === input.customerId);
  if (!(lean && startedWithThem)) {
    upsertSearchAttributes([
      { key: DomainName, value: domain },
      { key: Registrar, value: registrar },
      { key: LifecycleState, value: 'transfer-checking' },
      ...(input.customerId ? [{ key: CustomerId, value: input.customerId }] : []),
    ]);
  }
  const summary = `transfer of ${domain} via ${registrar}`;
  if (!(lean && workflowInfo().memo?.summary === summary)) upsertMemo({ summary });
  phases.start('transfer workflow started');

  const target = { registrar, ...accountField(input.account), domain };
  try {
    const check = await reads.checkTransfer({ ...target, authCode: input.authCode });
    if (!check.possible) {
      return finish('rejected', check.reason ?? 'the registrar says the transfer is not possible');
    }
    moveTo('requesting', 'the registrar accepts a transfer request');
    const request = await acts.requestTransfer({
      ...target,
      authCode: input.authCode,
      nameservers: input.nameservers,
      periodYears: input.periodYears,
      ...(input.extras ? { extras: input.extras } : {}),
    });
    moveTo('pending', request.alreadyPending ? 'a transfer was already pending' : 'transfer requested');
  } catch (err) {
    const rejected = rejectedBy(err);
    if (rejected?.type === 'RegistrarRejectedError') return finish('rejected', rejected.message);
    throw err;
  }

  const deadline = Date.now() + durationMs(input.polling.deadline);
  state.deadline = new Date(deadline).toISOString();
  const outcome = await pollUntil(
    {
      intervalMs: durationMs(input.polling.initialInterval),
      backoffCoefficient: input.polling.backoffCoefficient,
      maxIntervalMs: durationMs(input.polling.maxInterval),
      deadline,
      wakeup,
      onWait: (at) => (state.nextCheckAt = at),
      onWoken: () => (state.nextCheckAt = undefined),
    },
    async () => {
      state.attempts += 1;
      try {
        const status = await polls.getTransferStatus(target);
        state.registrarStatus = status.registrarStatus;
        if (status.state === 'completed') return { completed: true as const };
        if (status.state === 'failed') {
          return finish('failed', status.reason ?? 'the registrar reports the transfer failed');
        }
      } catch (err) {
        if (rejectedBy(err)) throw err;
        phases.note(`status check failed, trying again later: ${(err as Error).message}`);
      }
      return undefined;
    },
  );
  if (outcome === undefined) {
    return finish('timed-out', `no outcome after ${input.polling.deadline}; a person should look at this transfer`);
  }
  if (!('completed' in outcome)) return outcome;

  let nameserversUpdated = false;
  let transferLockSet = false;
  const wantsNameservers = input.nameservers && (input.updateNameservers ?? true);
  if (wantsNameservers || input.transferLock) {
    const current = await reads.getDomain(target);
    if (wantsNameservers && input.nameservers) {
      if (current && sameNameservers(current.nameservers, input.nameservers)) {
        phases.note('nameservers already as requested');
      } else {
        moveTo('updating-nameservers', `transfer completed; setting ${input.nameservers.join(', ')}`);
        nameserversUpdated = await acts.setNameservers({ ...target, nameservers: input.nameservers });
      }
    }
    if (input.transferLock && current?.transferLock !== true) {
      moveTo('locking', 'setting the transfer lock');
      transferLockSet = await acts.setTransferLock({ ...target, locked: true });
    }
  }
  return finish('completed', 'domain transferred', { nameserversUpdated, transferLockSet });
}
