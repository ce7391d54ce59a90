/**
 * The replay scenarios of the lifecycles (scripts/record-histories.ts records them) and what every
 * scenario shares: the context it runs in, until(), the nameservers and the owner. The portfolio's
 * scenarios are in ./replay-portfolio-scenarios.ts, the money ones in ./replay-money-scenarios.ts.
 */
import type { Client } from '@temporalio/client';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { WebhookReceiver } from '../../src/sandbox/webhook-receiver';
import { startTransfer } from '../../src/client/transfer';
import { startRegistration } from '../../src/client/register';
import { capture, deposit, release, reserve } from '../../src/client/account';
import { startRenewal } from '../../src/client/renew';
import { startBackorder } from '../../src/client/backorder';
import { startSwissApplication } from '../../src/client/swiss';
import { startRegistrantChange } from '../../src/client/change-registrant';
import { accountWorkflowId } from '../../src/contracts';

const OLD_NS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];
export const NEW_NS = ['ns1.new-dns.example', 'ns2.new-dns.example'];
const FAST = { initialInterval: '1s', maxInterval: '1s' };

export interface Ctx {
  client: Client;
  sandbox: IspapiSandbox;
  /** the ISPAPI adapter on the sandbox: changes made "elsewhere" (the reseller's panel) */
  registrar: IspapiRegistrar;
  /** the webhook receiver the worker delivers change events to */
  receiver: WebhookReceiver;
  taskQueue: string;
}
export type Scenario = (ctx: Ctx) => Promise<string>; // resolves with the workflow ID to export

export async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await fn())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const transferRequested = (sandbox: IspapiSandbox, domain: string) => () =>
  sandbox.journal({ command: 'TransferDomain', domain }).length > 0;

export const REPLAY_OWNER = {
  firstName: 'Jo',
  lastName: 'Jansen',
  organisation: 'Jansen BV',
  street: ['Keizersgracht 100'],
  city: 'Amsterdam',
  postalCode: '1015 AA',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jo@jansen.example',
};

/** The registrant of the changeRegistrant fixtures, as the sandbox stores inline ISPAPI contacts. */
const REPLAY_OWNER_FIELDS = {
  FIRSTNAME: REPLAY_OWNER.firstName,
  LASTNAME: REPLAY_OWNER.lastName,
  ORGANIZATION: REPLAY_OWNER.organisation,
  STREET: REPLAY_OWNER.street.join(' , '),
  CITY: REPLAY_OWNER.city,
  ZIP: REPLAY_OWNER.postalCode,
  COUNTRY: REPLAY_OWNER.countryCode,
  PHONE: REPLAY_OWNER.phone,
  EMAIL: REPLAY_OWNER.email,
};
export const REPLAY_NEW_OWNER = {
  ...REPLAY_OWNER,
  firstName: 'Eva',
  lastName: 'Smit',
  organisation: 'Smit BV',
  email: 'eva@smit.example',
};

