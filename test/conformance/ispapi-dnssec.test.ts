/**
 * ISPAPI DNSSEC (issue 16 part B): ModifyDomain SECDNS-DS / SECDNS-KEY / ADDSECDNS / DELSECDNS /
 * SECDNS-MAXSIGLIFE as the reference page names them, StatusDomain's SECDNS-* answer (allow-listed,
 * ./property-check), invalid delegation data refused with the registry's code, and the adapter
 * (src/registrars/ispapi/dnssec.ts) over real HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDs, type DnssecRecord } from '../../src/domain/dnssec';
import { RegistrarRejectedError } from '../../src/registrars/errors';
import { isDnssecRegistrar } from '../../src/registrars/dnssec';
import { startIspapi, rejectsWithRegistrarError, type IspapiSetup } from '../helpers/registrars';
import { checkProperties } from './property-check';

const NS = ['ns1.example.net', 'ns2.example.net'];
const DIGEST_A = 'A1'.repeat(32);
const DIGEST_B = 'B2'.repeat(32);
const DS_A = `11111 13 2 ${DIGEST_A}`;
const DS_B = `22222 13 2 ${DIGEST_B}`;
const KEY = '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';
const ds = (text: string): DnssecRecord => ({ type: 'DS', ...parseDs(text) });

describe('ISPAPI sandbox: DNSSEC on ModifyDomain / StatusDomain', () => {
  let h: IspapiSetup;
  const domain = 'signed-name.com';
  before(async () => {
    h = await startIspapi();
    h.sandbox.seedDomain({ domain, nameservers: NS, expiresAt: new Date(Date.now() + 200 * 86400000) });
  });
  after(async () => h?.close());

  it('an unsigned domain answers no SECDNS property', async () => {
    const r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    assert.equal(r.properties['SECDNS-DS'], undefined);
    assert.deepEqual(await h.adapter.readDnssec(domain), { ds: [], keys: [] });
  });

  it('SECDNS-DS0..N and SECDNS-MAXSIGLIFE set; StatusDomain answers them and conforms (allow-listed)', async () => {
    await h.client.call({
      COMMAND: 'ModifyDomain',
      DOMAIN: domain,
      'SECDNS-DS': [DS_A, DS_B],
      'SECDNS-MAXSIGLIFE': 604800,
    });
    const r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    assert.deepEqual(r.properties['SECDNS-DS'], [DS_A, DS_B]);
    assert.deepEqual(r.properties['SECDNS-MAXSIGLIFE'], ['604800']);
    assert.deepEqual(checkProperties('StatusDomain', r.properties), []);
  });

  it('ADDSECDNS-DS adds, DELSECDNS-DS deletes; deleting a record not set is 541', async () => {
    await h.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, 'DELSECDNS-DS0': DS_A });
    let r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    assert.deepEqual(r.properties['SECDNS-DS'], [DS_B]);
    await h.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, 'ADDSECDNS-DS0': DS_A.toLowerCase() });
    r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    assert.deepEqual(r.properties['SECDNS-DS'], [DS_B, DS_A], 'the digest is kept in upper case');
    const gone = await h.client.send({
      COMMAND: 'ModifyDomain',
      DOMAIN: domain,
      'DELSECDNS-DS0': `33333 13 2 ${DIGEST_A}`,
    });
    assert.equal(gone.code, 541);
  });

  it('invalid DS data is refused with 505 naming the parameter, and nothing changes', async () => {
    const bad: Array<[string, RegExp]> = [
      [`11111 13 2 ${DIGEST_A.slice(2)}`, /digest: must be 64 hex digits/],
      [`70000 13 2 ${DIGEST_A}`, /keyTag/],
      [`11111 1 2 ${DIGEST_A}`, /algorithm/],
      [`11111 13 3 ${DIGEST_A}`, /digestType/],
      [`11111 13 2 ${'ZZ'.repeat(32)}`, /hexadecimal/],
      ['11111 13 2', /four fields/],
    ];
    for (const [value, why] of bad) {
      const r = await h.client.send({ COMMAND: 'ModifyDomain', DOMAIN: domain, 'ADDSECDNS-DS0': value });
      assert.equal(r.code, 505, value);
      assert.match(r.description, /ADDSECDNS-DS0/);
      assert.match(r.description, why);
    }
    const key = await h.client.send({ COMMAND: 'ModifyDomain', DOMAIN: domain, 'ADDSECDNS-KEY0': '255 3 13 AAAA' });
    assert.equal(key.code, 505);
    const r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    assert.deepEqual(r.properties['SECDNS-DS'], [DS_B, DS_A]);
  });

  it('SECDNS-DS beside ADDSECDNS-DS is refused; SECDNS-REMOVE-ALL=1 deletes every record', async () => {
    const both = await h.client.send({
      COMMAND: 'ModifyDomain',
      DOMAIN: domain,
      'SECDNS-DS0': DS_A,
      'ADDSECDNS-DS0': DS_B,
    });
    assert.equal(both.code, 505);
    await h.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, 'SECDNS-REMOVE-ALL': 1, 'ADDSECDNS-KEY0': KEY });
    const r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    assert.equal(r.properties['SECDNS-DS'], undefined);
    assert.deepEqual(r.properties['SECDNS-KEY'], [KEY]);
    assert.deepEqual(checkProperties('StatusDomain', r.properties), []);
  });

  it('the adapter sets, adds, removes and reads back DS and DNSKEY records', async () => {
    assert.ok(isDnssecRegistrar(h.adapter));
    await h.adapter.setDnssec(domain, { ds: [parseDs(DS_A)], keys: [] });
    assert.deepEqual(await h.adapter.readDnssec(domain), { ds: [parseDs(DS_A)], keys: [], maxSigLife: 604800 });
    await h.adapter.addDnssec(domain, [ds(DS_B)]);
    await h.adapter.removeDnssec(domain, [ds(DS_A)]);
    const now = await h.adapter.readDnssec(domain);
    assert.deepEqual(now?.ds, [parseDs(DS_B)]);
    await rejectsWithRegistrarError(
      h.adapter.removeDnssec(domain, [ds(DS_A)]),
      RegistrarRejectedError,
      'ispapi',
      '541',
    );
    assert.equal(await h.adapter.readDnssec('not-ours.com'), null);
  });

  it('a PENDING=1 answer counts once StatusDomain shows the change', async () => {
    h.sandbox.setUpdatePolicy({ mode: 'pending', afterMs: 0 });
    try {
      await h.adapter.addDnssec(domain, [ds(DS_A)]);
      assert.ok((await h.adapter.readDnssec(domain))?.ds.some((d) => d.keyTag === 11111));
    } finally {
      h.sandbox.setUpdatePolicy({ mode: 'immediate' });
    }
  });
});
