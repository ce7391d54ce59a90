import { ApplicationFailure } from '@temporalio/common';
import type { RegistrarSet } from './registrar';
import {
  isApplicationRegistrar,
  type ApplicationAnswer,
  type ApplicationRegistrar,
  type ApplicationRequest,
} from '../registrars/application';
import type { RegistrarName } from '../registrars/registrar';
import { withRegistrarErrors } from './registrar-errors';

export function createApplicationActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName): ApplicationRegistrar => {
    const registrar = registrars[name];
    if (!isApplicationRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(
        `registrar ${name} takes no domain applications`,
        'ApplicationsUnsupported',
      );
    }
    return registrar;
  };
  return {
    async submitApplication(input: ApplicationRequest & { registrar: RegistrarName }): Promise<ApplicationAnswer> {
      const { registrar, ...request } = input;
      return withRegistrarErrors(() => pick(registrar).submitApplication(request));
    },
    async applicationStatus(input: {
      registrar: RegistrarName;
      domain: string;
      reference: string;
    }): Promise<ApplicationAnswer> {
      return withRegistrarErrors(() => pick(input.registrar).applicationStatus(input.domain, input.reference));
    },
  };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
