import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { createMailActivities, createRegistrarActivities, createChangeEventActivities } from '../../src/activities';
import { loadMailConfig } from '../../src/config/mail';
import { startRenewal } from '../../src/client/renew';
import type { RenewDomainInput } from '../../src/contracts';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';
import { startOpenprovider, type OpenproviderSetup } from '../helpers/registrars';
import { startSmtpListener } from '../helpers/smtp';

const NS = ['ns1.example.net', 'ns2.example.net'];
const DAY = 86_400_000;
/** noon UTC: the same calendar day in UTC and in Amsterdam */
const noonIn = (days: number) => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 12 * 3_600_000);
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

describe('renewDomain via Openprovider: every phase, money moves once', () => {
  let env: TestWorkflowEnvironment;
  let sandbox: OpenproviderSandbox;
  let op: OpenproviderSetup;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;

  before(async () => {
    [env, op, smtp] = await Promise.all([
      createTimeSkippingEnv(),
      startOpenprovider({ client: { requestTimeoutMs: 3000 } }),
      startSmtpListener(),
    ]);
    sandbox = op.sandbox;
  });
  after(async () => {
    await op?.close();
    await smtp?.close();
    await env?.teardown();
  });
  beforeEach(() => smtp.messages.splice(0));

  async function renew(input: Omit<RenewDomainInput, 'registrar'>) {
    const taskQueue = uniqueTaskQueue('renew-op');
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: {
        ...createRegistrarActivities({ openprovider: op.adapter }),
        ...createMailActivities(
          loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url, DOMAINFLOW_ADMIN_EMAIL: 'ops@reseller.example' }),
        ),
        // Released workflows end with a change event (no receivers here: recorded, not sent).
        ...createChangeEventActivities(env.client, { urls: [] }),
      },
    });
    return worker.runUntil(async () => {
      const { handle } = await startRenewal(env.client, { ...input, registrar: 'openprovider' }, { taskQueue });
      return handle.result();
    });
  }
  const charges = (domain: string) => sandbox.charges({ domain });
  const seed = (domain: string, expires: Date) =>
    sandbox.seedDomain({ domain, nameservers: NS, expiresAt: expires, registryExpiresAt: expires, autorenew: 'off' });

  it('active: renews once, verifies the new expiry; starting the same term again pays nothing', async () => {
    const domain = 'renew-active.com';
    const expires = noonIn(40);
    seed(domain, expires);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'renewed');
    assert.equal(result.action, 'renew');
    assert.equal(result.charged, true);
    assert.ok(result.newExpiresAt && result.newExpiresAt.slice(0, 10) > dateOf(expires));
    assert.equal(charges(domain).length, 1);
    const again = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(again.outcome, 'already-renewed');
    assert.equal(again.charged, false);
    assert.equal(charges(domain).length, 1, 'still one charge');
  });

  it('the answer to the renewal is lost: the retry re-reads and pays nothing more', async () => {
    const domain = 'renew-lost-answer.com';
    const expires = noonIn(30);
    seed(domain, expires);
    sandbox.loseAnswer({ route: 'POST /v1beta/domains/{id}/renew', times: 1 });
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'renewed');
    assert.equal(charges(domain).length, 1, 'one charge although the call was made and retried');
    assert.equal(result.charged, true, 'the term was paid by this workflow, by the attempt whose answer was lost');
  });

  it('two concurrent starts of the same renewal: one workflow, one charge', async () => {
    const domain = 'renew-twice.com';
    const expires = noonIn(20);
    seed(domain, expires);
    const taskQueue = uniqueTaskQueue('renew-op');
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: {
        ...createRegistrarActivities({ openprovider: op.adapter }),
        ...createChangeEventActivities(env.client, { urls: [] }),
      } as never,
    });
    const [a, b] = await worker.runUntil(async () => {
      const input = { domain, registrar: 'openprovider' as const, expiresOn: dateOf(expires) };
      // The second start arrives while the first runs (as from two services at once).
      const first = await startRenewal(env.client, input, { taskQueue });
      const second = await startRenewal(env.client, input, { taskQueue });
      assert.equal([first.started, second.started].filter(Boolean).length, 1);
      const firstResult = await first.handle.result();
      const description = await env.client.workflow.getHandle(first.workflowId).describe();
      assert.equal(description.status.name, 'COMPLETED');
      return [firstResult, await env.client.workflow.getHandle(first.workflowId, description.runId).result()];
    });
    assert.equal(a.outcome, 'renewed');
    assert.deepEqual(a, b);
    assert.equal(charges(domain).length, 1);
  });

  it('soft quarantine: restored for the normal fee, once', async () => {
    const domain = 'renew-soft.com';
    const expires = noonIn(10);
    seed(domain, expires);
    sandbox.expireDomain(domain);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.phaseFound, 'soft-quarantine');
    assert.equal(result.outcome, 'restored');
    assert.equal(result.action, 'soft-restore');
    assert.deepEqual(
      charges(domain).map((c) => c.kind),
      ['soft-restore'],
    );
  });

  it('soft quarantine, the answer to the restore lost: restored once, the result says charged', async () => {
    const domain = 'renew-soft-lost.com';
    const expires = noonIn(10);
    seed(domain, expires);
    sandbox.expireDomain(domain);
    sandbox.loseAnswer({ route: 'POST /v1beta/domains/{id}/restore', times: 1 });
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'restored');
    assert.equal(result.charged, true, 'the restore this workflow paid is reported, whichever attempt paid it');
    assert.deepEqual(
      charges(domain).map((c) => c.kind),
      ['soft-restore'],
    );
  });

  it('hard quarantine without an accepted fee: no money moves, a person is told by mail', async () => {
    const domain = 'renew-hard.com';
    const expires = noonIn(5);
    seed(domain, expires);
    sandbox.deleteDomain(domain);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.phaseFound, 'hard-quarantine');
    assert.equal(result.outcome, 'needs-attention');
    assert.equal(result.charged, false);
    assert.equal(charges(domain).length, 0);
    assert.equal(smtp.messages.length, 1);
    assert.deepEqual(smtp.messages[0]!.to, ['ops@reseller.example']);
    assert.match(smtp.messages[0]!.subject, /renew-hard\.com: renewal needs a person \(hard-quarantine\)/);
    assert.match(smtp.messages[0]!.body, /restoring costs 50\.00 EUR/);
    assert.match(smtp.messages[0]!.body, /Nothing was charged/);
  });

  it('hard quarantine with the fee accepted: restored, one restore charge', async () => {
    const domain = 'renew-hard-ok.com';
    const expires = noonIn(5);
    seed(domain, expires);
    sandbox.deleteDomain(domain);
    const result = await renew({
      domain,
      expiresOn: dateOf(expires),
      acceptRestoreFee: { amount: '80.00', currency: 'EUR' },
    });
    assert.equal(result.outcome, 'restored');
    assert.equal(result.action, 'hard-restore');
    assert.deepEqual(
      charges(domain).map((c) => c.kind),
      ['restore'],
    );
  });

  it('transferred away: ends with that fact, no call that costs money', async () => {
    const domain = 'renew-gone.com';
    const expires = noonIn(50);
    seed(domain, expires);
    sandbox.transferOut(domain);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'transferred-away');
    assert.equal(charges(domain).length, 0);
    assert.equal(sandbox.journal({ domain }).filter((j) => /renew|restore/.test(j.route)).length, 0);
  });

  it('purged after the hard quarantine: deleted, no call that costs money', async () => {
    const domain = 'renew-purged.com';
    const expires = noonIn(3);
    seed(domain, expires);
    sandbox.deleteDomain(domain);
    sandbox.advanceClock(90 * DAY);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'deleted');
    assert.equal(charges(domain).length, 0);
  });
});
