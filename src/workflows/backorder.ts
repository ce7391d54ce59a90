import {
  condition,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AccountActivities, BackorderActivities, MailActivities, RegistrarActivities } from '../activities';
import { formatMinorUnits } from '../domain/money';
import {
  type BackorderInput,
  backorderInputSchema,
  type BackorderResult,
  type BackorderState,
  backorderStateQuery,
  backorderWorkflowId,
  type BackorderWorkflowStatus,
  cancelBackorderUpdate,
  CustomerId,
  DomainName,
  DropAt,
  durationMs,
  fundsDepositedSignal,
  Registrar,
} from '../contracts';
import { accountField } from '../contracts/registrar-account';
import { PhaseTracker, registrarCallOptions, registrarPollOptions, rejectedBy, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';
import { emitOutcomeEvent } from './events';
import { handToPortfolio } from './portfolio-handoff';

const registrarActs = proxyActivities<BackorderActivities & RegistrarActivities>(registrarCallOptions);
const pollActs = proxyActivities<BackorderActivities>(registrarPollOptions);
// An account Update is one round trip to Temporal: a short timeout lets a dead worker's call be retried soon.
const account = proxyActivities<AccountActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
const mail = proxyActivities<MailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', maximumInterval: '30 minutes', maximumAttempts: 20 },
});

const CANCELLABLE: BackorderWorkflowStatus[] = ['REQUESTED', 'ACTIVE'];

/**
 * A backorder as one durable state machine (the HEXONET addon's states): REQUESTED -> ACTIVE when
 * the customer's funds are reserved, 3 days before the drop -> PROCESSING 2 hours before, when the
 * application is placed -> the registrar's outcome. Money: reserved, then captured or released
 * exactly once through the customer's account workflow.
 */
export async function backorder(rawInput: BackorderInput): Promise<BackorderResult> {
  const result = await backorderSteps(rawInput);
  const { registrar, account } = parseWorkflowInput(backorderInputSchema, rawInput);
  // A won auction puts the name in the account as surely as a catch does. Before the patch only
  // SUCCESSFUL was handed on, and a won domain never got its `domain` entity.
  const caught =
    result.status === 'SUCCESSFUL' || (result.status === 'AUCTION-WON' && patched('backorder-auction-won-portfolio'));
  const target = { domain: result.domain, registrar, ...accountField(account), customerId: result.customerId };
  await handToPortfolio(caught, target, 'backorder', {
    phase: 'active',
  });
  return emitOutcomeEvent(result, { domain: result.domain, registrar, outcome: result.status });
}

