import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { setNameservers, setTransferLock, updateContact } from '../../src/client/domain-changes';
import { getDomainEntity } from '../../src/client/domain';
import { domainWorkflowId, setNameserversUpdate, updateContactUpdate } from '../../src/contracts';
import type { Contact } from '../../src/domain/contact';
import { ValidationError } from '../../src/domain/validation';
import { createPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';
import { rejectsWith } from '../helpers/temporal';

const NS = ['ns1.example.net', 'ns2.example.net'];
const OWNER_FIELDS = {
  FIRSTNAME: 'Jo',
  LASTNAME: 'Jansen',
  ORGANIZATION: 'Jansen BV',
  STREET: 'Keizersgracht 100',
  CITY: 'Amsterdam',
  ZIP: '1015 AA',
  COUNTRY: 'NL',
  PHONE: '+31.201234567',
  EMAIL: 'jo@jansen.example',
};
const OWNER: Contact = {
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
const TECH: Contact = {
  ...OWNER,
  firstName: 'Tess',
  lastName: 'Tech',
  organisation: undefined,
  email: 'tess@ops.example',
};

/** The `domain` entity's change Updates against the ISPAPI sandbox (real dev server, real HTTP). */
describe('domain entity change Updates (ISPAPI sandbox)', () => {
  let p: PortfolioEnv;
  const opts = () => ({ taskQueue: p.taskQueue });
  const target = (domain: string) => ({ domain, registrar: 'ispapi' as const });
  const seed = (domain: string, extra: { transferLock?: boolean } = {}) =>
    p.sandbox.seedDomain({ domain, nameservers: NS, owner: OWNER_FIELDS, ...extra });
  const calls = (command: string, domain?: string) =>
    p.sandbox.journal({ command, ...(domain ? { domain } : {}) }).length;

  before(async () => {
    p = await createPortfolioEnv({ name: 'changes' });
  });
  after(async () => {
    await p?.teardown();
  });

  it('sets nameservers on a domain never imported (update-with-start), read back, recorded, once per requestId', async () => {
    const domain = 'changes-ns.com';
    seed(domain);
    const wanted = ['ns1.dnsprovider.example', 'NS2.dnsprovider.example.'];
    const first = await setNameservers(
      p.env.client,
      target(domain),
      { nameservers: wanted, requestId: 'crm-1' },
      opts(),
    );
    assert.deepEqual(first, {
      domain,
      changed: true,
      nameservers: ['ns1.dnsprovider.example', 'ns2.dnsprovider.example'],
      requestId: 'crm-1',
    });
    assert.deepEqual(p.sandbox.domain(domain)?.nameservers, ['ns1.dnsprovider.example', 'ns2.dnsprovider.example']);
    assert.equal(calls('ModifyDomain', domain), 1);

    // The same request again (a retrying caller): the first answer, no registrar call at all.
    const before = p.sandbox.journal().length;
    const again = await setNameservers(
      p.env.client,
      target(domain),
      { nameservers: wanted, requestId: 'crm-1' },
      opts(),
    );
    assert.deepEqual(again, first);
    assert.equal(p.sandbox.journal().length, before, 'a repeated requestId reaches no registrar');

    // The same wish under a new id: read, found as wished, nothing written.
    const same = await setNameservers(p.env.client, target(domain), { nameservers: wanted }, opts());
    assert.equal(same.changed, false);
    assert.equal(calls('ModifyDomain', domain), 1);

    const view = await getDomainEntity(p.env.client, domain);
    const recorded = view.recentChanges.filter((c) => c.kind === 'nameservers');
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]!.from, 'ns1.example.net ns2.example.net');
    assert.equal(recorded[0]!.to, 'ns1.dnsprovider.example ns2.dnsprovider.example');
    assert.equal(recorded[0]!.source, 'update');
    assert.match(recorded[0]!.eventId ?? '', /^changes-ns\.com:domain\.nameservers-changed:/);
    assert.deepEqual(view.facts.nameservers, ['ns1.dnsprovider.example', 'ns2.dnsprovider.example']);
  });

  it('serialises concurrent Updates: each reads what the one before it left', async () => {
    const domain = 'changes-concurrent.com';
    seed(domain);
    const a = ['ns1.a.example', 'ns2.a.example'];
    const b = ['ns1.b.example', 'ns2.b.example'];
    const results = await Promise.all([
      setNameservers(p.env.client, target(domain), { nameservers: a, requestId: 'a' }, opts()),
      setNameservers(p.env.client, target(domain), { nameservers: b, requestId: 'b' }, opts()),
      setTransferLock(p.env.client, target(domain), { locked: true, requestId: 'lock' }, opts()),
    ]);
    assert.ok(results.every((r) => r.changed));
    const changes = (await getDomainEntity(p.env.client, domain)).recentChanges.filter((c) => c.kind === 'nameservers');
    assert.equal(changes.length, 2);
    // Run side by side, both would have read the seeded servers; one after the other, the second
    // starts from the first one's result.
    assert.equal(changes[0]!.from, NS.join(' '));
    assert.equal(changes[1]!.from, changes[0]!.to);
    assert.deepEqual(p.sandbox.domain(domain)?.nameservers, changes[1]!.to!.toString().split(' '));
    assert.equal(p.sandbox.domain(domain)?.transferLock, true);
  });

  it('refuses invalid input naming the field, before any registrar call', async () => {
    const domain = 'changes-invalid.com';
    seed(domain);
    await setTransferLock(p.env.client, target(domain), { locked: false }, opts()); // the entity exists now
    const handle = p.env.client.workflow.getHandle(domainWorkflowId(domain));
    const before = p.sandbox.journal().length;
    const refused = await rejectsWith(
      handle.executeUpdate(setNameserversUpdate, { args: [{ nameservers: ['ns1.example.net', 'NS1.example.net.'] }] }),
      WorkflowUpdateFailedError,
    );
    assert.match(String(refused.cause?.message), /nameservers: must not repeat a nameserver/);
    const one = await rejectsWith(
      handle.executeUpdate(setNameserversUpdate, { args: [{ nameservers: ['ns1.example.net'] }] }),
      WorkflowUpdateFailedError,
    );
    assert.match(String(one.cause?.message), /nameservers: must list 2 to 13 nameservers/);
    const contact = await rejectsWith(
      handle.executeUpdate(updateContactUpdate, {
        args: [{ role: 'tech', contact: { ...TECH, email: 'not-an-address' } }],
      }),
      WorkflowUpdateFailedError,
    );
    assert.match(String(contact.cause?.message), /contact\.email: must be an e-mail address/);
    const role = await rejectsWith(
      handle.executeUpdate(updateContactUpdate, { args: [{ role: 'boss', contact: TECH } as never] }),
      WorkflowUpdateFailedError,
    );
    assert.match(String(role.cause?.message), /role: must be one of owner, admin, tech, billing/);
    // The client library refuses it before Temporal is asked.
    await rejectsWith(
      setNameservers(p.env.client, target(domain), { nameservers: ['ns1.example.net', 'bad..host'] }, opts()),
      ValidationError,
      /nameservers\.1: must not have an empty label/,
    );
    assert.equal(p.sandbox.journal().length, before, 'no registrar call for an invalid request');
  });

  it('turns the lock on and off, read back; a domain not in the account is refused by name', async () => {
    const domain = 'changes-lock.com';
    seed(domain, { transferLock: false });
    const on = await setTransferLock(p.env.client, target(domain), { locked: true }, opts());
    assert.deepEqual({ ...on, requestId: 'x' }, { domain, changed: true, locked: true, requestId: 'x' });
    assert.equal(p.sandbox.domain(domain)?.transferLock, true);
    assert.equal((await setTransferLock(p.env.client, target(domain), { locked: true }, opts())).changed, false);
    assert.equal(calls('ModifyDomain', domain), 1);
    const off = await setTransferLock(p.env.client, target(domain), { locked: false }, opts());
    assert.equal(off.changed, true);
    assert.equal(p.sandbox.domain(domain)?.transferLock, false);

    const missing = await rejectsWith(
      setTransferLock(p.env.client, target('changes-not-ours.com'), { locked: true }, opts()),
      WorkflowUpdateFailedError,
    );
    assert.equal((missing.cause as { type?: string }).type, 'DomainNotInAccount');
    assert.match(String(missing.cause?.message), /changes-not-ours\.com is not in the ispapi account/);
  });

  it('updates a role contact through one handle (AddContact, ModifyDomain), read back; a repeat changes nothing', async () => {
    const domain = 'changes-contact.com';
    seed(domain);
    const result = await updateContact(
      p.env.client,
      target(domain),
      { role: 'tech', contact: TECH, requestId: 't-1' },
      opts(),
    );
    assert.equal(result.via, 'update');
    assert.equal(result.changed, true);
    assert.ok(result.handle);
    assert.equal(p.sandbox.domain(domain)?.contacts.tech, result.handle);
    assert.equal(p.sandbox.contact(result.handle!)?.EMAIL, 'tess@ops.example');
    assert.equal(
      p.sandbox.domain(domain)?.contacts.owner,
      p.sandbox.domain(domain)?.contacts.admin,
      'other roles untouched',
    );
    assert.equal(calls('AddContact'), 1);
    const again = await updateContact(p.env.client, target(domain), { role: 'tech', contact: TECH }, opts());
    assert.deepEqual([again.changed, again.handle], [false, result.handle]);
    assert.equal(calls('ModifyDomain', domain), 1);
    const change = (await getDomainEntity(p.env.client, domain)).recentChanges.find((c) => c.kind === 'contact');
    assert.equal(change?.role, 'tech');
    assert.equal(change?.to, result.handle);
    assert.match(change?.eventId ?? '', /:domain\.contact-changed:/);
  });

  it('an owner change that is not material is a plain update; a material one starts changeRegistrant', async () => {
    const domain = 'changes-owner.com';
    seed(domain);
    const moved = { ...OWNER, street: ['Herengracht 1'], phone: '+31.209999999' };
    const plain = await updateContact(p.env.client, target(domain), { role: 'owner', contact: moved }, opts());
    assert.equal(plain.via, 'update');
    assert.equal(p.sandbox.contact(p.sandbox.domain(domain)!.contacts.owner)?.STREET, 'Herengracht 1');
    assert.equal(calls('TradeDomain', domain), 0);

    const sold = {
      ...moved,
      firstName: 'Kim',
      lastName: 'Koper',
      organisation: 'Koper NV',
      email: 'kim@koper.example',
    };
    const material = await updateContact(p.env.client, target(domain), { role: 'owner', contact: sold }, opts());
    assert.deepEqual(
      { via: material.via, id: material.changeRegistrantWorkflowId, handle: material.handle },
      { via: 'changeRegistrant', id: `registrant-change:${domain}`, handle: undefined },
    );
    const outcome = await p.env.client.workflow.getHandle(material.changeRegistrantWorkflowId!).result();
    assert.equal(outcome.outcome, 'completed');
    assert.equal(p.sandbox.contact(p.sandbox.domain(domain)!.contacts.owner)?.LASTNAME, 'Koper');
  });
});
