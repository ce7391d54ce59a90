import { Context } from '@temporalio/activity';
import { withHeartbeat } from './heartbeat';
import { CONTACT_ROLES, sameContact, type Contact, type ContactRole, type ContactSet } from '../domain/contact';
import type {
  Availability,
  ContactInput,
  DomainInfo,
  RegisterRequest,
  RegisterResult,
  Registrar,
  RegistrarName,
  TransferCheck,
  TransferRequestResult,
  TransferStatus,
} from '../registrars/registrar';
import { sameNameservers } from '../domain/nameservers';
import { withRegistrarErrors } from './registrar-errors';
import { termExtendedBeyond, type DomainLifecycle } from '../domain/lifecycle';
import { RegistrarRejectedError } from '../registrars/errors';
import { countCharge, noteRegistrar } from '../workers/metrics';

import { registrarOf, type RegistrarSet } from './registrar-set';

export type { RegistrarSet } from './registrar-set';

/** The answer of a paying call (renewOnce, restoreOnce). */
export interface MoneyCallResult {
  /** this attempt sent the paying call and the registrar accepted it */
  charged: boolean;
  /**
   * a retry found the term already extended (or the registrar answered "already done"): an
   * earlier attempt of this call paid and its answer was lost (a killed worker, a dropped reply)
   */
  doneOnRetry?: true;
  newExpiresAt?: string;
}

interface Target {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent: `default` */
  account?: string;
  domain: string;
}

/**
 * Activities that act on a registrar through the Registrar interface. Created with the configured
 * registrars (dependency injection), so tests run them against the sandbox servers.
 */
