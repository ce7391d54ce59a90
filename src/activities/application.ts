import { ApplicationFailure } from '@temporalio/common';
import { registrarOf, type RegistrarSet } from './registrar-set';
import {
  isApplicationRegistrar,
  type ApplicationAnswer,
  type ApplicationRegistrar,
  type ApplicationRequest,
} from '../registrars/application';
import type { RegistrarName } from '../registrars/registrar';
import { withRegistrarErrors } from './registrar-errors';

export function createApplicationActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName, account?: string): ApplicationRegistrar => {
    // Another account's adapter; one this worker lacks fails non-retryably, naming it.
    const registrar = account === undefined ? registrars[name] : registrarOf(registrars, name, account);
    if (!isApplicationRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(
        `registrar ${name} takes no domain applications`,
        'ApplicationsUnsupported',
      );
    }
    return registrar;
  };
  return {
    async submitApplication(
      input: ApplicationRequest & { registrar: RegistrarName; account?: string },
    ): Promise<ApplicationAnswer> {
      const { registrar, account, ...request } = input;
      return withRegistrarErrors(() => pick(registrar, account).submitApplication(request));
    },
    async applicationStatus(input: {
      registrar: RegistrarName;
      account?: string;
      domain: string;
      reference: string;
    }): Promise<ApplicationAnswer> {
      return withRegistrarErrors(() =>
        pick(input.registrar, input.account).applicationStatus(input.domain, input.reference),
      );
    },
  };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
