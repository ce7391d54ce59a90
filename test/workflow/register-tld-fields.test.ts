import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { createChangeEventActivities, createRegistrarActivities } from '../../src/activities';
import { startRegistration } from '../../src/client/register';
import { registerWorkflowId, type RegisterDomainInput } from '../../src/contracts';
import type { Contact } from '../../src/domain/contact';
import { startIspapi, startOpenprovider, type RegistrarSetup } from '../helpers/registrars';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';

/**
 * Issue 17: a registration of a TLD with its own fields (src/domain/tld-fields/) succeeds on each
 * registrar with them, and without them fails with InvalidInput naming the field before any
 * registrar call, both at the client and inside the workflow (started as plain JSON would be).
 */
const person = (countryCode: string): Contact => ({
  firstName: 'Kim',
  lastName: 'Lund',
  street: ['Main Street 1'],
  city: 'Town',
  postalCode: '12345',
  countryCode,
  phone: '+45.12345678',
  email: 'kim@lund.example',
});
const company = (countryCode: string): Contact => ({ ...person(countryCode), organisation: 'Lund ApS' });

interface Case {
  tld: string;
  owner: Contact;
  extras: Record<string, string>;
  missing: string;
  /** the ISPAPI parameters the extras (and pre-fills) become */
  sent: Record<string, string>;
}
const CASES: Case[] = [
  {
    tld: 'us',
    owner: company('US'),
    extras: { nexusCategory: 'C21', appPurpose: 'P1' },
    missing: 'nexusCategory',
    sent: { 'X-US-NEXUS-CATEGORY': 'C21', 'X-US-NEXUS-APPPURPOSE': 'P1' },
  },
  { tld: 'dk', owner: company('DK'), extras: { vatId: 'DK12345678' }, missing: 'vatId', sent: { 'X-DK-VATID': 'DK12345678' } },
  {
    tld: 'it',
    owner: person('IT'),
    extras: { pin: 'RSSMRA80A01H501U' },
    missing: 'pin',
    // entityType 1 is pre-filled for a natural person; the journal masks the PIN (a tax number)
    sent: { 'X-IT-PIN': '***', 'X-IT-REGISTRANT-ENTITY-TYPE': '1' },
  },
  { tld: 'eu', owner: person('US'), extras: { citizenship: 'de' }, missing: 'citizenship', sent: { 'X-EU-REGISTRANT-CITIZENSHIP': 'de' } },
]; // prettier-ignore

