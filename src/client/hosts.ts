import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  DEFAULT_TASK_QUEUE,
  HOST_CHANGE_ACTIONS,
  type HostInput,
  hostInputSchema,
  type HostResult,
  type HostWorkflow,
  hostWorkflowId,
  LifecycleState,
  Registrar,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce } from './start-once';

/** A change of this host is running: one change at a time per host (docs/hosts.md). */
export class HostBusyError extends Error {
  override readonly name = 'HostBusyError';
  constructor(readonly workflowId: string) {
    super(`a change of this host is running (${workflowId}); wait for it and try again`);
  }
}

/**
 * Runs one `host` workflow and returns its result: a change (create, set, delete) under
 * host:<registrar>:<name>, or a read (show, list, check) under its own id. Invalid input throws
 * ValidationError naming the field before anything reaches Temporal.
 */
export async function runHost(
  client: Client,
  input: HostInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<HostResult> {
  const params = parseOrThrow(hostInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  const change = (HOST_CHANGE_ACTIONS as readonly string[]).includes(params.action);
  const requestId = params.requestId ?? (change ? undefined : randomUUID());
  const args = { ...params, ...(requestId ? { requestId } : {}) } as HostInput;
  const workflowId = hostWorkflowId({ ...params, ...(requestId ? { requestId } : {}) });
  const started = await startOnce<HostWorkflow>(client, 'host', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId,
    args: [args],
    typedSearchAttributes: [
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: change ? 'host-changing' : 'host-reading' },
    ],
    staticSummary: `Host ${params.action} ${'host' in params ? params.host : `*.${params.domain}`} (${params.registrar})${accountNote(params.account)}`,
  });
  if (!started.started) throw new HostBusyError(workflowId);
  return started.handle.result();
}

export const createHost = (client: Client, registrar: HostInput['registrar'], host: string, ips: string[]) =>
  runHost(client, { action: 'create', registrar, host, ips });
export const setHostIps = (client: Client, registrar: HostInput['registrar'], host: string, ips: string[]) =>
  runHost(client, { action: 'set', registrar, host, ips });
export const deleteHost = (client: Client, registrar: HostInput['registrar'], host: string) =>
  runHost(client, { action: 'delete', registrar, host });
export const showHost = (client: Client, registrar: HostInput['registrar'], host: string) =>
  runHost(client, { action: 'show', registrar, host });
export const checkHost = (client: Client, registrar: HostInput['registrar'], host: string) =>
  runHost(client, { action: 'check', registrar, host });
export const listHosts = (client: Client, registrar: HostInput['registrar'], domain: string) =>
  runHost(client, { action: 'list', registrar, domain });
