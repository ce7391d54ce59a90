import {
  ActivityFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  log,
  patched,
} from '@temporalio/workflow';
import type { PortfolioActivities, RegistrarActivities } from '../activities';
import {
  dueDateOf,
  factDifferences,
  factsDigest,
  mergeFacts,
  plannedExpiry,
  type FactDifference,
} from '../domain/portfolio';
import {
  AutoRenew,
  type ChangeEvent,
  CustomerId,
  type DomainChange,
  type DomainEntityInput,
  domainEntityInputSchema,
  type DomainEntityState,
  type DomainEntityView,
  DomainName,
  type DomainObservation,
  domainObservationSchema,
  type DomainRenewRequest,
  domainRenewRequestSchema,
  type DomainRenewResult,
  domainStateQuery,
  domainWorkflowId,
  accountField,
  accountScopedId,
  ExpiresAt,
  FactsDigest,
  LifecycleState,
  observedSignal,
  type ObserveResult,
  observeUpdate,
  Registrar,
  renewUpdate,
  setAutorenewUpdate,
  setPrivacyUpdate,
  type SetWishRequest,
  type SetWishResult,
  setWishSchema,
} from '../contracts';
import { emitChangeEvent } from './events';
import {
  continueAsNewWhenIdle,
  registrarCallOptions,
  rejectedBy,
  requireWorkflowId,
  shouldContinueAsNew,
} from './shared';
import { Mutex } from './mutex';
import { registerDomainChanges } from './domain-changes';
import { registerZoneDrift } from './domain-dns';
import { parseWorkflowInput, requestValidator as validator } from './validate';

const MAX_RECENT_CHANGES = 50;
const MAX_RENEWALS = 5;
/** Phases in which the engine renews on the due date (the renewal workflow itself handles the rest). */
const RENEWABLE = new Set(['active', 'expired-grace']);

const registrar = proxyActivities<RegistrarActivities>(registrarCallOptions);
const portfolio = proxyActivities<PortfolioActivities>(registrarCallOptions);
const starter = proxyActivities<PortfolioActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Event types billing receives (docs/events.md); lock and nameserver changes are only recorded. */
function eventTypeOf(change: Pick<DomainChange, 'kind' | 'setting' | 'to' | 'source'>): string | undefined {
  // The change Updates' own changes (./domain-changes) are one event each, lock and nameservers too.
  if (change.source === 'update') return `domain.${change.kind}-changed`;
  switch (change.kind) {
    case 'expiry':
      return 'domain.expiry-changed';
    case 'due-date':
      return 'domain.due-date-changed';
    case 'phase':
      if (change.to === 'transferred-away') return 'domain.transferred-away';
      if (change.to === 'deleted') return 'domain.deleted';
      return 'domain.phase-changed';
    case 'autorenew':
      return 'domain.autorenew-changed';
    case 'privacy':
      return 'domain.privacy-changed';
    case 'wish':
      return `domain.${change.setting}-changed`;
    default:
      return undefined;
  }
}

/** 2027-01-31T12:00:00.000Z -> 20270131T120000000Z: stable and readable inside an event id. */
const compactTime = (iso: string): string => iso.replace(/[-:.]/g, '');

/**
 * One managed domain, for as long as it is managed: the last facts its registrar showed, the
 * reseller's wishes, and what really changed. Sync, import and the other workflows hand it facts
 * (`observe`); it records real changes only, emits one ChangeEvent per change billing cares about,
 * keeps the registrar's own auto-renewal off and privacy as wished, and starts the renewal of a
 * term at the due date when autorenew is wished. Continues as new (with its state) before its
 * history grows large.
 */
