import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { domainNameSchema } from '../domain/domain-name';
import { parseOrThrow } from '../domain/validation';
import {
  accountField,
  accountScopedId,
  AutoRenew,
  CustomerId,
  DEFAULT_TASK_QUEUE,
  type DomainEntityView,
  type DomainEntityWorkflow,
  DomainName,
  type DomainObservation,
  domainObservationSchema,
  type DomainRenewRequest,
  domainRenewRequestSchema,
  type DomainRenewResult,
  domainStateQuery,
  type DomainWishes,
  domainWorkflowId,
  FactsDigest,
  LifecycleState,
  observedSignal,
  type ObserveResult,
  observeUpdate,
  Registrar,
  registrarAccountSchema,
  registrarNameSchema,
  renewUpdate,
  setAutorenewUpdate,
  setPrivacyUpdate,
  type SetWishResult,
  setWishSchema,
} from '../contracts';
import type { RegistrarName } from '../registrars/registrar';
import { factsDigest } from '../domain/portfolio';

export interface DomainEntityTarget {
  domain: string;
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent or `default`: the entity `domain:<name>` */
  account?: string;
  customerId?: string;
  /** used only when the entity is created now */
  dueDateOffsetDays?: number;
  wishes?: DomainWishes;
}

interface EntityOptions {
  taskQueue?: string;
}

/** How the entity is started when it does not exist yet (the ID makes a second start a no-op). */
export function domainEntityStartOperation(target: DomainEntityTarget, options: EntityOptions) {
  const domain = parseOrThrow(domainNameSchema, target.domain, 'domain');
  const registrar = parseOrThrow(registrarNameSchema, target.registrar, 'registrar');
  const account = parseOrThrow(registrarAccountSchema, target.account, 'account');
  return {
    workflowId: accountScopedId(domainWorkflowId(domain), account),
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    args: [
      {
        domain,
        registrar,
        ...accountField(account),
        ...(target.customerId ? { customerId: target.customerId } : {}),
        ...(target.dueDateOffsetDays !== undefined ? { dueDateOffsetDays: target.dueDateOffsetDays } : {}),
        ...(target.wishes ? { wishes: target.wishes } : {}),
      },
    ] as Parameters<DomainEntityWorkflow>,
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    typedSearchAttributes: [
      { key: DomainName, value: domain },
      { key: Registrar, value: registrar },
      { key: LifecycleState, value: 'domain-unknown' },
      { key: AutoRenew, value: target.wishes?.autorenew === true },
      { key: FactsDigest, value: factsDigest({}) },
      ...(target.customerId ? [{ key: CustomerId, value: target.customerId }] : []),
    ],
    staticSummary: `Domain ${domain} (${registrar}${account && account !== 'default' ? `/${account}` : ''})`,
  };
}

/**
 * Hands facts to the domain's entity workflow, starting it when it does not exist yet, and returns
 * the real changes it recorded (update-with-start).
 */
export async function observeDomain(
  client: Client,
  target: DomainEntityTarget,
  observation: DomainObservation,
  options: EntityOptions = {},
): Promise<ObserveResult> {
  parseOrThrow(domainObservationSchema, observation, 'observation');
  const startWorkflowOperation = new WithStartWorkflowOperation<DomainEntityWorkflow>(
    'domain',
    domainEntityStartOperation(target, options),
  );
  return client.workflow.executeUpdateWithStart(observeUpdate, { args: [observation], startWorkflowOperation });
}

/** The same without waiting for the entity to answer (signal-with-start): imports of many new domains. */
export async function signalObservation(
  client: Client,
  target: DomainEntityTarget,
  observation: DomainObservation,
  options: EntityOptions = {},
): Promise<void> {
  parseOrThrow(domainObservationSchema, observation, 'observation');
  const { workflowIdConflictPolicy: _policy, ...start } = domainEntityStartOperation(target, options);
  await client.workflow.signalWithStart<DomainEntityWorkflow, [DomainObservation]>('domain', {
    ...start,
    signal: observedSignal,
    signalArgs: [observation],
  });
}

/** The entity of a domain in an account (`domain:<name>`, `domain:<account>:<name>` for another account). */
export const domainEntityId = (domain: string, account?: string): string =>
  accountScopedId(
    domainWorkflowId(parseOrThrow(domainNameSchema, domain, 'domain')),
    parseOrThrow(registrarAccountSchema, account, 'account'),
  );

const entity = (client: Client, domain: string, account?: string) =>
  client.workflow.getHandle<DomainEntityWorkflow>(domainEntityId(domain, account));

export async function getDomainEntity(client: Client, domain: string, account?: string): Promise<DomainEntityView> {
  return entity(client, domain, account).query(domainStateQuery);
}

export async function setDomainAutorenew(
  client: Client,
  domain: string,
  enabled: boolean,
  account?: string,
): Promise<SetWishResult> {
  const request = parseOrThrow(setWishSchema, { enabled }, 'request');
  return entity(client, domain, account).executeUpdate(setAutorenewUpdate, { args: [request] });
}

export async function setDomainPrivacy(
  client: Client,
  domain: string,
  enabled: boolean,
  account?: string,
): Promise<SetWishResult> {
  const request = parseOrThrow(setWishSchema, { enabled }, 'request');
  return entity(client, domain, account).executeUpdate(setPrivacyUpdate, { args: [request] });
}

/** Starts the renewal of one term through the entity (`renew:<domain>:<expiry>`, exactly once per term). */
export async function renewThroughEntity(
  client: Client,
  domain: string,
  request: DomainRenewRequest = {},
  account?: string,
): Promise<DomainRenewResult> {
  parseOrThrow(domainRenewRequestSchema, request, 'request');
  return entity(client, domain, account).executeUpdate(renewUpdate, { args: [request] });
}