/** The steps; the exported function adds the outcome event at the end. */
async function backorderSteps(rawInput: BackorderInput): Promise<BackorderResult> {
  const input = parseWorkflowInput(backorderInputSchema, rawInput);
  const { customerId, domain, registrar } = input;
  requireWorkflowId(backorderWorkflowId(customerId, domain, input.account));
  // The registrar calls of another account go to that account; `default` sends exactly the
  // activity inputs it always did (no `account` key), so recorded histories replay without a patch.
  const at = { registrar, ...accountField(input.account) };
  const workflowId = workflowInfo().workflowId;
  // One reservation per backorder run: a later backorder for the same name has its own.
  const fundsReference = `${workflowId}:${workflowInfo().firstExecutionRunId}`;
  const notify = input.notifyEmail ?? input.contacts.owner.email;
  const t = {
    activateBefore: durationMs(input.timing.activateBefore),
    processBefore: durationMs(input.timing.processBefore),
    giveUpAfterDrop: durationMs(input.timing.giveUpAfterDrop),
    recheckEvery: durationMs(input.timing.recheckEvery),
    pollEvery: durationMs(input.timing.pollEvery),
  };

  const state: BackorderState = {
    customerId,
    domain,
    phase: 'REQUESTED',
    fundsReserved: false,
    lowBalanceMailSent: false,
    log: [],
  };
  let cancelRequested = false;
  let fundsArrived = false;
  // Set before the first await of the placement: a cancel accepted while the application is being
  // placed would be answered { cancelled: true } and then ignored.
  let placing = false;
  setHandler(backorderStateQuery, () => state);
  setHandler(
    cancelBackorderUpdate,
    () => {
      cancelRequested = true;
      return { cancelled: true as const };
    },
    {
      validator: () => {
        if (!CANCELLABLE.includes(state.phase) || cancelRequested || placing) {
          throw new Error(`cannot cancel in ${state.phase}: the application is placed with the registrar`);
        }
      },
    },
  );
  setHandler(fundsDepositedSignal, () => {
    fundsArrived = true;
  });

  const phases = new PhaseTracker<BackorderWorkflowStatus>(state, 'backorder', `${domain} for ${customerId}`);
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: CustomerId, value: customerId },
    { key: Registrar, value: registrar },
  ]);
  phases.moveTo('REQUESTED', 'backorder requested');

  let charged = 0;
  const currency = input.currency;
  const finish = async (status: BackorderWorkflowStatus, why: string): Promise<BackorderResult> => {
    if (state.fundsReserved && status !== 'SUCCESSFUL') {
      await account.releaseFunds({ customerId, reference: fundsReference });
      state.fundsReserved = false;
    }
    phases.moveTo(status, why);
    state.nextCheckAt = undefined;
    state.result = {
      customerId,
      domain,
      status,
      reference: state.reference,
      charged,
      currency,
      finishedAt: new Date().toISOString(),
      ...(status === 'SUCCESSFUL' || status === 'AUCTION-WON' ? {} : { reason: why }),
    };
    upsertMemo({ summary: `backorder of ${domain} for ${customerId}: ${status}` });
    return state.result;
  };
  const mailCustomer = (
    template: 'backorder-won' | 'backorder-lost' | 'backorder-auction-started' | 'backorder-low-balance',
    values: Record<string, string>,
  ) =>
    mail.sendMail({
      to: notify,
      template,
      values: { domain, workflowId, ...values },
      idempotencyKey: `${workflowId}:${workflowInfo().firstExecutionRunId}:${template}`,
    });

  const price = await registrarActs.quoteBackorder({ domain, currency });
  if (price === undefined) return finish('FAILED', `no backorder price for this TLD in ${currency}`);
  state.price = { amount: price, currency };

  const readDropDate = async () => {
    const drop = await registrarActs.dropDate({ ...at, domain });
    if (drop && drop !== state.dropAt) {
      phases.note(state.dropAt ? `drop date moved to ${drop}` : `drop date ${drop}`);
      state.dropAt = drop;
      upsertSearchAttributes([{ key: DropAt, value: new Date(drop) }]);
    }
  };
  await readDropDate();
  let nextRecheck = Date.now() + t.recheckEvery;

  // Before the application: wait for the windows, re-reading the drop date daily.
  while (state.phase === 'REQUESTED' || state.phase === 'ACTIVE') {
    if (cancelRequested) return finish('CANCELLED', 'cancelled by the customer');
    const now = Date.now();
    const drop = state.dropAt ? Date.parse(state.dropAt) : undefined;
    if (drop !== undefined && now > drop + t.giveUpAfterDrop) {
      return finish('FAILED', 'the drop passed without processing');
    }
    if (state.phase === 'REQUESTED' && drop !== undefined && now >= drop - t.activateBefore) {
      fundsArrived = false;
      const reserved = await account.reserveFunds({
        customerId,
        reference: fundsReference,
        amount: price,
        currency,
        memo: `backorder ${domain}`,
        notifyWorkflowId: workflowId,
      });
      if (reserved.status === 'reserved') {
        state.fundsReserved = true;
        phases.moveTo('ACTIVE', `funds reserved: ${formatMinorUnits(price)} ${currency}`);
        continue;
      }
      if (!state.lowBalanceMailSent) {
        state.lowBalanceMailSent = true;
        phases.note('insufficient funds: low-balance mail sent');
        await mailCustomer('backorder-low-balance', {
          dropAt: state.dropAt!,
          price: formatMinorUnits(price),
          currency,
          available: formatMinorUnits('available' in reserved ? (reserved.available ?? 0) : 0),
        });
      }
    }
    if (state.phase === 'ACTIVE' && drop !== undefined && now >= drop - t.processBefore) {
      placing = true;
      const contacts = await registrarActs.ensureContacts({ ...at, contacts: input.contacts });
      try {
        // A retry after the registry decided must find the decided application, not place another.
        const since = patched('backorder-place-since') ? { placedSince: workflowInfo().startTime.toISOString() } : {};
        const application = await registrarActs.placeBackorder({ ...at, domain, contacts, ...since });
        state.reference = application.reference;
        phases.moveTo('PROCESSING', `application ${application.reference} placed`);
      } catch (err) {
        const rejected = rejectedBy(err);
        if (rejected) return finish('FAILED', rejected.message);
        throw err;
      }
      break;
    }
    if (now >= nextRecheck) {
      await readDropDate();
      nextRecheck = Date.now() + t.recheckEvery;
      continue;
    }
    const wakeAt = Math.min(
      nextRecheck,
      ...(drop === undefined
        ? []
        : [
            state.phase === 'REQUESTED' ? drop - t.activateBefore : drop - t.processBefore,
            drop + t.giveUpAfterDrop + 1,
          ].filter((at) => at > now)),
    );
    state.nextCheckAt = new Date(wakeAt).toISOString();
    await condition(
      () => cancelRequested || (fundsArrived && state.phase === 'REQUESTED'),
      Math.max(1, wakeAt - Date.now()),
    );
    if (fundsArrived) phases.note('a deposit arrived: trying the reservation again');
  }

  // After the application: poll the registrar's answer.
  let auctionMailSent = false;
  for (;;) {
    state.nextCheckAt = new Date(Date.now() + t.pollEvery).toISOString();
    await sleep(t.pollEvery);
    let application: Awaited<ReturnType<typeof pollActs.backorderStatus>>;
    try {
      application = await pollActs.backorderStatus({ ...at, reference: state.reference! });
    } catch (err) {
      // One failed check (its three attempts) used to fail the whole backorder, the application
      // placed and the customer's funds left reserved for good; the next turn asks again.
      if (rejectedBy(err) || !patched('backorder-poll-retry')) throw err;
      phases.note(`status check failed, trying again later: ${(err as Error).message}`);
      continue;
    }
    switch (application.status) {
      case 'FAILED':
        await mailCustomer('backorder-lost', { status: 'not caught' });
        return finish('FAILED', 'the registrar did not catch the domain');
      case 'CANCELLED':
        return finish('CANCELLED', 'the registrar no longer knows the application');
      case 'AUCTION-PENDING':
        if (!auctionMailSent) {
          auctionMailSent = true;
          phases.moveTo('AUCTION-PENDING', 'several backorders: private auction');
          await mailCustomer('backorder-auction-started', {
            auctionUrl: application.auctionUrl ?? '(see your registrar)',
          });
        }
        break;
      case 'AUCTION-LOST':
        await mailCustomer('backorder-lost', { status: 'auction lost' });
        return finish('AUCTION-LOST', 'another bidder won the auction');
      case 'AUCTION-WON':
        // The auction is paid to the auction house, not from the prepaid balance.
        await mailCustomer('backorder-won', { how: 'auction won', charged: '0.00', currency });
        return finish('AUCTION-WON', 'auction won; the domain is handed on');
      case 'SUCCESSFUL': {
        phases.moveTo('PENDING-PAYMENT', 'caught: taking the reserved funds');
        const captured = await account.captureFunds({ customerId, reference: fundsReference });
        if (captured.status !== 'captured')
          return finish(
            'FAILED',
            `capture refused: ${captured.status === 'refused' ? captured.reason : captured.status}`,
          );
        state.fundsReserved = false;
        charged = price;
        await mailCustomer('backorder-won', { how: 'caught at the drop', charged: formatMinorUnits(price), currency });
        return finish('SUCCESSFUL', 'caught and paid; the domain is handed on');
      }
      default:
        break;
    }
  }
}
