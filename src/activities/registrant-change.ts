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
import type { RegistrarSet } from './registrar';
import { withRegistrarErrors } from './registrar-errors';

interface Target {
  registrar: RegistrarName;
  domain: string;
}

/** Changes of registrant through the registrars' RegistrantChanger (src/registrars/registrant-change.ts). */
export function createRegistrantChangeActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName): RegistrantChanger => {
    const registrar = registrars[name];
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
        const changer = pick(input.registrar);
        const policy = await changer.queryRegistrantChangePolicy(input.domain);
        if (!input.readCurrent) return { policy };
        return { policy, current: await changer.currentRegistrant(input.domain) };
      });
    },
    async tradeDomain(input: TradeRequest & { registrar: RegistrarName }): Promise<TradeAnswer> {
      const { registrar, ...request } = input;
      return withRegistrarErrors(() => pick(registrar).tradeDomain(request));
    },
    async tradeStatus(input: Target): Promise<TradeStatusAnswer> {
      return withRegistrarErrors(() => pick(input.registrar).tradeStatus(input.domain));
    },
    async pendingVerification(input: Target): Promise<PendingVerification | null> {
      return withRegistrarErrors(async () => (await pick(input.registrar).pendingVerification(input.domain)) ?? null);
    },
    async resendConfirmation(input: Target): Promise<void> {
      return withRegistrarErrors(() => pick(input.registrar).resendConfirmation(input.domain));
    },
    async cancelTrade(input: Target): Promise<void> {
      return withRegistrarErrors(() => pick(input.registrar).cancelTrade(input.domain));
    },
    async updateOwner(input: Target & { registrant: ContactInput; extras: Record<string, string> }): Promise<void> {
      const { registrar, ...request } = input;
      return withRegistrarErrors(() => pick(registrar).updateOwner(request));
    },
  };
}

export type RegistrantChangeActivities = ReturnType<typeof createRegistrantChangeActivities>;
