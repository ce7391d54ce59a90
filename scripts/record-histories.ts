/**
 * Records the replay fixtures in test/fixtures/histories/<workflowType>-<case>.json: runs each
 * scenario on a fresh in-memory dev server against the sandbox registrars, with the production
 * worker wiring (createWorker), and writes the event history as the server stores it (payloads
 * ENCODED with the test-only key in test/fixtures/histories/TEST-ONLY-codec-key.txt, so the
 * replay test can decode the workflow inputs). Re-run after a deliberate workflow change:
 *   npx tsx scripts/record-histories.ts [case-name …] && npx prettier --write test/fixtures/histories
 * and keep the old files until no run of the old code remains (README "Releasing a changed workflow").
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadBackorderPrices } from '../src/config/backorder-prices';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, NativeConnection, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer } from './lib/dev-server';
import { IspapiSandbox } from '../src/sandbox/ispapi/server';
import { IspapiClient } from '../src/registrars/ispapi/client';
import { IspapiRegistrar } from '../src/registrars/ispapi/adapter';
import { SANDBOX_ISPAPI_CREDENTIALS, parseCodecKeys } from '../src/config/config';
import { EncryptionCodec, encryptedDataConverter } from '../src/codec/encryption-codec';
import { createWorker, workflowsPath } from '../src/workers/worker';
import { bundlerOptions } from '../src/workers/bundle-options';
import { startTransfer } from '../src/client/transfer';
import { startRegistration } from '../src/client/register';
import { capture, deposit, release, reserve } from '../src/client/account';
import { startRenewal } from '../src/client/renew';
import { startBackorder } from '../src/client/backorder';
import { startSwissApplication } from '../src/client/swiss';
import { startRegistrantChange } from '../src/client/change-registrant';
import { getDomainEntity, observeDomain, setDomainAutorenew, setDomainPrivacy } from '../src/client/domain';
import { startImport, startSync } from '../src/client/sync';
import { SANDBOX_WEBHOOK_SECRET, WebhookReceiver } from '../src/sandbox/webhook-receiver';
import { startPortfolioSide } from '../src/workers/registrar-queues';
import { moneyScenarios } from './lib/replay-money-scenarios';
import type { deliverChangeEvent } from '../src/workflows/deliver-change-event';
import {
  accountWorkflowId,
  changeEventWorkflowId,
  domainWorkflowId,
  type DomainFacts,
  type DomainObservation,
} from '../src/workflows/contracts';
import type { Registrar } from '../src/registrars/registrar';

export const FIXTURES = path.resolve(__dirname, '../test/fixtures/histories');
export const FIXTURE_KEY_FILE = path.join(FIXTURES, 'TEST-ONLY-codec-key.txt');

/** The fixed, committed, test-only payload key of the fixtures (not a secret: it protects nothing). */
export function fixtureCodec(): EncryptionCodec {
  const parsed = parseCodecKeys(readFileSync(FIXTURE_KEY_FILE, 'utf8'));
  if ('error' in parsed) throw new Error(`${FIXTURE_KEY_FILE}: ${parsed.error}`);
  return new EncryptionCodec(parsed.keys);
}

const OLD_NS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];
const NEW_NS = ['ns1.new-dns.example', 'ns2.new-dns.example'];
const FAST = { initialInterval: '1s', maxInterval: '1s' };

interface Ctx {
  client: Client;
  sandbox: IspapiSandbox;
  /** the ISPAPI adapter on the sandbox: changes made "elsewhere" (the reseller's panel) */
  registrar: IspapiRegistrar;
  /** the webhook receiver the worker delivers change events to */
  receiver: WebhookReceiver;
  taskQueue: string;
}
type Scenario = (ctx: Ctx) => Promise<string>; // resolves with the workflow ID to export

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await fn())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A running workflow (an entity) is exported once it has nothing left to do: no activity pending
 * and a history that stopped growing, so the fixture ends on a completed workflow task.
 */
