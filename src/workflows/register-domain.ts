import { patched, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { RegistrarActivities } from '../activities';
import { tldPolicy } from '../domain/tld-policy';
import {
  checkNowSignal,
  CustomerId,
  DomainName,
  durationMs,
  ExpiresAt,
  type RegisterDomainInput,
  legacyRegisterDomainInputSchema,
  registerDomainInputSchema,
  registerExtras,
  type RegisterDomainResult,
  type RegisterOutcome,
  type RegisterPhase,
  type RegisterState,
  registerStateQuery,
  registerWorkflowId,
  Registrar,
  accountField,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, registrarPollOptions, rejectedBy, requireWorkflowId } from './shared';
import { pollUntil, Wakeup } from './poll';
import { parseWorkflowInput } from './validate';
import { emitOutcomeEvent } from './events';
import { handToPortfolio } from './portfolio-handoff';

const acts = proxyActivities<RegistrarActivities>(registrarCallOptions);
const poll = proxyActivities<RegistrarActivities>(registrarPollOptions);

/**
 * Registration: check availability (premium only at an accepted price), settle the contacts, order
 * once, wait for a registry that answers "pending", then apply the lock and privacy when asked.
 * The registrar's own auto-renewal stays off: only this engine renews.
 */
export async function registerDomain(rawInput: RegisterDomainInput): Promise<RegisterDomainResult> {
  const result = await registerDomainSteps(rawInput);
  const { customerId, account } = parseWorkflowInput(inputSchema(), rawInput);
  await handToPortfolio(result.outcome === 'registered', { ...result, customerId, account }, 'register', {
    phase: 'active',
    registryExpiresAt: result.expiresAt,
    registrarAutorenew: false,
    privacy: result.privacySet,
    transferLock: result.transferLockSet,
  });
  return emitOutcomeEvent(result, { domain: result.domain, registrar: result.registrar, outcome: result.outcome });
}

/**
 * Runs started before 'tld-fields' knew only .ca's extras: they replay with that check, so a .us
 * run that was accepted without nexus fields is not failed on replay.
 */
const inputSchema = () => (patched('tld-fields') ? registerDomainInputSchema : legacyRegisterDomainInputSchema);

/** The steps; the exported function adds the outcome event at the end. */
async function registerDomainSteps(rawInput: RegisterDomainInput): Promise<RegisterDomainResult> {
  const input = parseWorkflowInput(inputSchema(), rawInput);
  const { domain, registrar } = input;
  requireWorkflowId(registerWorkflowId(domain, input.account));

  const state: RegisterState = { domain, registrar, phase: 'checking', activationChecks: 0, log: [] };
  const wakeup = new Wakeup();
  setHandler(registerStateQuery, () => state);
  setHandler(checkNowSignal, () => wakeup.now());
  const phases = new PhaseTracker<RegisterPhase>(state, 'register', `${domain} via ${registrar}`);
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
    ...(input.customerId ? [{ key: CustomerId, value: input.customerId }] : []),
  ]);
  phases.moveTo('checking', 'registration workflow started');
  const hint = tldPolicy(domain).hint;
  if (hint) phases.note(hint);

  let transferLockSet = false;
  let privacySet = false;
  const finish = (outcome: RegisterOutcome, why: string, extra: Partial<RegisterDomainResult> = {}) => {
    phases.moveTo(outcome, why);
    state.result = {
      domain,
      registrar,
      outcome,
      transferLockSet,
      privacySet,
      finishedAt: new Date().toISOString(),
      ...extra,
      ...(outcome === 'registered' ? {} : { reason: why }),
    };
    upsertMemo({ summary: `registration of ${domain}: ${outcome}` });
    return state.result;
  };

  const target = { registrar, ...accountField(input.account), domain };
  const availability = await acts.checkAvailability(target);
  let premiumPrice = undefined as { amount: string; currency: string } | undefined;
  if (availability.status === 'premium') {
    const quote = availability.premiumPrice;
    const accepted = input.acceptPremiumPrice;
    const same =
      quote && accepted && Number(quote.amount) === Number(accepted.amount) && quote.currency === accepted.currency;
    if (!same) {
      return finish(
        'premium-not-accepted',
        quote
          ? `premium name at ${quote.amount} ${quote.currency}; accept that price to register it`
          : 'premium name without a price quote',
        { premiumPrice: quote },
      );
    }
    premiumPrice = quote;
  } else if (availability.status !== 'available') {
    return finish('unavailable', `${availability.status}${availability.reason ? `: ${availability.reason}` : ''}`);
  }

  phases.moveTo('contacts', 'the domain is available');
  const contacts = await acts.ensureContacts({ registrar, ...accountField(input.account), contacts: input.contacts });
  const contactHandles = Object.fromEntries(
    Object.entries(contacts).flatMap(([role, c]) => ('handle' in c ? [[role, c.handle]] : [])),
  );

  phases.moveTo('registering', 'contacts ready');
  let registered;
  const order = {
    registrar,
    ...accountField(input.account),
    domain,
    periodYears: input.periodYears,
    nameservers: input.nameservers,
    contacts,
    // The field table's pre-fills (.it entity type of a person) go out with the given extras.
    extras: patched('tld-fields') ? registerExtras(input) : input.extras,
    premiumPrice,
  };
  try {
    registered = await acts.register(order);
  } catch (err) {
    const rejected = rejectedBy(err);
    if (rejected?.type === 'RegistrarRejectedError') return finish('unavailable', rejected.message);
    throw err;
  }
  if (registered.alreadyRegistered) phases.note('the domain was already in this account from an earlier attempt');

  let { expiresAt, reference } = registered;
  if (registered.state === 'pending') {
    phases.moveTo('pending-activation', 'the registry accepted the order and will create the domain');
    const active = await pollUntil(
      {
        intervalMs: durationMs(input.activation.initialInterval),
        backoffCoefficient: 2,
        maxIntervalMs: durationMs(input.activation.maxInterval),
        deadline: Date.now() + durationMs(input.activation.deadline),
        wakeup,
        onWait: (at) => (state.nextCheckAt = at),
        onWoken: () => (state.nextCheckAt = undefined),
      },
      async () => {
        state.activationChecks += 1;
        try {
          const info = await poll.getDomain(target);
          if (info?.state === 'active') return info;
        } catch (err) {
          if (rejectedBy(err)) throw err;
          phases.note(`activation check failed, trying again later: ${(err as Error).message}`);
        }
        return undefined;
      },
    );
    if (!active) {
      return finish('timed-out', `still pending after ${input.activation.deadline}; a person should look`, {
        reference,
        contactHandles,
      });
    }
    expiresAt = active.expiresAt ?? expiresAt;
    reference = active.reference ?? reference;
  }

  // An ISPAPI premium order carries no RENEWALMODE; when the domain was not visible to switch the
  // registrar's auto-renewal off right after the order, the adapter says so, and registering again
  // now that it exists (idempotent: found in the account, nothing ordered) switches it off.
  if (registered.settingsPending && patched('register-settings-after-activation')) {
    try {
      await acts.register(order);
      phases.note("the registrar's auto-renewal switched off now that the domain exists");
    } catch (err) {
      phases.note(`could not switch the registrar's auto-renewal off, a person should look: ${(err as Error).message}`);
    }
  }

  if (input.transferLock || input.privacy) {
    phases.moveTo('finishing', 'registered; applying lock and privacy');
    if (input.transferLock) transferLockSet = await acts.setTransferLock({ ...target, locked: true });
    if (input.privacy) privacySet = await acts.setPrivacy({ ...target, enabled: true });
  }
  if (expiresAt) upsertSearchAttributes([{ key: ExpiresAt, value: new Date(expiresAt) }]);
  return finish('registered', 'domain registered', { expiresAt, reference, contactHandles, premiumPrice });
}
