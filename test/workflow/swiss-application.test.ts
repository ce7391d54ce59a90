import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAllActivities } from '../../src/activities/all';
import { getSwissApplicationState, startSwissApplication } from '../../src/client/swiss';
import { loadMailConfig } from '../../src/config/mail';
import type { Contact } from '../../src/domain/contact';
import { ValidationError } from '../../src/domain/validation';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { type SwissApplicationInput, swissApplicationWorkflowId } from '../../src/contracts';
import { startSmtpListener } from '../helpers/smtp';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { workerPerTest, createTimeSkippingEnv, eventually } from '../helpers/temporal';

const OWNER: Contact = {
  firstName: 'Anna',
  lastName: 'Muster',
  organisation: 'Muster Uhren AG',
  street: ['Bahnhofstrasse 1'],
  city: 'Zürich',
  postalCode: '8001',
  countryCode: 'CH',
  phone: '+41.441234567',
  email: 'anna@example.ch',
};
const NS = ['ns1.swiss.example', 'ns2.swiss.example'];
const DAY = 86_400_000;
/** ISPAPI dates have second precision. */
const toSeconds = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

/** No Updates here, so the time-skipping server: three weeks of daily checks take seconds. */
describe('swissApplication over ISPAPI (time-skipping server, real sandbox, real SMTP)', () => {
  let env: TestWorkflowEnvironment;
  let sandbox: IspapiSandbox;
  let ispapi: IspapiSetup;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;

  before(async () => {
    [env, ispapi, smtp] = await Promise.all([createTimeSkippingEnv(), startIspapi(), startSmtpListener()]);
    sandbox = ispapi.sandbox;
  });
  after(async () => {
    await ispapi?.close();
    await smtp?.close();
    await env?.teardown();
  });
  beforeEach(() => smtp.messages.splice(0));

  const input = (domain: string, extra: Partial<SwissApplicationInput> = {}): SwissApplicationInput => ({
    domain,
    contacts: { owner: OWNER },
    nameservers: NS,
    enterpriseId: 'CHE-109.322.551',
    intendedUse: 'Online shop for Swiss watches',
    ...extra,
  });

  // A worker per test on one queue for the file, no workflow cache (test/helpers/temporal.ts).
  const withWorker = workerPerTest(
    () => env,
    'swiss',
    (taskQueue) =>
      createAllActivities({
        registrars: { ispapi: ispapi.adapter },
        mail: loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url }),
        backorderPrices: {},
        client: env.client,
        taskQueue,
      }),
  );
  /** Real time: the submission reaches the sandbox while workflow time stands still. */
  const submitted = (domain: string) =>
    eventually(async () => sandbox.applications({ domain })[0], 20_000, `the application for ${domain}`);
  const statusChecks = (reference: string | undefined) =>
    sandbox.journal({ command: 'StatusDomainApplication' }).filter((e) => e.params.APPLICATION === reference);

  it('approved after three weeks: ACTIVE with the expiry, one status check a day', async () => {
    const domain = 'new-watches.swiss';
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startSwissApplication(env.client, input(domain), { taskQueue });
      const startedAt = Date.parse((await handle.describe()).startTime.toISOString());
      const app = await submitted(domain);
      assert.equal(app.class, 'SWISS_GOLIVE');
      assert.equal(app.extras['X-SWISS-UID'], 'CHE109322551');
      await env.sleep('21 days');
      const pending = await getSwissApplicationState(env.client, domain);
      assert.equal(pending.phase, 'PENDING');
      assert.ok(pending.checks >= 20, `daily checks while waiting (${pending.checks})`);
      sandbox.approveApplication(domain);
      const done = await handle.result();
      assert.ok(Date.parse(done.finishedAt) - startedAt >= 21 * DAY, 'three weeks of workflow time passed');
      return done;
    });
    assert.equal(result.status, 'ACTIVE');
    assert.equal(result.reference, sandbox.applications({ domain })[0]!.application);
    const inAccount = sandbox.domain(domain);
    assert.ok(inAccount, 'the domain is in the account');
    assert.equal(result.expiresAt, toSeconds(inAccount.expiresAt), 'the expiry as StatusDomain shows it');
    const years = (Date.parse(result.expiresAt!) - Date.parse(sandbox.clock().now)) / (365 * DAY);
    assert.ok(years > 0.99 && years <= 1.01, `a one-year term (${years})`);
    assert.ok(result.checks >= 21, `checked daily (${result.checks})`);
    assert.equal(statusChecks(result.reference).length, result.checks, 'one StatusDomainApplication per check');
    assert.equal(sandbox.journal({ command: 'AddDomainApplication', domain }).length, 1);
    assert.equal(smtp.messages.length, 0, 'no admin mail when it worked');
  });

  it('refused: CANCELLED, and the admin is told to refund', async () => {
    const domain = 'new-refused.swiss';
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startSwissApplication(env.client, input(domain), { taskQueue });
      await submitted(domain);
      sandbox.refuseApplication(domain);
      return handle.result();
    });
    assert.equal(result.status, 'CANCELLED');
    assert.match(result.reason ?? '', /refused the application \(FAILED\)/);
    await eventually(async () => (smtp.messages.length > 0 ? true : undefined), 10_000, 'the admin mail');
    assert.equal(smtp.messages.length, 1);
    const [mail] = smtp.messages;
    assert.deepEqual(mail!.to, ['admin@localhost']);
    assert.match(mail!.subject, /\.swiss application new-refused\.swiss: CANCELLED/);
    assert.match(mail!.body, /refund them by hand/);
    assert.ok(!sandbox.domain(domain), 'nothing registered');
  });

  it('an invalid enterprise ID (CHE-123.456.789) is refused before any registrar call', async () => {
    const domain = 'new-baduid.swiss';
    const before = sandbox.journal().length;
    await assert.rejects(
      startSwissApplication(env.client, input(domain, { enterpriseId: 'CHE-123.456.789' })),
      (err: unknown) => err instanceof ValidationError && /enterpriseId: has a wrong check digit/.test(err.message),
    );
    // A start that skips the client helper (another language, raw JSON) fails in the workflow itself.
    const failure = await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start('swissApplication', {
        taskQueue,
        workflowId: swissApplicationWorkflowId(domain),
        args: [input(domain, { enterpriseId: 'CHE-123.456.789' })],
      });
      return handle.result().then(
        () => assert.fail('must not succeed'),
        (err: unknown) => err,
      );
    });
    assert.ok(failure instanceof WorkflowFailedError);
    assert.ok(failure.cause instanceof ApplicationFailure);
    assert.equal(failure.cause.type, 'InvalidInput');
    assert.match(failure.cause.message, /enterpriseId: has a wrong check digit/);
    assert.equal(sandbox.journal().length, before, 'the journal is untouched');
  });

  it('a cleaned-up application (545) whose domain exists is ACTIVE', async () => {
    const domain = 'new-cleaned.swiss';
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startSwissApplication(env.client, input(domain), { taskQueue });
      await submitted(domain);
      await env.sleep('3 days');
      sandbox.approveApplication(domain);
      sandbox.cleanupApplication(domain);
      return handle.result();
    });
    assert.equal(result.status, 'ACTIVE');
    assert.equal(result.expiresAt, toSeconds(sandbox.domain(domain)!.expiresAt));
    const last = statusChecks(result.reference).at(-1);
    assert.equal(last?.code, 545, 'the last check found the application gone');
    assert.equal(sandbox.journal({ command: 'StatusDomain', domain })[0]?.code, 200);
    assert.equal(smtp.messages.length, 0);
  });
});