export async function domain(rawInput: DomainEntityInput): Promise<never> {
  const input = parseWorkflowInput(domainEntityInputSchema, rawInput);
  requireWorkflowId(accountScopedId(domainWorkflowId(input.domain), input.account));
  const state: DomainEntityState = input.state ?? {
    domain: input.domain,
    registrar: input.registrar,
    ...accountField(input.account),
    customerId: input.customerId,
    facts: {},
    wishes: { ...input.wishes },
    dueDateOffsetDays: input.dueDateOffsetDays,
    recentChanges: [],
    changeCount: 0,
    pendingCorrections: [],
    renewals: [],
  };
  const name = state.domain;
  let wake = false;
  // The Update handlers and the main loop's corrections await registrar calls while they change
  // the facts, wishes and corrections: one at a time, so a wish pushed by an Update and a
  // correction of the same setting cannot overlap and leave the registrar on the older value.
  const exclusive = new Mutex('entity-mutex');

  const dueDate = () => dueDateOf(state.facts, state.dueDateOffsetDays);
  const view = (): DomainEntityView => ({ ...state, dueDate: dueDate(), digest: factsDigest(state.facts) });

  const publish = () => {
    const expiry = plannedExpiry(state.facts);
    upsertSearchAttributes([
      { key: DomainName, value: name },
      { key: Registrar, value: state.registrar },
      { key: LifecycleState, value: `domain-${state.facts.phase ?? 'unknown'}` },
      { key: AutoRenew, value: state.wishes.autorenew === true },
      { key: FactsDigest, value: factsDigest(state.facts) },
      ...(expiry ? [{ key: ExpiresAt, value: new Date(expiry) }] : []),
      ...(state.customerId ? [{ key: CustomerId, value: state.customerId }] : []),
    ]);
    upsertMemo({
      summary: `${name} (${state.registrar}): ${state.facts.phase ?? 'unknown'}, due ${dueDate() ?? 'unknown'}`,
    });
  };

  const record = async (change: DomainChange, data: Record<string, unknown> = {}): Promise<DomainChange> => {
    const type = eventTypeOf(change);
    if (type) {
      const event: ChangeEvent = {
        // Another account's entity of the same name has its own event ids (default's are as always).
        id: `${state.account ? `${state.account}:` : ''}${name}:${type}:${compactTime(change.at)}`,
        type,
        occurredAt: change.at,
        domain: name,
        registrar: state.registrar,
        data: { from: change.from, to: change.to, source: change.source, ...data },
      };
      change.eventId = event.id;
      await emitChangeEvent(event);
    }
    state.recentChanges.push(change);
    if (state.recentChanges.length > MAX_RECENT_CHANGES) state.recentChanges.splice(0, 1);
    state.changeCount += 1;
    return change;
  };

  /** What the differences mean: one change per kind, dates folded so a renewal is one change. */
  const interpret = (
    diffs: FactDifference[],
    before: typeof state.facts,
    at: string,
    source: DomainChange['source'],
  ) => {
    const out: Array<{ change: DomainChange; data: Record<string, unknown> }> = [];
    const byField = new Map(diffs.map((d) => [d.field, d]));
    const dueBefore = dueDateOf(before, state.dueDateOffsetDays) ?? null;
    const dueAfter = dueDate() ?? null;
    const registry = byField.get('registryExpiresAt');
    const display = byField.get('displayExpiresAt');
    if (registry) {
      out.push({
        change: { kind: 'expiry', from: registry.from, to: registry.to, at, source },
        data: {
          displayFrom: before.displayExpiresAt ?? null,
          displayTo: state.facts.displayExpiresAt ?? null,
          dueDateFrom: dueBefore,
          dueDateTo: dueAfter,
        },
      });
    } else if (display && dueBefore !== dueAfter) {
      out.push({
        change: { kind: 'due-date', from: dueBefore, to: dueAfter, at, source },
        data: { displayFrom: display.from, displayTo: display.to },
      });
    }
    const phase = byField.get('phase');
    if (phase) out.push({ change: { kind: 'phase', from: phase.from, to: phase.to, at, source }, data: {} });
    const autorenew = byField.get('registrarAutorenew');
    if (autorenew) {
      const change: DomainChange = { kind: 'autorenew', from: autorenew.from, to: autorenew.to, at, source };
      // Only this engine renews: the registrar's own auto-renewal is switched back off.
      if (autorenew.to === true) change.correction = { setting: 'autorenew', to: false };
      out.push({ change, data: { wish: state.wishes.autorenew ?? null, registrarSetting: true } });
    }
    const privacy = byField.get('privacy');
    if (privacy) {
      const change: DomainChange = { kind: 'privacy', from: privacy.from, to: privacy.to, at, source };
      const wish = state.wishes.privacy;
      if (wish !== undefined && privacy.to !== wish) change.correction = { setting: 'privacy', to: wish };
      out.push({ change, data: { wish: wish ?? null } });
    }
    const lock = byField.get('transferLock');
    if (lock) out.push({ change: { kind: 'transfer-lock', from: lock.from, to: lock.to, at, source }, data: {} });
    const ns = byField.get('nameservers');
    if (ns) out.push({ change: { kind: 'nameservers', from: ns.from, to: ns.to, at, source }, data: {} });
    return out;
  };

  const observe = async (observation: DomainObservation): Promise<ObserveResult> => {
    const obs = domainObservationSchema.parse(observation);
    if (obs.observationId && state.lastObservation?.id === obs.observationId) {
      return { domain: name, changes: state.lastObservation.changes, digest: factsDigest(state.facts) };
    }
    if (obs.customerId && !state.customerId) state.customerId = obs.customerId;
    const before = state.facts;
    const firstSight = Object.keys(before).length === 0;
    const diffs = factDifferences(before, obs.facts);
    state.facts = mergeFacts(before, obs.facts);
    state.observedAt = obs.observedAt;
    state.observedBy = obs.source;
    // A domain met for the first time keeps what the registrar did: it renewed on its own, so the
    // engine renews it from now on (and switches the registrar's renewal off); privacy as it was.
    if (state.wishes.autorenew === undefined && (obs.source === 'import' || obs.source === 'sync')) {
      if (obs.facts.registrarAutorenew !== undefined) state.wishes.autorenew = obs.facts.registrarAutorenew;
    }
    if (state.wishes.privacy === undefined && obs.facts.privacy !== undefined) {
      state.wishes.privacy = obs.facts.privacy;
    }
    // Drift that is no change of a known value still needs correcting (first sight of autorenew on).
    if (firstSight || before.registrarAutorenew === undefined) {
      if (obs.facts.registrarAutorenew === true) queueCorrection({ setting: 'autorenew', to: false });
    }
    const changes: DomainChange[] = [];
    for (const { change, data } of interpret(diffs, before, obs.observedAt, obs.source)) {
      if (change.correction) queueCorrection(change.correction);
      changes.push(await record(change, data));
    }
    if (obs.observationId) state.lastObservation = { id: obs.observationId, changes };
    publish();
    wake = true;
    return { domain: name, changes, digest: factsDigest(state.facts) };
  };

  const queueCorrection = (c: { setting: 'autorenew' | 'privacy'; to: boolean }) => {
    state.pendingCorrections = [...state.pendingCorrections.filter((p) => p.setting !== c.setting), c];
  };

  const target = () => ({ registrar: state.registrar, ...accountField(state.account), domain: name });

  const observeExclusive = (observation: DomainObservation) => exclusive.runExclusive(() => observe(observation));
  setHandler(observeUpdate, observeExclusive, { validator: validator(domainObservationSchema) });
  setHandler(observedSignal, async (observation) => {
    if (domainObservationSchema.safeParse(observation).success) await observeExclusive(observation);
    else log.warn('ignored an observation that does not match the contract', { domain: name });
  });

  /**
   * A wish changed by an Update: recorded, then `push` brings the registrar in line (it returns
   * whether it told the registrar anything); a correction queued for the same setting is dropped.
   */
  const wishHandler =
    (setting: 'autorenew' | 'privacy', push: (enabled: boolean) => Promise<boolean>) =>
    (req: SetWishRequest): Promise<SetWishResult> =>
      exclusive.runExclusive(async () => {
        const enabled = setWishSchema.parse(req).enabled;
        const before = state.wishes[setting] ?? null;
        state.wishes[setting] = enabled;
        const pushed = await push(enabled);
        state.pendingCorrections = state.pendingCorrections.filter((c) => c.setting !== setting);
        const changed = before !== enabled;
        if (changed) {
          await record({
            kind: 'wish',
            setting,
            from: before,
            to: enabled,
            at: new Date().toISOString(),
            source: 'wish',
          });
        }
        publish();
        wake = true;
        return { domain: name, setting, enabled, changed, pushedToRegistrar: pushed };
      });

  setHandler(
    setPrivacyUpdate,
    wishHandler('privacy', async (enabled) => {
      if (state.facts.privacy === enabled) return false;
      const pushed = await registrar.setPrivacy({ ...target(), enabled });
      if (pushed) state.facts = { ...state.facts, privacy: enabled };
      return pushed;
    }),
    { validator: validator(setWishSchema) },
  );
  // The autorenew wish is this engine's; the registrar's own renewal is switched off either way.
  setHandler(
    setAutorenewUpdate,
    wishHandler('autorenew', async () => {
      if (state.facts.registrarAutorenew === false) return false;
      await portfolio.setRegistrarAutorenew({ ...target(), enabled: false });
      state.facts = { ...state.facts, registrarAutorenew: false };
      return true;
    }),
    { validator: validator(setWishSchema) },
  );

  const startRenewal = async (
    expiresOn: string,
    by: 'due' | 'update',
    req: Partial<DomainRenewRequest> = {},
  ): Promise<DomainRenewResult> => {
    // A term this entity already renewed is answered from its record: the renewal may have ended
    // by now, and a new start of its ID would run (Temporal reuses closed IDs) and say started:
    // true for a term that is paid. Asking again with a restore fee accepted still starts, since a
    // renewal that stopped in hard quarantine ended under the same ID.
    const known = state.renewals.find((r) => r.expiresOn === expiresOn);
    if (known && !req.acceptRestoreFee && patched('entity-renew-once-per-term')) {
      return { domain: name, workflowId: known.workflowId, expiresOn, started: false };
    }
    const started = await starter.startDomainRenewal({
      domain: name,
      registrar: state.registrar,
      ...accountField(state.account),
      expiresOn,
      periodYears: req.periodYears ?? 1,
      ...(req.acceptRestoreFee ? { acceptRestoreFee: req.acceptRestoreFee } : {}),
      ...(state.customerId ? { customerId: state.customerId } : {}),
    });
    if (!state.renewals.some((r) => r.expiresOn === expiresOn)) {
      state.renewals.push({ expiresOn, workflowId: started.workflowId, at: new Date().toISOString(), by });
      if (state.renewals.length > MAX_RENEWALS) state.renewals.splice(0, 1);
    }
    return { domain: name, workflowId: started.workflowId, expiresOn, started: started.started };
  };

  setHandler(
    renewUpdate,
    (req) => {
      const expiresOn = req.expiresOn ?? state.facts.registryExpiresAt!.slice(0, 10);
      return exclusive.runExclusive(() => startRenewal(expiresOn, 'update', req));
    },
    {
      validator: validator(domainRenewRequestSchema, (req) => {
        if (!req.expiresOn && !state.facts.registryExpiresAt) {
          throw new Error(`invalid request: expiresOn: the registry expiry of ${name} is not known yet; give the term`);
        }
      }),
    },
  );

  setHandler(domainStateQuery, view);
  registerDomainChanges({ state, exclusive, record, publish });
  registerZoneDrift({ state, record });

  /** epoch ms of the next renewal this engine owes, undefined when none */
  const renewalDueAt = (): number | undefined => {
    const expiresOn = state.facts.registryExpiresAt?.slice(0, 10);
    const due = dueDate();
    if (state.wishes.autorenew !== true || !expiresOn || !due) return undefined;
    if (!RENEWABLE.has(state.facts.phase ?? '')) return undefined;
    if (state.renewals.some((r) => r.expiresOn === expiresOn)) return undefined;
    return Date.parse(`${due}T00:00:00Z`);
  };

  const timeToContinueAsNew = () => shouldContinueAsNew(input.continueAsNewAfterEvents);

  if (input.observation && !input.state) await observeExclusive(input.observation);
  else publish();

  for (;;) {
    const dueAt = renewalDueAt();
    const ready = () => wake || state.pendingCorrections.length > 0 || timeToContinueAsNew();
    if (dueAt === undefined) await condition(ready);
    else if (dueAt > Date.now()) await condition(ready, dueAt - Date.now());
    wake = false;

    await exclusive.runExclusive(async () => {
      while (state.pendingCorrections.length > 0) {
        const next = state.pendingCorrections[0]!;
        try {
          if (next.setting === 'autorenew') {
            await portfolio.setRegistrarAutorenew({ ...target(), enabled: next.to });
            state.facts = { ...state.facts, registrarAutorenew: next.to };
          } else if (await registrar.setPrivacy({ ...target(), enabled: next.to })) {
            state.facts = { ...state.facts, privacy: next.to };
          }
        } catch (err) {
          // Refused for good or out of retries: a person must look; the next drift observed tries again.
          if (!(err instanceof ActivityFailure)) throw err;
          log.warn('correction not applied', {
            domain: name,
            setting: next.setting,
            reason: rejectedBy(err)?.message ?? err.message,
          });
        }
        state.pendingCorrections = state.pendingCorrections.filter((c) => c !== next);
        publish();
      }

      const due = renewalDueAt();
      if (due !== undefined && due <= Date.now()) {
        await startRenewal(state.facts.registryExpiresAt!.slice(0, 10), 'due');
      }
    });

    if (timeToContinueAsNew()) {
      await continueAsNewWhenIdle<typeof domain>(() => [
        {
          domain: name,
          registrar: state.registrar,
          ...accountField(state.account),
          dueDateOffsetDays: state.dueDateOffsetDays,
          state,
          continueAsNewAfterEvents: input.continueAsNewAfterEvents,
        },
      ]);
    }
  }
}
