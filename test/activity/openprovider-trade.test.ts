import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { Contact } from '../../src/domain/contact';
import { RegistrarRejectedError } from '../../src/registrars/errors';
import type { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import {
  CUSTOMER_EXTENSION_DATA_FIELDS,
  DOMAIN_ADDITIONAL_DATA_FIELDS,
  UPDATE_ADDITIONAL_DATA_FIELDS,
  UPDATE_DOMAIN_FIELDS,
} from '../../src/sandbox/openprovider/additional-data';
import { type OpenproviderSandbox, SANDBOX_OPENPROVIDER_CREDENTIALS } from '../../src/sandbox/openprovider/server';
import { definitionProperties, responseProblems } from '../../src/sandbox/openprovider/openapi';
import { startOpenprovider, type OpenproviderSetup } from '../helpers/registrars';

/** Openprovider trades, owner updates, name servers and transfers, held to the OpenAPI files (issue 19.6). */
const TRADE = 'POST /v1beta/domains/trade';
const UPDATE = 'PUT /v1beta/domains/{id}';
const TRANSFER = 'POST /v1beta/domains/transfer';
const UPDATE_CUSTOMER = 'PUT /v1beta/customers/{handle}';
const NS = ['ns1.example.net', 'ns2.example.net'];

const PERSON: Contact = {
  firstName: 'Giulia',
  lastName: 'Rossi',
  street: ['Via Roma 1'],
  city: 'Milano',
  postalCode: '20121',
  countryCode: 'IT',
  phone: '+39.0212345678',
  email: 'giulia@example.it',
};
const COMPANY: Contact = { ...PERSON, firstName: 'Sven', lastName: 'Berg', organisation: 'Berg AB', countryCode: 'SE' };
const IT_EXTRAS = {
  pin: 'RSSGLI80A41F205X',
  entityType: '1',
  consentForPublishing: '1',
  acceptSection3: '1',
  acceptSection5: '1',
  acceptSection6: '1',
  acceptSection7: '1',
};

let sandbox: OpenproviderSandbox;
let registrar: OpenproviderRegistrar;

let setup: OpenproviderSetup | undefined;

before(async () => {
  setup = await startOpenprovider({ adapter: { handles: { owner: 'SR100001-NL' } } });
  ({ sandbox, adapter: registrar } = setup);
});
after(async () => {
  await setup?.close();
});
beforeEach(() => {
  sandbox.reset();
  // The registrar's handles point at the default handle, recreated with the same name by reset.
  assert.equal(sandbox.defaultHandle, 'SR100001-NL');
});

const bodies = (route: string) => sandbox.journal({ route }).map((e) => e.body as Record<string, unknown>);
const extensionData = (handle: string) => sandbox.customer(handle)?.data.extension_additional_data;

describe('trades: TLD data where Openprovider lists it', () => {
  it('.it: registrant data on the new owner handle, acceptances in additional_data; both lists asked', async () => {
    sandbox.seedDomain({ domain: 'pizza-trade.it', nameservers: NS });
    const { handle } = await registrar.ensureContact(PERSON);
    const changer = registrar.registrantChanger();
    const answer = await changer.tradeDomain({
      domain: 'pizza-trade.it',
      registrant: { handle },
      extras: IT_EXTRAS,
      confirmation: 'registry',
    });
    assert.equal(answer.state, 'completed');
    assert.equal(sandbox.domain('pizza-trade.it')?.handles.owner, handle);
    assert.deepEqual(extensionData(handle), [
      { name: 'it', data: { reg_code: IT_EXTRAS.pin, entity_type: '1', consent_for_publishing: '1' } },
    ]);
    const [trade] = bodies(TRADE);
    assert.deepEqual(trade?.additional_data, {
      accept_section_3: '1',
      accept_section_5: '1',
      accept_section_6: '1',
      accept_section_7: '1',
    });
    const lookups = sandbox.journal().filter((e) => e.route.startsWith('GET /v1beta/domains/additional-data'));
    assert.deepEqual(lookups.map((e) => e.path).sort(), [
      '/v1beta/domains/additional-data/customers?domain.extension=it',
      '/v1beta/domains/additional-data?domain.extension=it&operation=trade',
    ]);

    // Asked again (the answer was lost): the owner already is the new handle, nothing is sent.
    const again = await changer.tradeDomain({
      domain: 'pizza-trade.it',
      registrant: { handle },
      extras: IT_EXTRAS,
      confirmation: 'registry',
    });
    assert.deepEqual([again.state, again.alreadyRequested], ['completed', true]);
    assert.equal(sandbox.journal({ route: TRADE }).length, 1);
    assert.equal(sandbox.journal({ route: UPDATE_CUSTOMER }).length, 1);
  });

  it('.it: a missing acceptance or a value Openprovider does not list is refused naming it, before any write', async () => {
    sandbox.seedDomain({ domain: 'pizza-refused.it', nameservers: NS });
    const { handle } = await registrar.ensureContact(PERSON);
    const changer = registrar.registrantChanger();
    const { acceptSection7: _left, ...withoutSeven } = IT_EXTRAS;
    await assert.rejects(
      changer.tradeDomain({ domain: 'pizza-refused.it', registrant: { handle }, extras: withoutSeven, confirmation: 'registry' }), // prettier-ignore
      (e: unknown) => e instanceof RegistrarRejectedError && /additional_data\.accept_section_7/.test(e.message),
    );
    await assert.rejects(
      changer.tradeDomain({
        domain: 'pizza-refused.it',
        registrant: { handle },
        extras: { ...IT_EXTRAS, entityType: '9' },
        confirmation: 'registry',
      }),
      (e: unknown) => e instanceof RegistrarRejectedError && /extras\.entityType: .*entity_type 1, 2/.test(e.message),
    );
    assert.equal(sandbox.journal({ route: TRADE }).length, 0);
    assert.equal(sandbox.journal({ route: UPDATE_CUSTOMER }).length, 0);
    assert.equal(extensionData(handle), undefined);
  });

  it('the sandbox refuses a .it trade whose new owner handle lacks the .it registrant data', async () => {
    sandbox.seedDomain({ domain: 'pizza-bare.it', nameservers: NS });
    const { handle } = await registrar.ensureContact(PERSON);
    await assert.rejects(
      registrar.client.call('POST', '/domains/trade', z.unknown(), {
        body: {
          domain: { name: 'pizza-bare', extension: 'it' },
          owner_handle: handle,
          additional_data: {
            accept_section_3: '1',
            accept_section_5: '1',
            accept_section_6: '1',
            accept_section_7: '1',
          },
        },
      }),
      (e: unknown) =>
        e instanceof RegistrarRejectedError && /extension_additional_data\[it\]\.entity_type/.test(e.message),
    );
    assert.notEqual(sandbox.domain('pizza-bare.it')?.handles.owner, handle);
  });

  it('.se: the ID number on the handle (organisation: company_registration_number, person: social_security_number)', async () => {
    sandbox.seedDomain({ domain: 'berg.se', nameservers: NS });
    sandbox.seedDomain({ domain: 'rossi.se', nameservers: NS });
    const changer = registrar.registrantChanger();
    const company = (await registrar.ensureContact(COMPANY)).handle;
    const person = (await registrar.ensureContact(PERSON)).handle;
    // The person's handle already carries .it data: it stays.
    await registrar.client.call('PUT', `/customers/${person}`, z.unknown(), {
      body: { extension_additional_data: [{ name: 'it', data: { entity_type: '1', reg_code: IT_EXTRAS.pin } }] },
    });
    for (const [domain, handle, idNumber] of [
      ['berg.se', company, '556677-8899'],
      ['rossi.se', person, '19800101-1234'],
    ] as const) {
      const answer = await changer.tradeDomain({ domain, registrant: { handle }, extras: { idNumber }, confirmation: 'registry' }); // prettier-ignore
      assert.equal(answer.state, 'completed');
    }
    assert.deepEqual(extensionData(company), [{ name: 'se', data: { company_registration_number: '556677-8899' } }]);
    assert.deepEqual(extensionData(person), [
      { name: 'it', data: { entity_type: '1', reg_code: IT_EXTRAS.pin } },
      { name: 'se', data: { social_security_number: '19800101-1234' } },
    ]);
    for (const body of bodies(TRADE)) assert.equal(body.additional_data, undefined, 'no .se field on the domain');
  });
});

describe('owner updates: only fields UpdateDomainRequest declares', () => {
  it('.ca: no additional_data.legal_type on PUT; the same legal type passes, another is refused before the PUT', async () => {
    const owner = (await registrar.ensureContact(COMPANY)).handle;
    const handles = { owner: { handle: owner }, admin: { handle: owner }, tech: { handle: owner }, billing: { handle: owner } }; // prettier-ignore
    await registrar.register({ domain: 'unregistered-maple.ca', periodYears: 1, nameservers: NS, contacts: handles, extras: { legalType: 'CCO' } }); // prettier-ignore
    const next = (await registrar.ensureContact({ ...COMPANY, email: 'sven@berg.example' })).handle;
    assert.equal(next, owner, 'same person and company: the handle is updated, not replaced');
    const other = (await registrar.ensureContact({ ...COMPANY, firstName: 'Anna' })).handle;
    const changer = registrar.registrantChanger();

    await changer.updateOwner({ domain: 'unregistered-maple.ca', registrant: { handle: other }, extras: { legalType: 'CCO' } }); // prettier-ignore
    assert.deepEqual(bodies(UPDATE), [{ owner_handle: other }]);
    assert.equal(sandbox.domain('unregistered-maple.ca')?.handles.owner, other);
    assert.deepEqual(sandbox.domain('unregistered-maple.ca')?.additionalData, { legal_type: 'CCO' });

    await assert.rejects(
      changer.updateOwner({ domain: 'unregistered-maple.ca', registrant: { handle: owner }, extras: { legalType: 'CCT' } }), // prettier-ignore
      (e: unknown) =>
        e instanceof RegistrarRejectedError && /extras\.legalType: legal_type "CCT" cannot be changed/.test(e.message),
    );
    assert.equal(sandbox.journal({ route: UPDATE }).length, 1);
  });

  it('the sandbox refuses fields the update schema does not declare, naming them', async () => {
    sandbox.seedDomain({ domain: 'strict.com', nameservers: NS });
    const id = sandbox.domain('strict.com')!.id;
    const put = (body: unknown) => registrar.client.call('PUT', `/domains/${id}`, z.unknown(), { body });
    await assert.rejects(put({ additional_data: { legal_type: 'CCO' } }), /399 .*body\.additional_data\.legal_type: not declared/); // prettier-ignore
    await assert.rejects(put({ autorenw: 'off' }), /399 .*body\.autorenw: not declared/);
    await put({ additional_data: { vat: 'HU12345678' }, comments: 'declared and kept' });
    assert.equal(sandbox.domain('strict.com')?.additionalData?.vat, 'HU12345678');
    // A declared field the sandbox does not simulate is refused, naming it, rather than dropped.
    await assert.rejects(put({ ns_group: 'dns-openprovider' }), /399 .*body\.ns_group: declared by the API but not simulated/); // prettier-ignore
  });
});

describe('name_servers on PUT: merged, unless remove_nses deletes the existing ones', () => {
  it('without remove_nses the list is added; with it the list is the set; setNameservers replaces', async () => {
    sandbox.seedDomain({ domain: 'ns-semantics.com', nameservers: ['ns1.old.example', 'ns2.old.example'] });
    const id = sandbox.domain('ns-semantics.com')!.id;
    const put = (body: unknown) => registrar.client.call('PUT', `/domains/${id}`, z.unknown(), { body });
    await put({ name_servers: [{ name: 'ns3.added.example', seq_nr: 0 }] });
    assert.deepEqual(sandbox.domain('ns-semantics.com')?.nameservers, ['ns1.old.example', 'ns2.old.example', 'ns3.added.example']); // prettier-ignore
    await put({ name_servers: [{ name: 'ns4.only.example', seq_nr: 0 }], remove_nses: true });
    assert.deepEqual(sandbox.domain('ns-semantics.com')?.nameservers, ['ns4.only.example']);

    await registrar.setNameservers('ns-semantics.com', NS);
    assert.deepEqual(sandbox.domain('ns-semantics.com')?.nameservers, NS);
    assert.deepEqual((await registrar.getDomain('ns-semantics.com'))?.nameservers, NS);
    assert.equal(bodies(UPDATE).at(-1)?.remove_nses, true);
  });
});

describe('transfers', () => {
  it('are ordered with autorenew off: the reseller-wide auto-renewal never renews them', async () => {
    sandbox.setResellerAutorenew(true);
    sandbox.seedExternalDomain({ domain: 'moving-in.com', authCode: 'Code-1', nameservers: NS });
    await registrar.requestTransfer({ domain: 'moving-in.com', authCode: 'Code-1' });
    assert.equal(bodies(TRANSFER)[0]?.autorenew, 'off');
    sandbox.approveTransfer('moving-in.com');
    assert.equal(sandbox.domain('moving-in.com')?.autorenew, 'off');
    const expiry = (await registrar.getDomain('moving-in.com'))!.expiresAt!;
    sandbox.advanceClock(Date.parse(expiry) - sandbox.now().getTime() + 86_400_000);
    await registrar.getDomain('moving-in.com');
    assert.deepEqual(
      sandbox.charges({ domain: 'moving-in.com' }).map((c) => c.kind),
      ['transfer'],
      'Openprovider did not renew it on its own',
    );
  });
});

describe('OpenAPI: the additional-data routes and the declared field lists', () => {
  const keys = (file: string, name: string) => definitionProperties(file, name);

  it('the sandbox declares exactly the schemas of the OpenAPI files', () => {
    assert.deepEqual([...UPDATE_DOMAIN_FIELDS].sort(), keys('domain.swagger.json', 'domainUpdateDomainRequest'));
    assert.deepEqual(
      [...UPDATE_ADDITIONAL_DATA_FIELDS].sort(),
      keys('domain.swagger.json', 'domainUpdateAdditionalData'),
    );
    assert.deepEqual([...DOMAIN_ADDITIONAL_DATA_FIELDS].sort(), keys('domain.swagger.json', 'domainAdditionalData'));
    assert.deepEqual(
      [...CUSTOMER_EXTENSION_DATA_FIELDS].sort(),
      keys('reseller-customer.swagger.json', 'customerExtensionData'),
    );
    assert.ok(
      !keys('domain.swagger.json', 'domainUpdateAdditionalData').includes('legal_type'),
      'the premise of the .ca fix',
    );
  });

  it('GET /domains/additional-data[/customers] answer in the swagger shape', async () => {
    const login = await fetch(`${sandbox.baseUrl}/v1beta/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SANDBOX_OPENPROVIDER_CREDENTIALS),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const get = async (path: string) =>
      (await (await fetch(`${sandbox.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        code: number;
        data: Array<{ name: string; required: boolean }>;
      };
    const problems: string[] = [];
    for (const [path, route] of [
      ['/v1beta/domains/additional-data?domain.extension=it&operation=trade', '/v1beta/domains/additional-data'],
      ['/v1beta/domains/additional-data/customers?domain.extension=it', '/v1beta/domains/additional-data/customers'],
      ['/v1beta/domains/additional-data/customers?domain.extension=se', '/v1beta/domains/additional-data/customers'],
      ['/v1beta/domains/additional-data?domain.extension=ca&operation=update', '/v1beta/domains/additional-data'],
    ] as const) {
      const json = await get(path);
      assert.equal(json.code, 0, path);
      problems.push(...responseProblems('GET', route, json).map((p) => `${path} ${p}`));
      // Customer-level names are customerExtensionData's where the OpenAPI file has them (.se).
      if (path.endsWith('/customers?domain.extension=se')) {
        assert.deepEqual(
          json.data.map((spec) => spec.name),
          ['company_registration_number', 'social_security_number'],
        );
        for (const spec of json.data)
          assert.ok(keys('reseller-customer.swagger.json', 'customerExtensionData').includes(spec.name));
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual((await get('/v1beta/domains/additional-data?domain.extension=ca&operation=update')).data, []);
  });
});
