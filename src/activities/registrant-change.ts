import { ApplicationFailure } from '@temporalio/common';
import type { RegistrantIdentity, RegistrarChangePolicy } from '../domain/registrant-change';
import {
  isRegistrantChangeRegistrar,
  type PendingVerification,
  type RegistrantChanger,
  type TradeAnswer,
  type TradeRequest,
  type TradeStatusAnswer,
} from '../registrars/registrant-change';
import type { ContactInput, RegistrarName } from '../registrars/registrar';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

interface Target {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent: `default` */
  account?: string;
  domain: string;
}

/** Changes of registrant through the registrars' RegistrantChanger (src/registrars/registrant-change.ts). */
export function createRegistrantChangeActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName, account?: string): RegistrantChanger => {
    // Another account's adapter; one this worker lacks fails non-retryably, naming it.
    const registrar = account === undefined ? registrars[name] : registrarOf(registrars, name, account);
    if (!isRegistrantChangeRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(
        `registrar ${name} cannot change registrants (or is not configured on this worker)`,
        'RegistrantChangeUnsupported',
      );
    }
    return registrar.registrantChanger();
  };
  return {
    /** The registrar's policy and the current registrant, read together (both read-only). */
    async readRegistrantChangeFacts(
      input: Target & { readCurrent: boolean },
    ): Promise<{ policy: RegistrarChangePolicy; current?: RegistrantIdentity }> {
      return withRegistrarErrors(async () => {
        const changer = pick(input.registrar, input.account);
        const policy = await changer.queryRegistrantChangePolicy(input.domain);
        if (!input.readCurrent) return { policy };
        return { policy, current: await changer.currentRegistrant(input.domain) };
      });
    },
    async tradeDomain(input: TradeRequest & { registrar: RegistrarName; account?: string }): Promise<TradeAnswer> {
      const { registrar, account, ...request } = input;
      return withRegistrarErrors(() => pick(registrar, account).tradeDomain(request));
    },
    async tradeStatus(input: Target): Promise<TradeStatusAnswer> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).tradeStatus(input.domain));
    },
    async pendingVerification(input: Target): Promise<PendingVerification | null> {
      return withRegistrarErrors(
        async () => (await pick(input.registrar, input.account).pendingVerification(input.domain)) ?? null,
      );
    },
    async resendConfirmation(input: Target): Promise<void> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).resendConfirmation(input.domain));
    },
    async cancelTrade(input: Target): Promise<void> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).cancelTrade(input.domain));
    },
    async updateOwner(input: Target & { registrant: ContactInput; extras: Record<string, string> }): Promise<void> {
      const { registrar, account, ...request } = input;
      return withRegistrarErrors(() => pick(registrar, account).updateOwner(request));
    },
  };
}

export type RegistrantChangeActivities = ReturnType<typeof createRegistrantChangeActivities>;