async function settled(client: Client, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  let length = -1;
  await until(`${workflowId} to settle`, async () => {
    const described = await handle.describe();
    const still = described.historyLength === length && (described.raw.pendingActivities?.length ?? 0) === 0;
    length = described.historyLength;
    if (!still) await new Promise((r) => setTimeout(r, 1_000));
    return still;
  });
}

/** What the ISPAPI sandbox shows for a seeded domain, as the sync hands it to the entity. */
function entityFacts(expiresAt: string, over: Partial<DomainFacts> = {}): DomainFacts {
  return {
    phase: 'active',
    registryExpiresAt: expiresAt,
    displayExpiresAt: expiresAt,
    registrarAutorenew: false,
    privacy: false,
    transferLock: false,
    nameservers: NEW_NS,
    ...over,
  };
}
const observed = (source: DomainObservation['source'], facts: DomainFacts, observationId?: string) => ({
  source,
  observedAt: new Date().toISOString(),
  facts,
  ...(observationId ? { observationId } : {}),
});
const plusYear = (iso: string) => new Date(Date.parse(iso) + 365 * 86_400_000).toISOString();

/** The account the portfolio fixtures list, in pages of 2: replay-pf-0.com … replay-pf-5.com. */
const PORTFOLIO = { registrar: 'ispapi' as const, pageSize: 2, dueDateOffsetDays: 30 };
function seedPortfolio(sandbox: IspapiSandbox): void {
  if (!sandbox.domain('replay-pf-0.com')) {
    sandbox.seedDomains({ count: 6, prefix: 'replay-pf-', tld: 'com', nameservers: NEW_NS });
  }
}

const transferRequested = (sandbox: IspapiSandbox, domain: string) => () =>
  sandbox.journal({ command: 'TransferDomain', domain }).length > 0;

