import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type {
  DomainInfo,
  Registrar,
  RegistrarName,
  TransferCheck,
  TransferRequestResult,
  TransferStatus,
} from '../registrars/registrar';
import { sameNameservers } from '../domain/nameservers';
import { withRegistrarErrors } from './registrar-errors';

export type RegistrarSet = Partial<Record<RegistrarName, Registrar>>;

interface Target {
  registrar: RegistrarName;
  domain: string;
}

/**
 * Activities that act on a registrar through the Registrar interface. Created with the configured
 * registrars (dependency injection), so tests run them against the sandbox servers.
 */
export function createRegistrarActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName): Registrar => {
    const registrar = registrars[name];
    if (!registrar) {
      throw ApplicationFailure.nonRetryable(
        `registrar ${name} is not configured on this worker`,
        'RegistrarNotConfigured',
      );
    }
    return registrar;
  };
  const retrying = () => Context.current().info.attempt > 1;

  return {
    async checkTransfer(input: Target & { authCode: string }): Promise<TransferCheck> {
      return withRegistrarErrors(() => pick(input.registrar).checkTransfer(input.domain, input.authCode));
    },

    async requestTransfer(
      input: Target & { authCode: string; nameservers?: string[]; periodYears?: number },
    ): Promise<TransferRequestResult> {
      const { registrar, ...request } = input;
      return withRegistrarErrors(() => pick(registrar).requestTransfer(request));
    },

    async getTransferStatus(input: Target): Promise<TransferStatus> {
      return withRegistrarErrors(() => pick(input.registrar).getTransferStatus(input.domain));
    },

    async getDomain(input: Target): Promise<DomainInfo | null> {
      return withRegistrarErrors(() => pick(input.registrar).getDomain(input.domain));
    },

    /**
     * Returns false when the domain already had these nameservers. A retried attempt reads the
     * domain first: the earlier attempt may have been applied with its answer lost.
     */
    async setNameservers(input: Target & { nameservers: string[] }): Promise<boolean> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar);
        if (retrying()) {
          const current = await registrar.getDomain(input.domain);
          if (current && sameNameservers(current.nameservers, input.nameservers)) return false;
        }
        await registrar.setNameservers(input.domain, input.nameservers);
        return true;
      });
    },

    async setTransferLock(input: Target & { locked: boolean }): Promise<boolean> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar);
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
