import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setNameservers, setTransferLock, updateContact } from '../../src/client/domain-changes';
import { getDomainEntity } from '../../src/client/domain';
import { startRegistration } from '../../src/client/register';
import type { Contact } from '../../src/domain/contact';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { createOpenproviderPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';

const NS = ['ns1.example.net', 'ns2.example.net'];
const person = (lastName: string, email: string): Contact => ({
  firstName: 'Ruud',
  lastName,
  street: ['Keizersgracht 100'],
  city: 'Amsterdam',
  postalCode: '1015 AA',
  countryCode: 'NL',
  phone: '+31.201234567',
  email,
});

/** The `domain` entity's change Updates against the Openprovider sandbox (real dev server, real HTTP). */
describe('domain entity change Updates (Openprovider sandbox)', () => {
  let p: PortfolioEnv<OpenproviderSandbox>;
  const opts = () => ({ taskQueue: p.taskQueue });
  const target = (domain: string) => ({ domain, registrar: 'openprovider' as const });
  const routeCalls = (route: string, domain?: string) =>
    p.sandbox.journal({ route, ...(domain ? { domain } : {}) }).length;

  before(async () => {
    p = await createOpenproviderPortfolioEnv({ name: 'opchanges' });
  });
  after(async () => {
    await p?.teardown();
  });

  it('sets nameservers (PUT /domains/{id}, read back) on a domain never imported; a repeated requestId sends nothing', async () => {
    const domain = 'opchanges-ns.com';
    p.sandbox.seedDomain({ domain, nameservers: NS });
    const wanted = ['ns1.dnsprovider.example', 'ns2.dnsprovider.example', 'ns3.dnsprovider.example'];
    const first = await setNameservers(p.env.client, target(domain), { nameservers: wanted, requestId: 'r1' }, opts());
    assert.deepEqual(first, { domain, changed: true, nameservers: wanted, requestId: 'r1' });
    assert.deepEqual(p.sandbox.domain(domain)?.nameservers, wanted);
    const puts = routeCalls('PUT /v1beta/domains/{id}');
    const calls = p.sandbox.journal().length;
    assert.deepEqual(
      await setNameservers(p.env.client, target(domain), { nameservers: wanted, requestId: 'r1' }, opts()),
      first,
    );
    assert.equal(p.sandbox.journal().length, calls, 'a repeated requestId reaches no registrar');
    assert.equal((await setNameservers(p.env.client, target(domain), { nameservers: wanted }, opts())).changed, false);
    assert.equal(routeCalls('PUT /v1beta/domains/{id}'), puts, 'already so: nothing written');
  });

  it('turns the lock on and off, read back', async () => {
    const domain = 'opchanges-lock.com';
    p.sandbox.seedDomain({ domain, nameservers: NS, transferLock: false });
    assert.equal((await setTransferLock(p.env.client, target(domain), { locked: true }, opts())).changed, true);
    assert.equal(p.sandbox.domain(domain)?.transferLock, true);
    assert.equal((await setTransferLock(p.env.client, target(domain), { locked: false }, opts())).changed, true);
    assert.equal(p.sandbox.domain(domain)?.transferLock, false);
    const locks = (await getDomainEntity(p.env.client, domain)).recentChanges.filter((c) => c.kind === 'transfer-lock');
    assert.deepEqual(
      locks.map((c) => [c.from, c.to]),
      [
        [false, true],
        [true, false],
      ],
    );
  });

  it('updates the tech contact through a customer handle, read back; the other roles keep theirs', async () => {
    const domain = 'opchanges-tech.com';
    p.sandbox.seedDomain({ domain, nameservers: NS });
    const owner = p.sandbox.domain(domain)!.handles.owner;
    const tech = person('Techman', 'ruud@tech.example');
    const result = await updateContact(p.env.client, target(domain), { role: 'tech', contact: tech }, opts());
    assert.equal(result.via, 'update');
    assert.ok(result.handle && result.handle !== owner);
    assert.deepEqual(p.sandbox.domain(domain)?.handles, { owner, admin: owner, tech: result.handle, billing: owner });
    assert.equal(p.sandbox.customer(result.handle)?.data.email, 'ruud@tech.example');
    const again = await updateContact(p.env.client, target(domain), { role: 'tech', contact: tech }, opts());
    assert.deepEqual([again.changed, again.handle], [false, result.handle]);
  });

  it('two orders for the same new person at once create one handle', async () => {
    const domains = ['opchanges-twin1.com', 'opchanges-twin2.com', 'opchanges-twin3.com'];
    for (const domain of domains) p.sandbox.seedDomain({ domain, nameservers: NS });
    const twin = person('Tweeling', 'ruud@twins.example');
    const before = routeCalls('POST /v1beta/customers');
    const results = await Promise.all(
      domains.map((domain) => updateContact(p.env.client, target(domain), { role: 'admin', contact: twin }, opts())),
    );
    assert.equal(new Set(results.map((r) => r.handle)).size, 1, 'every domain got the same handle');
    assert.equal(routeCalls('POST /v1beta/customers') - before, 1, 'one customer created');
    assert.equal(p.sandbox.customers({ lastName: 'Tweeling' }).length, 1);
    for (const domain of domains) assert.equal(p.sandbox.domain(domain)?.handles.admin, results[0]!.handle);
  });

  it('two registrations at once for the same new owner create one handle (ensureContacts through contactHandle)', async () => {
    const owner = person('Nieuwkomer', 'ruud@nieuw.example');
    const before = routeCalls('POST /v1beta/customers');
    const results = await Promise.all(
      ['new-opchanges-a.com', 'new-opchanges-b.com'].map(async (domain) => {
        const started = await startRegistration(
          p.env.client,
          { domain, registrar: 'openprovider', contacts: { owner }, nameservers: NS },
          opts(),
        );
        return started.handle.result();
      }),
    );
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['registered', 'registered'],
    );
    assert.equal(routeCalls('POST /v1beta/customers') - before, 1, 'one customer for both orders');
    const handle = p.sandbox.domain('new-opchanges-a.com')!.handles.owner;
    assert.equal(p.sandbox.domain('new-opchanges-b.com')!.handles.owner, handle);
  });
});
