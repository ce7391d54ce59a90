import type { Client } from '@temporalio/client';
import { capture, release, reserve } from '../client/account';
import type { AccountOperationResult } from '../contracts';

/**
 * Money moves through the customer's account workflow (Updates, idempotent by reference): a retried
 * activity sends the same reference and changes nothing twice.
 */
export function createAccountActivities(client: Client, taskQueue: string) {
  return {
    async reserveFunds(input: {
      customerId: string;
      reference: string;
      amount: number;
      currency: string;
      memo: string;
      notifyWorkflowId: string;
    }): Promise<AccountOperationResult> {
      const { customerId, ...request } = input;
      return reserve(client, customerId, request, { taskQueue });
    },
    async releaseFunds(input: { customerId: string; reference: string }): Promise<AccountOperationResult> {
      return release(client, input.customerId, { reference: input.reference }, { taskQueue });
    },
    async captureFunds(input: { customerId: string; reference: string }): Promise<AccountOperationResult> {
      return capture(client, input.customerId, { reference: input.reference }, { taskQueue });
    },
  };
}

export type AccountActivities = ReturnType<typeof createAccountActivities>;
