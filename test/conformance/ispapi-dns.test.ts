/**
 * The ISPAPI sandbox's DNS zones against HEXONET's reference (DOMAIN/DNSZONE pages): CreateDNSZone,
 * StatusDNSZone, QueryDNSZoneRRList, UpdateDNSZone, DeleteDNSZone over HTTP, each answer's
 * properties checked against the page (./property-check), every code one the page lists, and the
 * rules the pages state: a zone name is unique (540), a zone for a domain outside the account needs
 * EXTERNAL=1, the serial rises on every update, a duplicate record is 541, forwarding records need
 * EXTENDED=1, a refused update changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Command } from '../../src/registrars/ispapi/wire';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkCode, checkProperties } from './property-check';

const NS = ['ns1.example.net', 'ns2.example.net'];
const ZONE = 'dns-owner.com';

describe('ISPAPI sandbox: DNS zones per the reference', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
    h.sandbox.seedDomain({ domain: ZONE, nameservers: NS });
  });
  after(async () => h?.close());

  const send = async (command: Command) => {
    const r = await h.client.send(command);
    assert.deepEqual(checkCode(command.COMMAND, r.code), [], `${command.COMMAND}: ${r.code} ${r.description}`);
    return r;
  };
  const rrs = async (): Promise<string[]> =>
    (await send({ COMMAND: 'QueryDNSZoneRRList', DNSZONE: ZONE, EXTENDED: 1 })).properties.RR ?? [];

  it('CreateDNSZone: 200 without properties; the zone holds the SOA and ns1-3.ispapi.net', async () => {
    const r = await send({ COMMAND: 'CreateDNSZone', DNSZONE: `${ZONE}.` });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(checkProperties('CreateDNSZone', r.properties), []);
    const list = await rrs();
    assert.match(list[0]!, /^dns-owner\.com\. 3600 IN SOA ns1\.ispapi\.net\. hostmaster\.dns-owner\.com\. 1 /);
    assert.deepEqual(
      list.slice(1),
      [1, 2, 3].map((i) => `dns-owner.com. 3600 IN NS ns${i}.ispapi.net.`),
    );
  });

  it('CreateDNSZone again: 540; outside the account without EXTERNAL=1: 541, with it: 200', async () => {
    assert.equal((await send({ COMMAND: 'CreateDNSZone', DNSZONE: ZONE })).code, 540);
    const refused = await send({ COMMAND: 'CreateDNSZone', DNSZONE: 'not-ours.com' });
    assert.equal(refused.code, 541);
    assert.match(refused.description, /EXTERNAL=1/);
    assert.equal((await send({ COMMAND: 'CreateDNSZone', DNSZONE: 'not-ours.com', EXTERNAL: 1 })).code, 200);
    assert.equal((await send({ COMMAND: 'DeleteDNSZone', DNSZONE: 'not-ours.com' })).code, 200);
  });

  it('UpdateDNSZone: ADDRR and DELRR in one call, SOASERIAL answered and raised by one each time', async () => {
    const r = await send({
      COMMAND: 'UpdateDNSZone',
      DNSZONE: ZONE,
      ADDRR: ['@ 300 IN A 192.0.2.1', 'www IN CNAME @', '@ IN MX 10 mail', 'mail IN A 192.0.2.2'],
    });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(r.properties.SOASERIAL, ['2']);
    assert.deepEqual(checkProperties('UpdateDNSZone', r.properties), []);
    const r2 = await send({
      COMMAND: 'UpdateDNSZone',
      DNSZONE: ZONE,
      DELRR: ['mail.dns-owner.com. 3600 IN A 192.0.2.2'],
      ADDRR: ['mail.dns-owner.com. 3600 IN A 192.0.2.3'],
    });
    assert.deepEqual(r2.properties.SOASERIAL, ['3']);
    assert.ok((await rrs()).includes('mail.dns-owner.com. 3600 IN A 192.0.2.3'));
  });

  it('UpdateDNSZone refusals change nothing: 541 duplicate, 541 CNAME beside a record, 505 bad RR, 545 unknown DELRR', async () => {
    const before = await rrs();
    const duplicate = await send({ COMMAND: 'UpdateDNSZone', DNSZONE: ZONE, ADDRR: ['@ 300 IN A 192.0.2.1'] });
    assert.equal(duplicate.code, 541);
    assert.match(duplicate.description, /duplicate record \[dns-owner\.com\. 300 IN A 192\.0\.2\.1\]/);
    const beside = await send({ COMMAND: 'UpdateDNSZone', DNSZONE: ZONE, ADDRR: ['www IN A 192.0.2.9'] });
    assert.equal(beside.code, 541);
    const bad = await send({ COMMAND: 'UpdateDNSZone', DNSZONE: ZONE, ADDRR: ['x IN A 192.0.2.999'] });
    assert.equal(bad.code, 505);
    assert.match(bad.description, /resource record \[x IN A 192\.0\.2\.999\]/);
    const gone = await send({
      COMMAND: 'UpdateDNSZone',
      DNSZONE: ZONE,
      ADDRR: ['new IN A 192.0.2.50'],
      DELRR: ['nothere IN A 192.0.2.51'],
    });
    assert.equal(gone.code, 545);
    assert.deepEqual(await rrs(), before, 'no refused call changed the zone (serial included)');
  });

  it('forwarding records (X-HTTP, X-SMTP) need EXTENDED=1 and are listed only in EXTENDED mode', async () => {
    const plain = await send({
      COMMAND: 'UpdateDNSZone',
      DNSZONE: ZONE,
      ADDRR: ['shop IN X-HTTP REDIRECT https://x.example/'],
    });
    assert.equal(plain.code, 505);
    assert.match(plain.description, /EXTENDED=1/);
    const ok = await send({
      COMMAND: 'UpdateDNSZone',
      DNSZONE: ZONE,
      EXTENDED: 1,
      ADDRR: ['shop IN X-HTTP REDIRECT https://x.example/', '@ IN X-SMTP info@ MAILFORWARD a@example.net'],
    });
    assert.equal(ok.code, 200, ok.description);
    const basic = await send({ COMMAND: 'QueryDNSZoneRRList', DNSZONE: ZONE });
    assert.ok(!(basic.properties.RR ?? []).some((rr) => /X-HTTP|X-SMTP/.test(rr)));
    const extended = await rrs();
    assert.ok(extended.includes('shop.dns-owner.com. 3600 IN X-HTTP REDIRECT https://x.example/'));
    assert.ok(extended.includes('dns-owner.com. 3600 IN X-SMTP info@ MAILFORWARD a@example.net'));
  });

  it('documented parameters the sandbox does not model are refused with 549 naming them, never ignored', async () => {
    for (const [command, key] of [
      ['UpdateDNSZone', 'X-HTTP-A'],
      ['UpdateDNSZone', 'X-SMTP-MX'],
      ['UpdateDNSZone', 'SLAVEMASTER'],
    ] as const) {
      const r = await send({ COMMAND: command, DNSZONE: ZONE, [key]: '192.0.2.80' });
      assert.equal(r.code, 549, `${command} ${key}: ${r.code} ${r.description}`);
      assert.match(r.description, new RegExp(key));
    }
    const slave = await send({ COMMAND: 'UpdateDNSZone', DNSZONE: ZONE, ZONEMODE: 'SLAVE' });
    assert.equal(slave.code, 541);
    // CreateDNSZone's page lists no 549: its refusal is a 541 naming the parameter.
    const master = await send({
      COMMAND: 'CreateDNSZone',
      DNSZONE: 'slave-zone.com',
      EXTERNAL: 1,
      SLAVEMASTER: '192.0.2.80',
    });
    assert.equal(master.code, 541);
    assert.match(master.description, /SLAVEMASTER/);
  });

  it('QueryDNSZoneRRList: COUNT, TOTAL and RR as the page lists; RRTYPE and SHORT narrow the answer', async () => {
    const all = await send({ COMMAND: 'QueryDNSZoneRRList', DNSZONE: ZONE });
    assert.deepEqual(checkProperties('QueryDNSZoneRRList', all.properties), []);
    assert.equal(all.properties.COUNT?.[0], String(all.properties.RR?.length));
    const a = await send({ COMMAND: 'QueryDNSZoneRRList', DNSZONE: ZONE, RRTYPE: 'A', SHORT: 1 });
    assert.deepEqual(a.properties.RR, ['@ 300 IN A 192.0.2.1', 'mail 3600 IN A 192.0.2.3']);
    assert.equal(a.properties.TOTAL?.[0], all.properties.TOTAL?.[0]);
  });

  it('StatusDNSZone: every Min 1 property; WWWTARGET* describe www; 545 for an unknown zone', async () => {
    const r = await send({ COMMAND: 'StatusDNSZone', DNSZONE: ZONE });
    assert.deepEqual(checkProperties('StatusDNSZone', r.properties), []);
    assert.deepEqual(r.properties.WWWTARGETTYPE, ['CNAME']);
    assert.deepEqual(r.properties.WWWTARGETDATA, ['dns-owner.com.']);
    assert.deepEqual(r.properties.SOASERIAL, ['4']);
    assert.equal((await send({ COMMAND: 'StatusDNSZone', DNSZONE: 'nozone.com' })).code, 545);
  });

  it('DeleteDNSZone: 200, then 545; the zone is gone', async () => {
    assert.equal((await send({ COMMAND: 'DeleteDNSZone', DNSZONE: ZONE })).code, 200);
    assert.equal((await send({ COMMAND: 'DeleteDNSZone', DNSZONE: ZONE })).code, 545);
    assert.equal((await send({ COMMAND: 'StatusDNSZone', DNSZONE: ZONE })).code, 545);
  });
});