describe('registerDomain: TLD extra fields (.us .dk .it .eu)', () => {
  let env: TestWorkflowEnvironment;
  let ispapi: IspapiSandbox;
  let openprovider: OpenproviderSandbox;
  let setups: RegistrarSetup<unknown, unknown, unknown>[] = [];
  let activities: ReturnType<typeof createRegistrarActivities>;

  before(async () => {
    const [started, ispapiSetup, opSetup] = await Promise.all([
      createTimeSkippingEnv(),
      startIspapi(),
      startOpenprovider(),
    ]);
    env = started;
    setups = [ispapiSetup, opSetup];
    ispapi = ispapiSetup.sandbox;
    openprovider = opSetup.sandbox;
    activities = createRegistrarActivities({ ispapi: ispapiSetup.adapter, openprovider: opSetup.adapter });
  });
  after(async () => {
    for (const s of setups) await s.close();
    await env?.teardown();
  });

  async function run<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = uniqueTaskQueue('tld-fields');
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: { ...activities, ...createChangeEventActivities(env.client, { urls: [] }) },
    });
    return worker.runUntil(fn(taskQueue));
  }
  const register = (input: RegisterDomainInput) =>
    run(async (taskQueue) => (await startRegistration(env.client, input, { taskQueue })).handle.result());
  const callsFor = (domain: string) => ispapi.journal({ domain }).length + openprovider.journal({ domain }).length;

  for (const c of CASES) {
    it(`ISPAPI: .${c.tld} registers with its fields, sent as X-... parameters`, async () => {
      const domain = `new-fields-ispapi.${c.tld}`;
      const result = await register({ domain, contacts: { owner: c.owner }, extras: c.extras });
      assert.equal(result.outcome, 'registered', result.reason);
      const adds = ispapi.journal({ command: 'AddDomain', domain });
      assert.equal(adds.length, 1);
      for (const [name, value] of Object.entries(c.sent)) assert.equal(adds[0]!.params[name], value, name);
    });

    it(`.${c.tld} without extras.${c.missing}: refused by the client and by the workflow, no registrar call`, async () => {
      const domain = `new-fields-missing.${c.tld}`;
      const extras = { ...c.extras };
      delete extras[c.missing];
      const input = { domain, contacts: { owner: c.owner }, extras };
      await assert.rejects(
        run((taskQueue) => startRegistration(env.client, input, { taskQueue })),
        (err: Error) => err.name === 'ValidationError' && err.message.includes(`extras.${c.missing}`),
      );
      // Started as another language would, without the client's check: the workflow refuses it.
      await assert.rejects(
        run((taskQueue) =>
          env.client.workflow.execute('registerDomain', {
            taskQueue,
            workflowId: registerWorkflowId(domain),
            args: [input],
          }),
        ),
        (err: unknown) => {
          assert.ok(err instanceof WorkflowFailedError);
          assert.ok(err.cause instanceof ApplicationFailure);
          assert.equal(err.cause.type, 'InvalidInput');
          assert.match(err.cause.message, new RegExp(`extras\\.${c.missing}`));
          return true;
        },
      );
      assert.equal(callsFor(domain), 0, 'no registrar call');
    });
  }

  /** Where Openprovider holds each case's fields: the domain's additional_data or the owner handle's extension entry. */
  const OP_SENT: Record<string, { additionalData?: Record<string, string>; onHandle?: Record<string, string> }> = {
    us: { onHandle: { nexus_category: 'C21', applicant_purpose: 'P1' } },
    dk: { additionalData: { vat: 'DK12345678' } },
    it: { onHandle: { reg_code: 'RSSMRA80A01H501U', entity_type: '1' } },
    eu: { onHandle: { country_of_citizenship: 'DE' } },
  };
  for (const c of CASES) {
    it(`Openprovider: .${c.tld} registers with its fields where Openprovider keeps them`, async () => {
      const domain = `new-fields-op.${c.tld}`;
      const result = await register({ domain, registrar: 'openprovider', contacts: { owner: c.owner }, extras: c.extras });
      assert.equal(result.outcome, 'registered', result.reason);
      const [create] = openprovider.journal({ route: 'POST /v1beta/domains', domain });
      const data = (create?.body as { additional_data?: Record<string, string> }).additional_data;
      assert.deepEqual(data, OP_SENT[c.tld]!.additionalData);
      const owner = openprovider.customer(openprovider.domain(domain)!.handles.owner)!;
      const entries = (owner.data.extension_additional_data ?? []) as Array<{ name: string; data: unknown }>;
      const onHandle = OP_SENT[c.tld]!.onHandle;
      assert.deepEqual(entries.find((e) => e.name === c.tld)?.data, onHandle);
    }); // prettier-ignore

    it(`Openprovider: .${c.tld} without extras.${c.missing} fails with InvalidInput, zero Openprovider calls`, async () => {
      const domain = `new-fields-missing-op.${c.tld}`;
      const extras = { ...c.extras };
      delete extras[c.missing];
      const input = { domain, registrar: 'openprovider' as const, contacts: { owner: c.owner }, extras };
      const before = openprovider.journal().length + ispapi.journal().length;
      await assert.rejects(
        run((taskQueue) => env.client.workflow.execute('registerDomain', { taskQueue, workflowId: registerWorkflowId(domain), args: [input] })),
        (err: unknown) => {
          assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
          assert.equal(err.cause.type, 'InvalidInput');
          assert.match(err.cause.message, new RegExp(`extras\\.${c.missing}`));
          return true;
        },
      );
      assert.equal(openprovider.journal().length + ispapi.journal().length, before, 'no call to either sandbox');
    }); // prettier-ignore
  }
});
