import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAllActivities } from '../../src/activities/all';
import { startRegistrantChange } from '../../src/client/change-registrant';
import { loadMailConfig } from '../../src/config/mail';
import { type ChangeRegistrantInput, changeRegistrantWorkflowId } from '../../src/contracts';
import type { Contact } from '../../src/domain/contact';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { workerPerTest, createTimeSkippingEnv } from '../helpers/temporal';

/**
 * Issue 17 point 1 (patch 'tld-fields-trade'): a change of registrant carries the registration
 * fields the field table lists for it (src/domain/tld-fields/operations.ts): .us nexus for every
 * new registrant, .eu citizenship for a new person living outside the EU/EEA. Without them the
 * workflow fails with InvalidInput naming the field before any registrar call; with them each
 * registrar gets them where it takes them (ISPAPI X-... parameters, Openprovider the owner handle).
 */
const OLD: Contact = {
  firstName: 'Jan',
  lastName: 'Jansen',
  street: ['Keizersgracht 1'],
  city: 'Amsterdam',
  postalCode: '1015 CJ',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jan@example.nl',
};
/** A new registrant, a person living in the US: .us needs a nexus, .eu a citizenship. */
const NEW: Contact = { ...OLD, firstName: 'Eva', lastName: 'Smit', countryCode: 'US', email: 'eva@example.com' };
const NS = ['ns1.example.net', 'ns2.example.net'];
const ispapiOwner = (c: Contact) => ({
  FIRSTNAME: c.firstName,
  LASTNAME: c.lastName,
  STREET: c.street.join(' , '),
  CITY: c.city,
  ZIP: c.postalCode,
  COUNTRY: c.countryCode,
  PHONE: c.phone,
  EMAIL: c.email,
});

interface Case {
  tld: string;
  extras: Record<string, string>;
  missing: string;
  /** ISPAPI parameters the extras become */
  sent: Record<string, string>;
  /** the Openprovider owner handle's extension entry */
  onHandle: Record<string, string>;
}
const CASES: Case[] = [
  {
    tld: 'us',
    extras: { nexusCategory: 'C11', appPurpose: 'P3' },
    missing: 'appPurpose',
    sent: { 'X-US-NEXUS-CATEGORY': 'C11', 'X-US-NEXUS-APPPURPOSE': 'P3' },
    onHandle: { nexus_category: 'C11', applicant_purpose: 'P3' },
  },
  {
    tld: 'eu',
    extras: { citizenship: 'nl' },
    missing: 'citizenship',
    sent: { 'X-EU-REGISTRANT-CITIZENSHIP': 'nl' },
    onHandle: { country_of_citizenship: 'NL' },
  },
];

describe('changeRegistrant: the field table’s change fields (.us nexus, .eu citizenship)', () => {
  let env: TestWorkflowEnvironment;
  let ispapi: IspapiSetup;
  let op: OpenproviderSetup;

  before(async () => {
    [env, ispapi, op] = await Promise.all([createTimeSkippingEnv(), startIspapi(), startOpenprovider()]);
  });
  after(async () => {
    await ispapi?.close();
    await op?.close();
    await env?.teardown();
  });

  // A worker per test on one queue for the file, no workflow cache (test/helpers/temporal.ts).
  const withWorker = workerPerTest(
    () => env,
    'registrant-fields',
    (taskQueue) =>
      createAllActivities({
        registrars: { ispapi: ispapi.adapter, openprovider: op.adapter },
        mail: loadMailConfig({}),
        backorderPrices: {},
        client: env.client,
        taskQueue,
      }),
  );
  const calls = () => ispapi.sandbox.journal().length + op.sandbox.journal().length;

  for (const c of CASES) {
    it(`.${c.tld} without extras.${c.missing}: InvalidInput naming it, zero registrar calls (client and workflow)`, async () => {
      const domain = `fields-change-missing.${c.tld}`;
      ispapi.sandbox.seedDomain({ domain, nameservers: NS, owner: ispapiOwner(OLD) });
      const extras = { ...c.extras };
      delete extras[c.missing];
      const input: ChangeRegistrantInput = { domain, registrant: NEW, extras };
      const before = calls();
      await assert.rejects(
        withWorker((taskQueue) => startRegistrantChange(env.client, input, { taskQueue })),
        (err: Error) => err.name === 'ValidationError' && err.message.includes(`extras.${c.missing}`),
      );
      await assert.rejects(
        withWorker((taskQueue) =>
          env.client.workflow.execute('changeRegistrant', { taskQueue, workflowId: changeRegistrantWorkflowId(domain), args: [input] }),
        ),
        (err: unknown) => {
          assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
          assert.equal(err.cause.type, 'InvalidInput');
          assert.match(err.cause.message, new RegExp(`extras\\.${c.missing}`));
          return true;
        },
      );
      assert.equal(calls(), before, 'no call to either sandbox');
    }); // prettier-ignore

    it(`ISPAPI: .${c.tld} change carries its fields as X-... parameters`, async () => {
      const domain = `fields-change.${c.tld}`;
      ispapi.sandbox.seedDomain({ domain, nameservers: NS, owner: ispapiOwner(OLD) });
      const result = await withWorker(async (taskQueue) => {
        const { handle } = await startRegistrantChange(env.client, { domain, registrant: NEW, extras: c.extras }, { taskQueue });
        return handle.result();
      }); // prettier-ignore
      assert.equal(result.outcome, 'completed', result.reason);
      const changes = ispapi.sandbox.journal({ domain }).filter((e) => e.command === 'ModifyDomain' || e.command === 'TradeDomain');
      assert.equal(changes.length, 1, 'one change command');
      for (const [name, value] of Object.entries(c.sent)) assert.equal(changes[0]!.params[name], value, name);
    }); // prettier-ignore

    it(`Openprovider: .${c.tld} change puts its fields on the new owner handle`, async () => {
      const domain = `fields-change-op.${c.tld}`;
      op.sandbox.seedDomain({ domain, nameservers: NS });
      const result = await withWorker(async (taskQueue) => {
        const { handle } = await startRegistrantChange(env.client, { domain, registrar: 'openprovider', registrant: NEW, extras: c.extras }, { taskQueue });
        return handle.result();
      }); // prettier-ignore
      assert.equal(result.outcome, 'completed', result.reason);
      const owner = op.sandbox.customer(op.sandbox.domain(domain)!.handles.owner)!;
      const entries = (owner.data.extension_additional_data ?? []) as Array<{ name: string; data: unknown }>;
      assert.deepEqual(entries.find((e) => e.name === c.tld)?.data, c.onHandle);
    });
  }
});