export function createRegistrarActivities(
  registrars: RegistrarSet,
  options: {
    /**
     * Where handles come from (the worker: the `contactHandle` workflow, one per contact identity,
     * so concurrent orders for the same new person share one); default the registrar itself.
     */
    contactHandle?: (registrar: RegistrarName, contact: Contact, account?: string) => Promise<{ handle: string }>;
  } = {},
) {
  const pick = (name: RegistrarName, account?: string): Registrar => {
    noteRegistrar(name);
    return registrarOf(registrars, name, account);
  };
  const retrying = () => Context.current().info.attempt > 1;
  /**
   * The term (or restore) found already paid: by a retry, the earlier attempt of this same call
   * most likely paid with its answer lost; by the first attempt, someone else did.
   */
  const doneBefore = (): { doneOnRetry?: true } => (retrying() ? { doneOnRetry: true } : {});

  return {
    async checkTransfer(input: Target & { authCode: string }): Promise<TransferCheck> {
      return withRegistrarErrors(() =>
        pick(input.registrar, input.account).checkTransfer(input.domain, input.authCode),
      );
    },

    async requestTransfer(
      input: Target & {
        authCode: string;
        nameservers?: string[];
        periodYears?: number;
        extras?: Record<string, string>;
      },
    ): Promise<TransferRequestResult> {
      const { registrar, account, ...request } = input;
      return withRegistrarErrors(() => pick(registrar, account).requestTransfer(request));
    },

    async getTransferStatus(input: Target): Promise<TransferStatus> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).getTransferStatus(input.domain));
    },

    async getDomain(input: Target): Promise<DomainInfo | null> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).getDomain(input.domain));
    },

    /**
     * Sets the nameservers; true once they are set. A retried attempt reads the domain first: the
     * earlier attempt may have been applied with its answer lost (or its worker killed), and then
     * it is not sent again. Callers ask only when the nameservers differ, so finding them set on a
     * retry means this activity set them.
     */
    async setNameservers(input: Target & { nameservers: string[] }): Promise<boolean> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar, input.account);
        if (retrying()) {
          const current = await registrar.getDomain(input.domain);
          if (current && sameNameservers(current.nameservers, input.nameservers)) return true;
        }
        await registrar.setNameservers(input.domain, input.nameservers);
        return true;
      });
    },

    async checkAvailability(input: Target): Promise<Availability> {
      return withRegistrarErrors(async () => {
        const [answer] = await pick(input.registrar, input.account).checkAvailability([input.domain]);
        return answer ?? { domain: input.domain, status: 'unknown', reason: 'no answer for this domain' };
      });
    },

    /**
     * Contacts as the registrar takes them: inline data, or handles that exist first. Identical
     * contacts share one handle; ensureContact itself reuses handles, so a retry creates nothing new.
     */
    async ensureContacts(
      input: Pick<Target, 'registrar' | 'account'> & { contacts: ContactSet },
    ): Promise<Record<ContactRole, ContactInput>> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar, input.account);
        const byRole = Object.fromEntries(
          CONTACT_ROLES.map((role) => [role, input.contacts[role] ?? input.contacts.owner]),
        ) as Record<ContactRole, Contact>;
        if (!registrar.capabilities.contactHandles) {
          return Object.fromEntries(CONTACT_ROLES.map((role) => [role, { contact: byRole[role] }])) as Record<
            ContactRole,
            ContactInput
          >;
        }
        const handles: Array<{ contact: Contact; handle: string }> = [];
        const result = {} as Record<ContactRole, ContactInput>;
        for (const role of CONTACT_ROLES) {
          const contact = byRole[role];
          let known = handles.find((h) => sameContact(h.contact, contact));
          if (!known) {
            const made = options.contactHandle
              ? await options.contactHandle(input.registrar, contact, input.account)
              : await registrar.ensureContact(contact);
            known = { contact, handle: made.handle };
            handles.push(known);
          }
          result[role] = { handle: known.handle };
        }
        return result;
      });
    },

    async register(input: Pick<Target, 'registrar' | 'account'> & RegisterRequest): Promise<RegisterResult> {
      const { registrar, account, ...request } = input;
      return withRegistrarErrors(() => pick(registrar, account).register(request));
    },

    async setPrivacy(input: Target & { enabled: boolean }): Promise<boolean> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar, input.account);
        if (!registrar.capabilities.privacy) return false;
        if (retrying()) {
          const current = await registrar.getDomain(input.domain);
          if (current?.privacy === input.enabled) return false;
        }
        await registrar.setPrivacy(input.domain, input.enabled);
        return true;
      });
    },

    async readLifecycle(input: Target): Promise<DomainLifecycle> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).readLifecycle(input.domain));
    },

    /**
     * Pays for one more term at most once: re-reads the domain first and pays nothing when the
     * term ending on `expiresOn` is already extended (a retry after a lost answer or a killed
     * worker). Heartbeats so a dead worker is noticed in seconds, not at the call timeout.
     * `charged` says this attempt paid; `doneOnRetry` that a retry found the term already paid,
     * which is how the paying attempt whose answer was lost shows itself (see docs/renew.md).
     */
    async renewOnce(
      input: Target & { periodYears: number; expiresOn: string; method: 'renew' | 'pay' },
    ): Promise<MoneyCallResult> {
      return withHeartbeat(() =>
        withRegistrarErrors(async () => {
          const registrar = pick(input.registrar, input.account);
          const before = await registrar.readLifecycle(input.domain);
          if (termExtendedBeyond(before, input.expiresOn)) {
            return {
              charged: false,
              ...doneBefore(),
              newExpiresAt: before.registryExpiresAt ?? before.displayExpiresAt,
            };
          }
          if (!before.registryExpiresAt) {
            throw new RegistrarRejectedError(`no registry expiry for ${input.domain}: will not pay blindly`, {
              registrar: input.registrar,
              operation: 'renew',
            });
          }
          const result = await registrar.renew({
            domain: input.domain,
            periodYears: input.periodYears,
            currentExpiresAt: before.registryExpiresAt,
            method: input.method,
          });
          if (!result.alreadyDone) countCharge(input.registrar, input.method);
          return {
            charged: !result.alreadyDone,
            ...(result.alreadyDone ? doneBefore() : {}),
            newExpiresAt: result.newExpiresAt,
          };
        }),
      );
    },

    /** Restores at most once, with the same re-read as renewOnce. */
    async restoreOnce(
      input: Target & { phase: 'soft-quarantine' | 'hard-quarantine'; expiresOn: string },
    ): Promise<MoneyCallResult & { pending: boolean }> {
      return withHeartbeat(() =>
        withRegistrarErrors(async () => {
          const registrar = pick(input.registrar, input.account);
          const before = await registrar.readLifecycle(input.domain);
          if (termExtendedBeyond(before, input.expiresOn)) {
            return { charged: false, ...doneBefore(), pending: false, newExpiresAt: before.registryExpiresAt };
          }
          if (before.phase !== input.phase) {
            throw new RegistrarRejectedError(
              `${input.domain} is ${before.phase} now, not ${input.phase}: not restoring`,
              { registrar: input.registrar, operation: 'restore' },
            );
          }
          const result = await registrar.restore({ domain: input.domain, phase: input.phase });
          if (!result.alreadyDone) countCharge(input.registrar, 'restore');
          return {
            charged: !result.alreadyDone,
            ...(result.alreadyDone ? doneBefore() : {}),
            pending: result.pending,
            newExpiresAt: result.newExpiresAt,
          };
        }),
      );
    },

    async setTransferLock(input: Target & { locked: boolean }): Promise<boolean> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar, input.account);
        if (!registrar.capabilities.transferLock) return false;
        if (retrying()) {
          const current = await registrar.getDomain(input.domain);
          if (current?.transferLock === input.locked) return false;
        }
        await registrar.setTransferLock(input.domain, input.locked);
        return true;
      });
    },
  };
}

export type RegistrarActivities = ReturnType<typeof createRegistrarActivities>;
