import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { setAutorenewUpdate, type DomainObservation } from '../contracts';
import type { DomainLifecycle } from '../domain/lifecycle';
import type { DomainFacts } from '../domain/portfolio';
import { isAuthCodeRegistrar, type AuthCodeAnswer } from '../registrars/auth-code';
import { isDeletionRegistrar, type DeleteAnswer } from '../registrars/deletion';
import { isOutboundTransferRegistrar, type OutboundTransfer } from '../registrars/outbound-transfer';
import type { Registrar, RegistrarName } from '../registrars/registrar';
import { domainEntityId, signalObservation } from '../client/domain';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

interface Target {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent: `default` */
  account?: string;
  domain: string;
}

/** The phases in which the domain is still ours and whole: the only ones a deletion starts from. */
const DELETABLE = new Set(['active', 'expired-grace']);

/**
 * Activities of the everyday operations (auth codes, transfer-out answers, push, deletion). Every
 * write is preceded by a read on every attempt, so a retry after a killed worker or a lost answer
 * finds the first attempt's effect and does not send the write again. Auth codes are returned and
 * never logged (the registrar clients mask them; no log line here names them).
 */
export function createDomainOperationActivities(deps: { registrars: RegistrarSet; client: Client; taskQueue: string }) {
  // The account's own adapter; an account this worker lacks fails non-retryably, naming it.
  const registrar = (name: RegistrarName, account?: string): Registrar => registrarOf(deps.registrars, name, account);
  const unsupported = (name: RegistrarName, what: string) =>
    ApplicationFailure.nonRetryable(`registrar ${name} offers no ${what}`, 'OperationUnsupported');
  const authCodes = (name: RegistrarName, account?: string) => {
    const r = registrar(name, account);
    if (!isAuthCodeRegistrar(r)) throw unsupported(name, 'auth code operations');
    return r;
  };
  const outbound = (name: RegistrarName, account?: string) => {
    const r = registrar(name, account);
    if (!isOutboundTransferRegistrar(r)) throw unsupported(name, 'transfer-out operations');
    return r;
  };
  const deletion = (name: RegistrarName, account?: string) => {
    const r = registrar(name, account);
    if (!isDeletionRegistrar(r)) throw unsupported(name, 'deletion');
    return r;
  };
  /** Heartbeats every 2 s, so a dead worker is noticed by the heartbeat timeout, not the call timeout. */
  const withHeartbeat = async <T>(fn: () => Promise<T>): Promise<T> => {
    const context = Context.current();
    const timer = setInterval(() => context.heartbeat(), 2_000);
    try {
      context.heartbeat();
      return await fn();
    } finally {
      clearInterval(timer);
    }
  };

  /** Whether the registrar shows a transfer in for this domain under way; an unreadable status counts as none. */
  const transferInPending = async (input: Target): Promise<boolean> => {
    try {
      return (await registrar(input.registrar, input.account).getTransferStatus(input.domain)).state === 'pending';
    } catch {
      return false;
    }
  };

  return {
    /** The current code, or a new one with `reset`. The answer is the activity result only. */
    async readAuthCode(input: Target & { reset: boolean }): Promise<AuthCodeAnswer> {
      return withRegistrarErrors(() => {
        const r = authCodes(input.registrar, input.account);
        return input.reset ? r.resetAuthCode(input.domain) : r.getAuthCode(input.domain);
      });
    },

    /** The domain's lifecycle, whether a transfer-out waits, and whether it deletes at expiry. */
    async readDeletionState(input: Target): Promise<{
      lifecycle: DomainLifecycle;
      transferOut?: OutboundTransfer;
      deletesAtExpiry?: boolean;
      /** a transfer of the domain into this account is pending (it is not ours yet) */
      transferInPending?: true;
    }> {
      return withRegistrarErrors(async () => {
        const lifecycle = await registrar(input.registrar, input.account).readLifecycle(input.domain);
        if (!DELETABLE.has(lifecycle.phase)) {
          // Not in the account (no quarantine of ours either): maybe on its way in.
          const notOurs = lifecycle.phase === 'deleted' || lifecycle.phase === 'transferred-away';
          return notOurs && (await transferInPending(input)) ? { lifecycle, transferInPending: true } : { lifecycle };
        }
        const r = registrar(input.registrar, input.account);
        const transferOut = isOutboundTransferRegistrar(r) ? await r.outboundTransfer(input.domain) : undefined;
        const deletesAtExpiry = await deletion(input.registrar, input.account).deletesAtExpiry(input.domain);
        return { lifecycle, ...(transferOut ? { transferOut } : {}), deletesAtExpiry };
      });
    },

    /**
     * Deletes now, at most once: every attempt reads the lifecycle first, and a domain no longer
     * active (deleted by an earlier attempt whose answer was lost) is not deleted again.
     */
    async deleteOnce(input: Target): Promise<{ sent: boolean; answer?: DeleteAnswer; lifecycle: DomainLifecycle }> {
      return withHeartbeat(() =>
        withRegistrarErrors(async () => {
          const before = await registrar(input.registrar, input.account).readLifecycle(input.domain);
          if (!DELETABLE.has(before.phase)) return { sent: false, lifecycle: before };
          const answer = await deletion(input.registrar, input.account).deleteDomain(input.domain);
          return {
            sent: true,
            answer,
            lifecycle: await registrar(input.registrar, input.account).readLifecycle(input.domain),
          };
        }),
      );
    },

    /** The renewal mode set to delete at expiry, unless it already is (read first). */
    async deleteAtExpiryOnce(input: Target): Promise<{ sent: boolean }> {
      return withRegistrarErrors(async () => {
        const r = deletion(input.registrar, input.account);
        if (await r.deletesAtExpiry(input.domain)) return { sent: false };
        await r.deleteAtExpiry(input.domain);
        return { sent: true };
      });
    },

    /**
     * Approves or denies a pending transfer-out. A registrar that shows pending transfers-out is
     * read first: none pending is answered without a call (an earlier attempt answered it).
     */
    async answerTransferOut(
      input: Target & { answer: 'approve' | 'deny' },
    ): Promise<{ sent: boolean; pending: boolean | undefined }> {
      return withRegistrarErrors(async () => {
        const r = outbound(input.registrar, input.account);
        const state = await registrar(input.registrar, input.account).getDomain(input.domain);
        if (!state) return { sent: false, pending: false };
        const found = await r.outboundTransfer(input.domain);
        if (found.pending === false) return { sent: false, pending: false };
        await r.answerOutboundTransfer(input.domain, input.answer);
        return { sent: true, pending: found.pending };
      });
    },

    /** Pushes (releases) the domain to a tag once: a domain already gone from the account is not pushed again. */
    async pushOnce(input: Target & { tag: string }): Promise<{ sent: boolean }> {
      return withRegistrarErrors(async () => {
        const r = outbound(input.registrar, input.account);
        if ((await registrar(input.registrar, input.account).getDomain(input.domain)) === null) return { sent: false };
        await r.pushDomain(input.domain, input.tag);
        return { sent: true };
      });
    },

    /**
     * Tells the domain's entity: the deletion's facts (so it stops renewing a domain in deletion)
     * and, for a deletion at expiry, the autorenew wish off first. Idempotent by `observationId`.
     */
    async tellEntityOfDeletion(
      input: Target & { lifecycle: DomainLifecycle; atExpiry: boolean; observationId: string; customerId?: string },
    ): Promise<void> {
      const { client, taskQueue } = deps;
      if (input.atExpiry) {
        try {
          await client.workflow
            .getHandle(domainEntityId(input.domain, input.account))
            .executeUpdate(setAutorenewUpdate, { args: [{ enabled: false }] });
        } catch (err) {
          // No entity: nothing renews this domain; the observation below creates one.
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
      const facts: DomainFacts = { phase: input.lifecycle.phase };
      if (input.lifecycle.registryExpiresAt) facts.registryExpiresAt = input.lifecycle.registryExpiresAt;
      if (input.lifecycle.displayExpiresAt) facts.displayExpiresAt = input.lifecycle.displayExpiresAt;
      if (input.lifecycle.registrarStatus) facts.registrarStatus = input.lifecycle.registrarStatus.slice(0, 500);
      // The registrar's own renewal is off in both modes (AUTODELETE / autorenew off, or deleted).
      facts.registrarAutorenew = false;
      const observation: DomainObservation = {
        source: 'manual',
        observedAt: new Date().toISOString(),
        facts,
        workflowId: input.observationId,
        observationId: input.observationId,
        ...(input.customerId ? { customerId: input.customerId } : {}),
      };
      await signalObservation(
        client,
        {
          domain: input.domain,
          registrar: input.registrar,
          ...(input.account ? { account: input.account } : {}),
          ...(input.customerId ? { customerId: input.customerId } : {}),
        },
        observation,
        { taskQueue },
      );
    },
  };
}

export type DomainOperationActivities = ReturnType<typeof createDomainOperationActivities>;