const REPLAY_OWNER = {
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
const REPLAY_NEW_OWNER = {
  ...REPLAY_OWNER,
  firstName: 'Eva',
  lastName: 'Smit',
  organisation: 'Smit BV',
  email: 'eva@smit.example',
};

const SCENARIOS: Record<string, Scenario> = {
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
  'domain-observed': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-entity.com';
    sandbox.seedDomain({
      domain,
      nameservers: NEW_NS,
      expiresAt: new Date(Date.now() + 200 * 86_400_000),
      renewalMode: 'AUTORENEW',
    });
    const expiresAt = sandbox.domain(domain)!.expiresAt;
    const target = { domain, registrar: 'ispapi' as const, customerId: 'cust-replay' };
    // First sight (import): no change; the registrar's auto-renewal is adopted as the wish and corrected.
    const facts = entityFacts(expiresAt, { registrarAutorenew: true });
    await observeDomain(client, target, observed('import', facts), { taskQueue });
    await until('the autorenew correction', () => sandbox.domain(domain)?.renewalMode === 'AUTOEXPIRE');
    // Renewed elsewhere: one real change (and its change event); the retried observation answers the same.
    const renewed = entityFacts(plusYear(expiresAt));
    const once = await observeDomain(client, target, observed('sync', renewed, 'replay-sync:0'), { taskQueue });
    await observeDomain(client, target, observed('sync', renewed, 'replay-sync:0'), { taskQueue });
    if (once.changes.length !== 1 || once.changes[0]!.kind !== 'expiry') {
      throw new Error(`expected one expiry change, got ${JSON.stringify(once.changes)}`);
    }
    const privacy = await setDomainPrivacy(client, domain, true);
    const autorenew = await setDomainAutorenew(client, domain, false);
    if (!privacy.pushedToRegistrar || !autorenew.changed) throw new Error('expected both wishes to change');
    await settled(client, domainWorkflowId(domain));
    const view = await getDomainEntity(client, domain);
    if (view.changeCount !== 3) throw new Error(`expected 3 recorded changes, got ${view.changeCount}`);
    return domainWorkflowId(domain);
  },
  'deliverChangeEvent-delivered': async ({ client, receiver, taskQueue }) => {
    // The receiver's scripted 500 must meet this event, not another scenario's.
    await until(
      'earlier deliveries to finish',
      async () =>
        (await client.workflow.count(`WorkflowType = 'deliverChangeEvent' AND ExecutionStatus = 'Running'`)).count ===
        0,
    );
    const domain = 'replay-event.com';
    const target = { domain, registrar: 'ispapi' as const };
    const expiresAt = '2027-06-01T10:00:00.000Z';
    await observeDomain(client, target, observed('import', entityFacts(expiresAt)), { taskQueue });
    receiver.failNext(1);
    const renewed = await observeDomain(client, target, observed('sync', entityFacts(plusYear(expiresAt))), {
      taskQueue,
    });
    const eventId = renewed.changes[0]?.eventId;
    if (!eventId) throw new Error('expected a change event');
    const handle = client.workflow.getHandle<typeof deliverChangeEvent>(changeEventWorkflowId(eventId));
    const { receivers } = await handle.result();
    if (receivers.length !== 1 || receivers[0]!.status !== 'delivered' || receivers[0]!.attempts !== 2) {
      throw new Error(`expected delivery on attempt 2, got ${JSON.stringify(receivers)}`);
    }
    return handle.workflowId;
  },
  'importPortfolio-imported': async ({ client, sandbox, taskQueue }) => {
    seedPortfolio(sandbox);
    const { handle } = await startImport(client, PORTFOLIO, { taskQueue });
    const result = await handle.result();
    if (result.started < 6 || result.pagesRead < 3) {
      throw new Error(`expected 6 new domains over 3 pages, got ${JSON.stringify(result)}`);
    }
    return handle.workflowId;
  },
  'syncPortfolio-changes': async ({ client, sandbox, registrar, taskQueue }) => {
    seedPortfolio(sandbox);
    await (await startImport(client, PORTFOLIO, { taskQueue })).handle.result();
    // The sync compares with the entities' digests in visibility: let it catch up with the import.
    await until(
      'the imported entities in visibility',
      async () =>
        (await client.workflow.count(`WorkflowType = 'domain' AND WorkflowId STARTS_WITH 'domain:replay-pf-'`)).count >=
        6,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    // Renewed elsewhere, auto-renewal switched on at the registrar, transferred away.
    const renewedDomain = 'replay-pf-1.com';
    const currentExpiresAt = sandbox.domain(renewedDomain)!.expiresAt;
    await registrar.renew({ domain: renewedDomain, periodYears: 1, currentExpiresAt, method: 'renew' });
    await registrar.setRegistrarAutorenew('replay-pf-2.com', true);
    sandbox.transferOut('replay-pf-3.com');
    const handle = await startSync(client, PORTFOLIO, { taskQueue });
    const { report } = await handle.result();
    const rows = (table?: unknown[]) => table?.length ?? 0;
    if (rows(report.expiryChanges) < 1 || rows(report.phaseChanges) < 1 || rows(report.corrections) < 1) {
      throw new Error(`expected an expiry, a phase change and a correction, got ${JSON.stringify(report)}`);
    }
    return handle.workflowId;
  },
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

// The same scenarios recorded again once later code took the patches (portfolio-entity,
// outcome-events, backorder-poll-retry, backorder-place-since): the older files stay, since runs of
// the code before the patches may still exist. Record them alone (their domain names are the same).
SCENARIOS['transferDomain-completed-patched'] = SCENARIOS['transferDomain-completed']!;
SCENARIOS['registerDomain-registered-patched'] = SCENARIOS['registerDomain-registered']!;
SCENARIOS['backorder-successful-patched'] = SCENARIOS['backorder-successful']!;
// Recorded once with the code before 'renew-charged-earlier-attempt' / 'backorder-auction-won-portfolio'
// (the plain names) and once after (-patched).
Object.assign(SCENARIOS, moneyScenarios({ owner: REPLAY_OWNER, nameservers: NEW_NS, until }));
SCENARIOS['renewDomain-lost-answer-patched'] = SCENARIOS['renewDomain-lost-answer']!;
SCENARIOS['backorder-auction-won-patched'] = SCENARIOS['backorder-auction-won']!;

/** renewDomain needs readLifecycle/renew in the ISPAPI adapter; recorded once they exist. */
const renewSupported = typeof (IspapiRegistrar.prototype as Partial<Registrar>).renew === 'function';

/** The replayer needs each history's workflow ID (the workflows check theirs): file -> ID. */
export const WORKFLOW_IDS_FILE = path.join(FIXTURES, 'workflow-ids.json');
export function fixtureWorkflowIds(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(WORKFLOW_IDS_FILE, 'utf8')) as Record<string, string>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = Object.keys(SCENARIOS).filter(
    (n) =>
      (wanted.length === 0 ? !n.endsWith('-patched') : wanted.includes(n)) &&
      (renewSupported || !n.startsWith('renewDomain-')),
  );
  if (!renewSupported) console.log('renewDomain: not recorded (the ISPAPI adapter has no renew yet)');
  const ids = fixtureWorkflowIds();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const codec = fixtureCodec();
  const [dev, sandbox, receiver, { code }] = await Promise.all([
    startDevServer({ uiPort: false }),
    IspapiSandbox.start(),
    WebhookReceiver.start({ secret: SANDBOX_WEBHOOK_SECRET }),
    bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: new DefaultLogger('WARN') }),
  ]);
  const ispapiClient = new IspapiClient({
    url: sandbox.url,
    entity: '1234',
    ...SANDBOX_ISPAPI_CREDENTIALS,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 5000,
  });
  const connection = await Connection.connect({ address: dev.address });
  const nativeConnection = await NativeConnection.connect({ address: dev.address });
  const client = new Client({ connection, namespace: dev.namespace, dataConverter: encryptedDataConverter(codec) });
  const taskQueue = 'replay-recording';
  const registrar = new IspapiRegistrar(ispapiClient);
  try {
    // As src/workers/main.ts wires a worker process: the main queue plus the registrar list queues.
    const workerOptions = {
      connection: nativeConnection,
      namespace: dev.namespace,
      taskQueue,
      registrars: { ispapi: registrar },
      codec,
      mail: { from: 'domainflow@example.net', admin: 'admin@example.net' },
      backorderPrices: loadBackorderPrices({}),
      webhooks: { urls: [receiver.url], secret: SANDBOX_WEBHOOK_SECRET },
      reports: { sendEmpty: false },
      dueDateOffsetDays: 30,
      workflowBundle: { code },
    };
    const worker = await createWorker(workerOptions);
    const portfolio = await startPortfolioSide({
      ...workerOptions,
      settings: {
        syncIntervalMs: null,
        registrars: ['ispapi'],
        ratePerSecond: { ispapi: 20, openprovider: 20 },
        pageSize: PORTFOLIO.pageSize,
        dueDateOffsetDays: PORTFOLIO.dueDateOffsetDays,
      },
    });
    await worker.runUntil(async () => {
      mkdirSync(FIXTURES, { recursive: true });
      for (const name of names) {
        const workflowId = await SCENARIOS[name]!({ client, sandbox, registrar, receiver, taskQueue });
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const file = path.join(FIXTURES, `${name}.json`);
        writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
        ids[`${name}.json`] = workflowId;
        writeFileSync(WORKFLOW_IDS_FILE, `${JSON.stringify(ids, null, 2)}\n`);
        console.log(`${path.relative(process.cwd(), file)}: ${history.events?.length ?? 0} events`);
      }
    });
    portfolio.shutdown();
    await portfolio.running;
  } finally {
    await ispapiClient.close();
    await connection.close();
    await nativeConnection.close();
    await sandbox.close();
    await receiver.close();
    await dev.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
