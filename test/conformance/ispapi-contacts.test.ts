/**
 * The ISPAPI sandbox's contact writes against HEXONET's reference (DOMAIN/CONTACT pages): AddContact
 * and ModifyContact over HTTP, each answer's properties and code checked against the page
 * (./property-check), and what the pages state: AddContact answers the handle identical data
 * already has (NEW=0) unless NEW=1 forces a new one; ModifyContact changes the named fields of a
 * handle in place and answers no properties; an unknown handle is 545.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Command } from '../../src/registrars/ispapi/wire';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkCode, checkProperties } from './property-check';

const PERSON = {
  COMMAND: 'AddContact',
  NAME: 'Tess Tech',
  FIRSTNAME: 'Tess',
  LASTNAME: 'Tech',
  STREET: 'Keizersgracht 100',
  CITY: 'Amsterdam',
  ZIP: '1015 AA',
  COUNTRY: 'NL',
  PHONE: '+31.201234567',
  EMAIL: 'tess@ops.example',
};

describe('ISPAPI sandbox: contact writes per the reference', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
  });
  after(async () => h?.close());

  const send = async (command: Command) => {
    const r = await h.client.send(command);
    assert.deepEqual(checkCode(command.COMMAND, r.code), [], `${r.code} ${r.description}`);
    return r;
  };

  it('AddContact: 200 with CONTACT, NEW=1 and STATUS; identical data again is the same handle with NEW=0', async () => {
    const first = await send(PERSON);
    assert.equal(first.code, 200, first.description);
    assert.deepEqual(checkProperties('AddContact', first.properties), []);
    assert.deepEqual(first.properties.NEW, ['1']);
    const handle = first.properties.CONTACT![0]!;
    const again = await send({ ...PERSON, EMAIL: 'TESS@ops.example' });
    assert.deepEqual([again.properties.CONTACT, again.properties.NEW], [[handle], ['0']]);
    const forced = await send({ ...PERSON, NEW: 1 });
    assert.deepEqual(forced.properties.NEW, ['1']);
    assert.notEqual(forced.properties.CONTACT![0], handle, 'NEW=1 forces a new handle');
    const status = await h.client.call({ COMMAND: 'StatusContact', CONTACT: handle });
    assert.deepEqual([status.properties.LASTNAME, status.properties.EMAIL], [['Tech'], ['tess@ops.example']]);
  });

  it('AddContact: NAME alone fills FIRSTNAME and LASTNAME (split at the last space)', async () => {
    const { FIRSTNAME: _f, LASTNAME: _l, ...rest } = PERSON;
    const r = await send({ ...rest, NAME: 'Mia van Dam', EMAIL: 'mia@x.example' });
    assert.equal(r.code, 200, r.description);
    const status = await h.client.call({ COMMAND: 'StatusContact', CONTACT: r.properties.CONTACT![0]! });
    assert.deepEqual([status.properties.FIRSTNAME, status.properties.LASTNAME], [['Mia van'], ['Dam']]);
  });

  it('AddContact without a mandatory parameter: 504; a malformed phone or country: 505', async () => {
    const { EMAIL: _e, ...noEmail } = PERSON;
    assert.equal((await send(noEmail)).code, 504);
    assert.equal((await send({ ...PERSON, PHONE: '0201234567' })).code, 505);
    assert.equal((await send({ ...PERSON, COUNTRY: 'NLD' })).code, 505);
  });

  it('ModifyContact: the named fields change in place, no properties; an unknown handle is 545', async () => {
    const handle = (await send({ ...PERSON, EMAIL: 'modify@ops.example' })).properties.CONTACT![0]!;
    const r = await send({ COMMAND: 'ModifyContact', CONTACT: handle, STREET: 'Herengracht 1', CITY: 'Haarlem' });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(r.properties, {});
    const status = await h.client.call({ COMMAND: 'StatusContact', CONTACT: handle });
    assert.deepEqual(checkProperties('StatusContact', status.properties), []);
    assert.deepEqual(
      [status.properties.STREET, status.properties.CITY, status.properties.EMAIL],
      [['Herengracht 1'], ['Haarlem'], ['modify@ops.example']],
    );
    // The old data is no longer this handle's: AddContact with it makes a new one.
    const old = await send({ ...PERSON, EMAIL: 'modify@ops.example' });
    assert.notEqual(old.properties.CONTACT![0], handle);
    assert.equal((await send({ COMMAND: 'ModifyContact', CONTACT: 'P-NOPE9', CITY: 'x' })).code, 545);
    assert.equal((await send({ COMMAND: 'ModifyContact', CONTACT: handle, EMAIL: 'no-at-sign' })).code, 505);
  });
});
