import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { parseOrThrow } from '../domain/validation';
import {
  type AccountOperationResult,
  accountQuery,
  type AccountView,
  accountWorkflowId,
  captureUpdate,
  type CustomerAccountWorkflow,
  CustomerId,
  customerIdSchema,
  DEFAULT_TASK_QUEUE,
  type DepositRequest,
  depositSchema,
  depositUpdate,
  releaseUpdate,
  type ReserveRequest,
  reserveSchema,
  reserveUpdate,
  type SettleRequest,
  settleSchema,
} from '../contracts';
import type { z } from 'zod';

interface AccountOptions {
  taskQueue?: string;
}

/** Sends an account Update, starting the account workflow first when it does not exist yet. */
async function accountUpdate<S extends z.ZodType>(
  client: Client,
  customerId: string,
  update: UpdateDefinition<AccountOperationResult, [z.input<S>]>,
  schema: S,
  request: z.input<S>,
  options: AccountOptions,
): Promise<AccountOperationResult> {
  const id = parseOrThrow(customerIdSchema, customerId, 'customerId');
  parseOrThrow(schema, request, 'request');
  const startWorkflowOperation = new WithStartWorkflowOperation<CustomerAccountWorkflow>('customerAccount', {
    workflowId: accountWorkflowId(id),
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    args: [{ customerId: id }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [{ key: CustomerId, value: id }],
    staticSummary: `Prepaid account of ${id}`,
  });
  return client.workflow.executeUpdateWithStart(update, { args: [request], startWorkflowOperation });
}

export const deposit = (client: Client, customerId: string, request: DepositRequest, options: AccountOptions = {}) =>
  accountUpdate(client, customerId, depositUpdate, depositSchema, request, options);
export const reserve = (client: Client, customerId: string, request: ReserveRequest, options: AccountOptions = {}) =>
  accountUpdate(client, customerId, reserveUpdate, reserveSchema, request, options);
export const release = (client: Client, customerId: string, request: SettleRequest, options: AccountOptions = {}) =>
  accountUpdate(client, customerId, releaseUpdate, settleSchema, request, options);
export const capture = (client: Client, customerId: string, request: SettleRequest, options: AccountOptions = {}) =>
  accountUpdate(client, customerId, captureUpdate, settleSchema, request, options);

export async function getAccount(client: Client, customerId: string): Promise<AccountView> {
  const id = parseOrThrow(customerIdSchema, customerId, 'customerId');
  return client.workflow.getHandle(accountWorkflowId(id)).query(accountQuery);
}
