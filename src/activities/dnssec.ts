import { ApplicationFailure } from '@temporalio/common';
import {
  desiredState,
  publishes,
  sameState,
  type DnssecAction,
  type DnssecRecord,
  type DnssecState,
} from '../domain/dnssec';
import { isDnssecRegistrar, type DnssecRegistrar } from '../registrars/dnssec';
import { RegistrarRejectedError } from '../registrars/errors';
import type { RegistrarName } from '../registrars/registrar';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

interface Target {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent: `default` */
  account?: string;
  domain: string;
}

/**
 * DNSSEC at the registry through DnssecRegistrar (src/registrars/dnssec.ts). The change reads the
 * delegation first and sends only what is still missing, so a retried attempt (an answer lost, a
 * worker killed) finds its own earlier write and sends nothing again.
 */
export function createDnssecActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName, account?: string): DnssecRegistrar => {
    // The account's own adapter; another account this worker lacks fails non-retryably, naming it
    // (the default one missing stays DnssecUnsupported, as before).
    const registrar =
      account === undefined || account === 'default' ? registrars[name] : registrarOf(registrars, name, account);
    if (!isDnssecRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(
        `registrar ${name} does not manage DNSSEC (or is not configured on this worker)`,
        'DnssecUnsupported',
      );
    }
    return registrar;
  };
  const readOrFail = async (registrar: DnssecRegistrar, input: Target): Promise<DnssecState> => {
    const state = await registrar.readDnssec(input.domain);
    if (!state) {
      throw new RegistrarRejectedError(`${input.domain} is not in this ${input.registrar} account`, {
        registrar: input.registrar,
        operation: 'readDnssec',
      });
    }
    return state;
  };
  return {
    async readDnssec(input: Target): Promise<DnssecState> {
      return withRegistrarErrors(() => readOrFail(pick(input.registrar, input.account), input));
    },

    /** Makes the change if it is still needed; wrote: whether this attempt sent a write. */
    async changeDnssec(
      input: Target & { action: DnssecAction; records: DnssecRecord[]; maxSigLife?: number },
    ): Promise<{ wrote: boolean }> {
      return withRegistrarErrors(async () => {
        const registrar = pick(input.registrar, input.account);
        const current = await readOrFail(registrar, input);
        const want = desiredState(current, input.action, input.records, input.maxSigLife);
        if (sameState(current, want)) return { wrote: false };
        if (input.action === 'set') await registrar.setDnssec(input.domain, want);
        else if (input.action === 'add') {
          await registrar.addDnssec(
            input.domain,
            input.records.filter((r) => !publishes(current, r)),
          );
        } else {
          await registrar.removeDnssec(
            input.domain,
            input.records.filter((r) => publishes(current, r)),
          );
        }
        return { wrote: true };
      });
    },
  };
}

export type DnssecActivities = ReturnType<typeof createDnssecActivities>;
