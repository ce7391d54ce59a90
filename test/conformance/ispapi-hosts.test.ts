/**
 * The ISPAPI sandbox's host objects against HEXONET's reference (DOMAIN/NAMESERVER pages):
 * AddNameserver, ModifyNameserver, DeleteNameserver, StatusNameserver, CheckNameserver over HTTP,
 * each answer's properties checked against the page (./property-check), and the rules the pages
 * state: the parent domain must be in the account (AVAILABILITY), a host a domain uses is not
 * deleted (532, NOTES) unless FORCE=1, IPADDRESSn replaces every address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkProperties } from './property-check';

const NS = ['ns1.example.net', 'ns2.example.net'];

describe('ISPAPI sandbox: host objects per the reference', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
    h.sandbox.seedDomain({ domain: 'hosts-owner.com', nameservers: NS });
    h.sandbox.seedDomain({ domain: 'hosts-user.net', nameservers: NS });
  });
  after(async () => h?.close());

  it('AddNameserver: 200 with CREATEDDATE and HOST, as the page lists', async () => {
    const r = await h.client.send({
      COMMAND: 'AddNameserver',
      NAMESERVER: 'ns1.hosts-owner.com',
      IPADDRESS: ['1.2.3.4', '2A00:1450::1'],
    });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(r.properties.HOST, ['ns1.hosts-owner.com']);
    assert.deepEqual(checkProperties('AddNameserver', r.properties), []);
  });

  it('AddNameserver again: 540 (not unique); without an address: 504; outside the account: 531', async () => {
    const again = await h.client.send({
      COMMAND: 'AddNameserver',
      NAMESERVER: 'ns1.hosts-owner.com',
      IPADDRESS: ['1.2.3.5'],
    });
    assert.equal(again.code, 540);
    const none = await h.client.send({ COMMAND: 'AddNameserver', NAMESERVER: 'ns2.hosts-owner.com' });
    assert.equal(none.code, 504);
    const foreign = await h.client.send({
      COMMAND: 'AddNameserver',
      NAMESERVER: 'ns1.not-ours.com',
      IPADDRESS: ['1.2.3.4'],
    });
    assert.equal(foreign.code, 531);
    assert.match(foreign.description, /parent domain/);
    const badIp = await h.client.send({
      COMMAND: 'AddNameserver',
      NAMESERVER: 'ns3.hosts-owner.com',
      IPADDRESS: ['1.2.3'],
    });
    assert.equal(badIp.code, 505);
  });

  it('StatusNameserver: every Min 1 property, addresses in canonical form; 545 for an unknown host', async () => {
    const r = await h.client.call({ COMMAND: 'StatusNameserver', NAMESERVER: 'ns1.hosts-owner.com' });
    assert.deepEqual(checkProperties('StatusNameserver', r.properties), []);
    assert.deepEqual(r.properties.IPADDRESS, ['1.2.3.4', '2a00:1450::1']);
    assert.deepEqual(r.properties.DOMAIN, ['hosts-owner.com']);
    const unknown = await h.client.send({ COMMAND: 'StatusNameserver', NAMESERVER: 'ns9.hosts-owner.com' });
    assert.equal(unknown.code, 545);
  });

  it('StatusDomain lists the hosts under the domain (HOST)', async () => {
    const r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: 'hosts-owner.com', HOSTTYPE: 'OBJECT' });
    assert.deepEqual(r.properties.HOST, ['ns1.hosts-owner.com']);
    assert.deepEqual(checkProperties('StatusDomain', r.properties), []);
  });

  it('ModifyNameserver: IPADDRESSn replaces all, ADD/DELIPADDRESSn change one; NEWNAMESERVER refused (549)', async () => {
    const set = await h.client.send({
      COMMAND: 'ModifyNameserver',
      NAMESERVER: 'ns1.hosts-owner.com',
      IPADDRESS: ['5.6.7.8'],
    });
    assert.equal(set.code, 200, set.description);
    assert.deepEqual(set.properties, {}, 'the page: no properties are returned');
    let status = await h.client.call({ COMMAND: 'StatusNameserver', NAMESERVER: 'ns1.hosts-owner.com' });
    assert.deepEqual(status.properties.IPADDRESS, ['5.6.7.8']);
    await h.client.call({
      COMMAND: 'ModifyNameserver',
      NAMESERVER: 'ns1.hosts-owner.com',
      ADDIPADDRESS: ['5.6.7.9'],
      DELIPADDRESS: ['5.6.7.8'],
    });
    status = await h.client.call({ COMMAND: 'StatusNameserver', NAMESERVER: 'ns1.hosts-owner.com' });
    assert.deepEqual(status.properties.IPADDRESS, ['5.6.7.9']);
    const rename = await h.client.send({
      COMMAND: 'ModifyNameserver',
      NAMESERVER: 'ns1.hosts-owner.com',
      NEWNAMESERVER: 'ns5.hosts-owner.com',
    });
    assert.equal(rename.code, 549);
    const unknown = await h.client.send({
      COMMAND: 'ModifyNameserver',
      NAMESERVER: 'ns9.hosts-owner.com',
      IPADDRESS: ['5.6.7.8'],
    });
    assert.equal(unknown.code, 545);
  });

  it('CheckNameserver: 213 with REASON for an existing host, 212 for a free name', async () => {
    const taken = await h.client.send({ COMMAND: 'CheckNameserver', NAMESERVER: 'ns1.hosts-owner.com' });
    assert.equal(taken.code, 213);
    assert.deepEqual(checkProperties('CheckNameserver', taken.properties), []);
    const free = await h.client.send({ COMMAND: 'CheckNameserver', NAMESERVER: 'ns7.hosts-owner.com' });
    assert.equal(free.code, 212);
  });

  it('DeleteNameserver: 532 while a domain uses the host (naming it), 200 once none does', async () => {
    await h.client.call({
      COMMAND: 'ModifyDomain',
      DOMAIN: 'hosts-user.net',
      NAMESERVER: ['ns1.hosts-owner.com', NS[0]],
    });
    const refused = await h.client.send({ COMMAND: 'DeleteNameserver', NAMESERVER: 'ns1.hosts-owner.com' });
    assert.equal(refused.code, 532);
    assert.match(refused.description, /^Domain names linked with name server; .*hosts-user\.net/);
    await h.client.call({ COMMAND: 'ModifyDomain', DOMAIN: 'hosts-user.net', NAMESERVER: NS });
    const done = await h.client.send({ COMMAND: 'DeleteNameserver', NAMESERVER: 'ns1.hosts-owner.com' });
    assert.equal(done.code, 200, done.description);
    assert.deepEqual(done.properties, {});
    const gone = await h.client.send({ COMMAND: 'DeleteNameserver', NAMESERVER: 'ns1.hosts-owner.com' });
    assert.equal(gone.code, 545);
  });

  it('DeleteNameserver FORCE=1 deletes a host in use (the page: domains may stop resolving)', async () => {
    await h.client.call({ COMMAND: 'AddNameserver', NAMESERVER: 'ns2.hosts-owner.com', IPADDRESS: ['1.2.3.4'] });
    await h.client.call({
      COMMAND: 'ModifyDomain',
      DOMAIN: 'hosts-user.net',
      NAMESERVER: ['ns2.hosts-owner.com', NS[0]],
    });
    const forced = await h.client.send({ COMMAND: 'DeleteNameserver', NAMESERVER: 'ns2.hosts-owner.com', FORCE: 1 });
    assert.equal(forced.code, 200, forced.description);
  });
});
