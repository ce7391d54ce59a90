import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { createMailActivities, createRegistrarActivities, createChangeEventActivities } from '../../src/activities';
import { loadMailConfig } from '../../src/config/mail';
import { getRenewalState, startRenewal } from '../../src/client';
import type { RenewDomainInput } from '../../src/contracts';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { startSmtpListener } from '../helpers/smtp';

const NS = ['ns1.example.net', 'ns2.example.net'];
const DAY = 86_400_000;
const noonIn = (days: number) => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 12 * 3_600_000);
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

describe('renewDomain via ISPAPI: every phase, money moves once', () => {
  let env: TestWorkflowEnvironment;
  let sandbox: IspapiSandbox;
  let ispapi: IspapiSetup;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;

  before(async () => {
    [env, ispapi, smtp] = await Promise.all([
      createTimeSkippingEnv(),
      startIspapi({ client: { requestTimeoutMs: 3000 } }),
      startSmtpListener(),
    ]);
    sandbox = ispapi.sandbox;
  });
  after(async () => {
    await ispapi?.close();
    await smtp?.close();
    await env?.teardown();
  });
  beforeEach(() => smtp.messages.splice(0));

  async function renew(input: Omit<RenewDomainInput, 'registrar'>) {
    const taskQueue = uniqueTaskQueue('renew-ispapi');
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: {
        ...createRegistrarActivities({ ispapi: ispapi.adapter }),
        ...createMailActivities(loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url })),
        // Released workflows end with a change event (no receivers here: recorded, not sent).
        ...createChangeEventActivities(env.client, { urls: [] }),
      },
    });
    return worker.runUntil(async () => {
      const { handle } = await startRenewal(env.client, { ...input, registrar: 'ispapi' }, { taskQueue });
      const result = await handle.result();
      return { ...result, state: await getRenewalState(env.client, handle.workflowId) };
    });
  }
  const charges = (domain: string) => sandbox.charges({ domain });
  const seed = (domain: string, expires: Date) => sandbox.seedDomain({ domain, nameservers: NS, expiresAt: expires });

  it('active: RenewDomain with the expiry guard, one charge, verified', async () => {
    const domain = 'renew-active.com';
    const expires = noonIn(40);
    seed(domain, expires);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'renewed');
    assert.equal(result.action, 'renew');
    assert.ok(result.newExpiresAt && result.newExpiresAt.slice(0, 10) > dateOf(expires));
    assert.equal(charges(domain).length, 1);
    const renewCall = sandbox.journal({ command: 'RenewDomain', domain });
    assert.equal(renewCall.length, 1);
    assert.ok(
      renewCall[0]!.params.EXPIRATIONDATE?.startsWith(dateOf(expires)),
      'the current expiry guards the renewal',
    );
    // The state query (through the client library) tells the same story as the result.
    assert.equal(result.state.phase, 'renewed');
    assert.ok(result.state.log.length >= 2, 'a status log');
    const again = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(again.outcome, 'already-renewed');
    assert.equal(charges(domain).length, 1);
  });

  it('a ccTLD without explicit renewal (.de) is paid ahead with PayDomainRenewal, once', async () => {
    const domain = 'renew-pay.de';
    const expires = noonIn(25);
    seed(domain, expires);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'renewed');
    assert.equal(result.action, 'pay');
    assert.equal(sandbox.journal({ command: 'RenewDomain', domain }).length, 0);
    assert.equal(sandbox.journal({ command: 'PayDomainRenewal', domain }).length, 1);
    assert.equal(charges(domain).length, 1);
  });

  it('the answer to RenewDomain is lost: the retry pays nothing more', async () => {
    const domain = 'renew-lost.com';
    const expires = noonIn(30);
    seed(domain, expires);
    sandbox.loseAnswer({ command: 'RenewDomain', times: 1 });
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'renewed');
    assert.equal(charges(domain).length, 1);
    // The attempt that paid never heard back; the retry paid nothing, yet this workflow's term was paid.
    assert.equal(
      result.charged,
      true,
      'charged: the term was paid by this workflow, by the attempt whose answer was lost',
    );
    assert.ok(
      result.state.log.some((e) => /an earlier attempt paid/.test(e.why)),
      'the status log says which attempt paid',
    );
  });

  it('redemption (deleted, restorable) without an accepted fee: no money, admin mail', async () => {
    const domain = 'renew-redemption.com';
    const expires = noonIn(2);
    seed(domain, expires);
    sandbox.deleteDomain(domain);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.phaseFound, 'hard-quarantine');
    assert.equal(result.outcome, 'needs-attention');
    assert.equal(charges(domain).length, 0);
    assert.equal(sandbox.journal({ command: 'RestoreDomain', domain }).length, 0);
    assert.equal(smtp.messages.length, 1);
    assert.match(smtp.messages[0]!.subject, /renew-redemption\.com: renewal needs a person/);
  });

  it('redemption with the fee accepted: RestoreDomain once', async () => {
    const domain = 'renew-restore.com';
    const expires = noonIn(2);
    seed(domain, expires);
    sandbox.deleteDomain(domain);
    const result = await renew({
      domain,
      expiresOn: dateOf(expires),
      acceptRestoreFee: { amount: '100.00', currency: 'USD' },
    });
    assert.equal(result.outcome, 'restored');
    assert.equal(sandbox.journal({ command: 'RestoreDomain', domain }).length, 1);
    // One restore: the fee and the year it includes, both booked by that one RestoreDomain.
    assert.deepEqual(
      charges(domain).map((c) => `${c.command}:${c.kind}`),
      ['RestoreDomain:restore', 'RestoreDomain:renew'],
    );
  });

  it('the answer to RestoreDomain is lost: the retry restores nothing more, the result says charged', async () => {
    const domain = 'renew-restore-lost.com';
    const expires = noonIn(2);
    seed(domain, expires);
    sandbox.deleteDomain(domain);
    sandbox.loseAnswer({ command: 'RestoreDomain', times: 1 });
    const result = await renew({
      domain,
      expiresOn: dateOf(expires),
      acceptRestoreFee: { amount: '100.00', currency: 'USD' },
    });
    assert.equal(result.outcome, 'restored');
    assert.equal(result.charged, true, 'the restore this workflow paid is reported, whichever attempt paid it');
    assert.deepEqual(
      charges(domain).map((c) => `${c.command}:${c.kind}`),
      ['RestoreDomain:restore', 'RestoreDomain:renew'],
      'one restore',
    );
  });

  it('transferred away: ends with that fact, no paying call', async () => {
    const domain = 'renew-away.com';
    const expires = noonIn(60);
    seed(domain, expires);
    sandbox.transferOut(domain);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'transferred-away');
    assert.equal(charges(domain).length, 0);
  });

  it('a domain no longer restorable: deleted, no paying call', async () => {
    const domain = 'renew-deleted.com';
    const expires = noonIn(1);
    seed(domain, expires);
    sandbox.deleteDomain(domain);
    sandbox.advanceClock(60 * DAY);
    const result = await renew({ domain, expiresOn: dateOf(expires) });
    assert.equal(result.outcome, 'deleted');
    assert.equal(charges(domain).length, 0);
  });
});