/** The lifecycles recorded before the portfolio scenarios (the order in which a full run records them). */
export const LIFECYCLE_SCENARIOS: Record<string, Scenario> = {
  'transferDomain-completed': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-completed.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Replay-Auth-1', nameservers: OLD_NS });
    const { handle } = await startTransfer(
      client,
      { domain, authCode: 'Replay-Auth-1', nameservers: NEW_NS, polling: FAST, customerId: 'cust-replay' },
      { taskQueue },
    );
    await until('TransferDomain', transferRequested(sandbox, domain));
    await new Promise((r) => setTimeout(r, 2_500)); // a few status checks while pending
    sandbox.approveTransfer(domain);
    const result = await handle.result();
    if (result.outcome !== 'completed') throw new Error(`expected completed, got ${result.outcome}`);
    return handle.workflowId;
  },
  'transferDomain-rejected': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-wrong-auth.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Right-Code', nameservers: OLD_NS });
    const { handle } = await startTransfer(
      client,
      { domain, authCode: 'Wrong-Code', nameservers: NEW_NS, polling: FAST },
      { taskQueue },
    );
    const result = await handle.result();
    if (result.outcome !== 'rejected') throw new Error(`expected rejected, got ${result.outcome}`);
    return handle.workflowId;
  },
  'transferDomain-failed': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-denied.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Replay-Auth-2', nameservers: OLD_NS });
    const { handle } = await startTransfer(
      client,
      { domain, authCode: 'Replay-Auth-2', nameservers: NEW_NS, polling: FAST },
      { taskQueue },
    );
    await until('TransferDomain', transferRequested(sandbox, domain));
    sandbox.rejectTransfer(domain, 'losing registrar denied the transfer');
    const result = await handle.result();
    if (result.outcome !== 'failed') throw new Error(`expected failed, got ${result.outcome}`);
    return handle.workflowId;
  },
  'registerDomain-registered': async ({ client, taskQueue }) => {
    const { handle } = await startRegistration(
      client,
      {
        domain: 'new-replay-name.com',
        nameservers: ['ns1.example.net', 'ns2.example.net'],
        transferLock: true,
        privacy: true,
        contacts: { owner: REPLAY_OWNER },
      },
      { taskQueue },
    );
    const result = await handle.result();
    if (result.outcome !== 'registered') throw new Error(`expected registered, got ${result.outcome}`);
    return handle.workflowId;
  },
  'customerAccount-updates': async ({ client, taskQueue }) => {
    const c = 'cust-replay';
    const o = { taskQueue };
    await deposit(client, c, { reference: 'dep-1', amount: 10_000, currency: 'USD' }, o);
    await deposit(client, c, { reference: 'dep-1', amount: 10_000, currency: 'USD' }, o); // duplicate
    await reserve(client, c, { reference: 'bo-1', amount: 3_999, currency: 'USD' }, o);
    await reserve(client, c, { reference: 'bo-2', amount: 2_001, currency: 'USD' }, o);
    await reserve(client, c, { reference: 'bo-big', amount: 1_000_000, currency: 'USD' }, o); // refused
    await capture(client, c, { reference: 'bo-1' }, o);
    await release(client, c, { reference: 'bo-2' }, o);
    return accountWorkflowId(c);
  },
  'renewDomain-renewed': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-renew.com';
    const expiresAt = new Date(Date.now() + 20 * 86_400_000);
    sandbox.seedDomain({ domain, nameservers: NEW_NS, expiresAt });
    const { handle } = await startRenewal(
      client,
      { domain, expiresOn: expiresAt.toISOString().slice(0, 10), customerId: 'cust-replay' },
      { taskQueue },
    );
    const result = await handle.result();
    if (result.outcome !== 'renewed') throw new Error(`expected renewed, got ${result.outcome}: ${result.reason}`);
    return handle.workflowId;
  },
  'backorder-successful': async ({ client, sandbox, taskQueue }) => {
    const customerId = 'cust-replay-bo';
    const domain = 'replay-drop.com';
    await deposit(client, customerId, { reference: 'dep-1', amount: 5_000, currency: 'USD' }, { taskQueue });
    sandbox.seedDrop({ domain, dropAt: new Date(Date.now() + 7_000) });
    sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL', afterMs: 1_000 });
    const { handle } = await startBackorder(
      client,
      {
        customerId,
        domain,
        contacts: { owner: { ...REPLAY_OWNER, email: 'catcher@replay.example' } },
        timing: {
          activateBefore: '3s',
          processBefore: '2s',
          giveUpAfterDrop: '5s',
          recheckEvery: '1s',
          pollEvery: '1s',
        },
      },
      { taskQueue },
    );
    const result = await handle.result();
    if (result.status !== 'SUCCESSFUL') throw new Error(`expected SUCCESSFUL, got ${result.status}`);
    return handle.workflowId;
  },
  'swissApplication-active': async ({ client, sandbox, taskQueue }) => {
    const domain = 'new-replay.swiss';
    const { handle } = await startSwissApplication(
      client,
      {
        domain,
        contacts: { owner: REPLAY_OWNER },
        enterpriseId: 'CHE-109.322.551',
        intendedUse: 'Replay fixture of a .swiss application',
        checkEvery: '1s',
      },
      { taskQueue },
    );
    await until('two status checks', () => sandbox.journal({ command: 'StatusDomainApplication' }).length >= 2);
    sandbox.approveApplication(domain);
    const result = await handle.result();
    if (result.status !== 'ACTIVE') throw new Error(`expected ACTIVE, got ${result.status}`);
    return handle.workflowId;
  },
  'changeRegistrant-designated-agent': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-trade.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS, owner: REPLAY_OWNER_FIELDS });
    const { handle } = await startRegistrantChange(
      client,
      { domain, registrant: REPLAY_NEW_OWNER, customerId: 'cust-replay' },
      { taskQueue },
    );
    const result = await handle.result();
    if (result.outcome !== 'completed' || result.procedure !== 'designated-agent-trade') {
      throw new Error(`expected a completed designated-agent trade, got ${result.procedure} ${result.outcome}`);
    }
    return handle.workflowId;
  },
};

/** Recorded after the portfolio scenarios, as it always was. */
export const LATER_LIFECYCLE_SCENARIOS: Record<string, Scenario> = {
  'changeRegistrant-confirmed': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-confirm.org';
    sandbox.seedDomain({ domain, nameservers: NEW_NS, owner: REPLAY_OWNER_FIELDS });
    const { handle } = await startRegistrantChange(
      client,
      { domain, registrant: REPLAY_NEW_OWNER, mode: 'registrant-confirmation', checkEvery: '1s' },
      { taskQueue },
    );
    // One StatusDomainTrade is the adapter's check before it trades; then two polls while pending.
    await until('two status checks', () => sandbox.journal({ command: 'StatusDomainTrade', domain }).length >= 3);
    sandbox.confirmTrade(domain);
    const result = await handle.result();
    if (result.outcome !== 'completed') throw new Error(`expected completed, got ${result.outcome}`);
    return handle.workflowId;
  },
};
