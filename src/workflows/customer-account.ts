import { condition, getExternalWorkflowHandle, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  type AccountOperationResult,
  accountQuery,
  type AccountState,
  type AccountView,
  accountWorkflowId,
  captureUpdate,
  type CustomerAccountInput,
  customerAccountInputSchema,
  CustomerId,
  depositSchema,
  depositUpdate,
  fundsDepositedSignal,
  type LedgerEntry,
  releaseUpdate,
  reserveSchema,
  reserveUpdate,
  type SettleRequest,
  settleSchema,
} from '../contracts';
import { continueAsNewWhenIdle, requireWorkflowId, shouldContinueAsNew } from './shared';
import { parseWorkflowInput, requestValidator as validator } from './validate';

const MAX_REMEMBERED_REFERENCES = 5_000;
const MAX_ENTRIES = 50;

/**
 * A customer's prepaid money: balances per currency and reservations, changed only by Updates that
 * are idempotent by reference. Amounts are integers in minor units. Lives forever, continuing as
 * new (with all of its state) before its history grows large.
 */
export async function customerAccount(rawInput: CustomerAccountInput): Promise<never> {
  const input = parseWorkflowInput(customerAccountInputSchema, rawInput);
  requireWorkflowId(accountWorkflowId(input.customerId));
  const state: AccountState = input.state ?? {
    customerId: input.customerId,
    balances: {},
    reservations: [],
    processed: [],
    entries: [],
    waitingForFunds: [],
  };
  const processed = new Map(state.processed);
  let toNotify: Array<{ workflowId: string; currency: string }> = [];
  upsertSearchAttributes([{ key: CustomerId, value: input.customerId }]);

  const reservedIn = (currency: string) =>
    state.reservations.filter((r) => r.currency === currency).reduce((sum, r) => sum + r.amount, 0);
  const available = (currency: string) => (state.balances[currency] ?? 0) - reservedIn(currency);
  const record = (entry: Omit<LedgerEntry, 'at'>) => {
    state.entries.push({ at: new Date().toISOString(), ...entry });
    if (state.entries.length > MAX_ENTRIES) state.entries.splice(0, state.entries.length - MAX_ENTRIES);
  };
  /** the same reference twice returns the first answer and changes nothing */
  const once = (key: string, apply: () => AccountOperationResult): AccountOperationResult => {
    const earlier = processed.get(key);
    if (earlier) return { ...earlier, duplicate: true };
    const result = apply();
    processed.set(key, result);
    if (processed.size > MAX_REMEMBERED_REFERENCES) processed.delete(processed.keys().next().value!);
    return result;
  };

  setHandler(
    depositUpdate,
    (req) =>
      once(`deposit:${req.reference}`, () => {
        state.balances[req.currency] = (state.balances[req.currency] ?? 0) + req.amount;
        record({
          kind: 'deposit',
          reference: req.reference,
          amount: req.amount,
          currency: req.currency,
          memo: req.memo,
        });
        const waiting = state.waitingForFunds;
        state.waitingForFunds = [];
        toNotify = [...toNotify, ...waiting.map((workflowId) => ({ workflowId, currency: req.currency }))];
        return { status: 'deposited', reference: req.reference, duplicate: false };
      }),
    { validator: validator(depositSchema) },
  );

  setHandler(
    reserveUpdate,
    (req) => {
      // A refusal is not remembered: the same reservation may succeed after a deposit.
      const earlier = processed.get(`reserve:${req.reference}`);
      if (earlier) return { ...earlier, duplicate: true };
      const free = available(req.currency);
      if (free < req.amount) {
        record({
          kind: 'refused',
          reference: req.reference,
          amount: req.amount,
          currency: req.currency,
          memo: 'insufficient funds',
        });
        if (req.notifyWorkflowId && !state.waitingForFunds.includes(req.notifyWorkflowId)) {
          state.waitingForFunds.push(req.notifyWorkflowId);
        }
        return {
          status: 'refused',
          reference: req.reference,
          reason: 'insufficient-funds',
          available: free,
          duplicate: false,
        };
      }
      return once(`reserve:${req.reference}`, () => {
        state.reservations.push({
          reference: req.reference,
          amount: req.amount,
          currency: req.currency,
          memo: req.memo,
          at: new Date().toISOString(),
        });
        record({
          kind: 'reserve',
          reference: req.reference,
          amount: req.amount,
          currency: req.currency,
          memo: req.memo,
        });
        return { status: 'reserved', reference: req.reference, duplicate: false };
      });
    },
    { validator: validator(reserveSchema) },
  );

  const settle = (kind: 'release' | 'capture') => (req: SettleRequest) => {
    const other = processed.get(`${kind === 'release' ? 'capture' : 'release'}:${req.reference}`);
    if (other) {
      return {
        status: 'refused',
        reference: req.reference,
        reason: kind === 'release' ? 'already-captured' : 'already-released',
        duplicate: false,
      } as AccountOperationResult;
    }
    const earlier = processed.get(`${kind}:${req.reference}`);
    if (earlier) return { ...earlier, duplicate: true };
    const index = state.reservations.findIndex((r) => r.reference === req.reference);
    if (index < 0) {
      return {
        status: 'refused',
        reference: req.reference,
        reason: 'unknown-reservation',
        duplicate: false,
      } as AccountOperationResult;
    }
    return once(`${kind}:${req.reference}`, () => {
      const [reservation] = state.reservations.splice(index, 1);
      const { amount, currency } = reservation!;
      if (kind === 'capture') state.balances[currency] = (state.balances[currency] ?? 0) - amount;
      record({ kind, reference: req.reference, amount, currency });
      return { status: kind === 'capture' ? 'captured' : 'released', reference: req.reference, duplicate: false };
    });
  };
  setHandler(releaseUpdate, settle('release'), { validator: validator(settleSchema) });
  setHandler(captureUpdate, settle('capture'), { validator: validator(settleSchema) });

  setHandler(accountQuery, (): AccountView => {
    const currencies = [
      ...new Set([...Object.keys(state.balances), ...state.reservations.map((r) => r.currency)]),
    ].sort();
    return {
      customerId: state.customerId,
      currencies: currencies.map((currency) => ({
        currency,
        balance: state.balances[currency] ?? 0,
        reserved: reservedIn(currency),
        available: available(currency),
      })),
      reservations: [...state.reservations],
      recentEntries: [...state.entries],
    };
  });

  for (;;) {
    await condition(() => toNotify.length > 0 || shouldContinueAsNew(input.continueAsNewAfterEvents));
    while (toNotify.length > 0) {
      const next = toNotify.shift()!;
      try {
        await getExternalWorkflowHandle(next.workflowId).signal(fundsDepositedSignal, {
          customerId: state.customerId,
          currency: next.currency,
        });
      } catch {
        // The waiting workflow may have ended since; nothing to tell it any more.
      }
    }
    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      await continueAsNewWhenIdle<typeof customerAccount>(() => {
        state.processed = [...processed];
        return [{ customerId: input.customerId, state, continueAsNewAfterEvents: input.continueAsNewAfterEvents }];
      });
    }
  }
}
