/**
 * The ISPAPI sandbox's refusals against HEXONET's reference (issue 14): a parameter no page lists is
 * 503 on every command; unknown handles and objects are 545 ("Object not found") where the page
 * lists 545, and the refused call changes nothing; every code answered is one the command's page
 * lists. The last part shows the suite's own checks catching a doctored answer, reference and code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Command } from '../../src/registrars/ispapi/wire';
import { COMMAND_NAMES } from '../../src/sandbox/ispapi/commands/index';
import { referenceCommand, validateParameters } from '../../src/sandbox/ispapi/reference';
import { CommandFault } from '../../src/sandbox/ispapi/registry';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkCode, checkProperties, checkUnknownParameterRefused, UNKNOWN_PARAMETER } from './property-check';

const NS = ['ns1.example.net', 'ns2.example.net'];

describe('ISPAPI sandbox refusals conform to the reference', () => {
  let h: IspapiSetup;
  let known = '';
  before(async () => {
    h = await startIspapi();
    h.sandbox.seedDomain({ domain: 'kept-name.com', nameservers: NS, owner: { LASTNAME: 'Kept', EMAIL: 'k@x.nl' } });
    known = h.sandbox.domain('kept-name.com')!.contacts.owner;
  });
  after(async () => h?.close());

  const answer = async (command: Command) => {
    const r = await h.client.send(command);
    assert.deepEqual(checkCode(command.COMMAND, r.code), [], `${r.code} ${r.description}`);
    return r;
  };

  describe('a parameter no page lists: 503 naming it, on every command', () => {
    for (const name of COMMAND_NAMES) {
      it(name, async () => {
        const r = await h.client.send({ COMMAND: name, [UNKNOWN_PARAMETER]: 1 });
        assert.deepEqual(checkUnknownParameterRefused(name, r), []);
      });
    }
  });

  describe('unknown contact handles: 545, and nothing is created or changed', () => {
    const roles = (handle: string) => ({
      OWNERCONTACT0: handle,
      ADMINCONTACT0: handle,
      TECHCONTACT0: handle,
      BILLINGCONTACT0: handle,
    });

    it('AddDomain with an unknown owner or tech handle', async () => {
      const add = { COMMAND: 'AddDomain', DOMAIN: 'new-handle-test.com', PERIOD: 1, NAMESERVER0: NS[0]! };
      const owner = await answer({ ...add, ...roles('P-UNKNOWN1') });
      assert.equal(owner.code, 545);
      assert.match(owner.description, /Object not found; OWNERCONTACT0 P-UNKNOWN1/);
      const tech = await answer({ ...add, ...roles(known), TECHCONTACT0: 'P-UNKNOWN2' });
      assert.equal(tech.code, 545);
      assert.match(tech.description, /TECHCONTACT0 P-UNKNOWN2/);
      assert.equal(h.sandbox.domain('new-handle-test.com'), undefined, 'no domain was created');
      assert.equal(h.sandbox.charges({ domain: 'new-handle-test.com' }).length, 0, 'nothing was charged');
      assert.equal((await answer({ ...add, ...roles(known) })).code, 200, 'a known handle registers');
    });

    it('ModifyDomain and TradeDomain with an unknown handle; AddDomainApplication with one', async () => {
      const modify = await answer({ COMMAND: 'ModifyDomain', DOMAIN: 'kept-name.com', ADMINCONTACT0: 'P-UNKNOWN3' });
      assert.equal(modify.code, 545);
      assert.equal(h.sandbox.domain('kept-name.com')!.contacts.admin, known, 'the admin contact is unchanged');
      const trade = await answer({ COMMAND: 'TradeDomain', DOMAIN: 'kept-name.com', OWNERCONTACT0: 'P-UNKNOWN4' });
      assert.equal(trade.code, 545);
      assert.equal((await answer({ COMMAND: 'StatusDomainTrade', DOMAIN: 'kept-name.com' })).code, 545, 'no trade');
      h.sandbox.seedDrop({ domain: 'dropping-handle.com', dropAt: new Date(Date.now() + 5 * 86_400_000) });
      const backorder = { COMMAND: 'AddDomainApplication', CLASS: 'BACKORDER', DOMAIN: 'dropping-handle.com' };
      assert.equal((await answer({ ...backorder, PERIOD: 1, ...roles('P-UNKNOWN5') })).code, 545);
      assert.equal(h.sandbox.applications({ domain: 'dropping-handle.com' }).length, 0, 'no application');
    });
  });

  it('unknown objects: 545 from every command whose page lists it', async () => {
    const cases: Command[] = [
      { COMMAND: 'StatusDomain', DOMAIN: 'nowhere-name.com' },
      { COMMAND: 'ModifyDomain', DOMAIN: 'nowhere-name.com', TRANSFERLOCK: 1 },
      { COMMAND: 'RenewDomain', DOMAIN: 'nowhere-name.com', PERIOD: 1, EXPIRATION: 2027 },
      { COMMAND: 'PayDomainRenewal', DOMAIN: 'nowhere-name.com', PERIOD: 1 },
      { COMMAND: 'RestoreDomain', DOMAIN: 'nowhere-name.com' },
      { COMMAND: 'StatusDomainTransfer', DOMAIN: 'nowhere-name.com' },
      { COMMAND: 'StatusDomainTrade', DOMAIN: 'nowhere-name.com' },
      { COMMAND: 'TradeDomain', DOMAIN: 'nowhere-name.com', OWNERCONTACT0: known },
      { COMMAND: 'ResendDomainTransferConfirmationEmails', DOMAIN: 'nowhere-name.com' },
      { COMMAND: 'StatusContact', CONTACT: 'P-NOPE1' },
      { COMMAND: 'StatusObjectLog', LOGINDEX: 999_999_999 },
      { COMMAND: 'StatusDomainApplication', APPLICATION: 999 },
      { COMMAND: 'EndSession' },
    ];
    for (const command of cases) {
      const r = await answer(command);
      assert.equal(r.code, 545, `${command.COMMAND}: ${r.code} ${r.description}`);
      assert.match(r.description, /^Object not found/);
    }
  });

  it('documented parameters the sandbox does not model: 549 naming them, nothing done', async () => {
    const cases: Array<[Command, string]> = [
      [{ COMMAND: 'RenewDomain', DOMAIN: 'kept-name.com', PERIOD: 1, ORDER: 'CREATE' }, 'ORDER'],
      [{ COMMAND: 'RenewDomain', DOMAIN: 'kept-name.com', PERIOD: 1, 'X-TRAVEL-UIN': '123' }, 'X-TRAVEL-UIN'],
      [{ COMMAND: 'RestoreDomain', DOMAIN: 'kept-name.com', SUBUSER: 'sub.user' }, 'SUBUSER'],
      [{ COMMAND: 'QueryDomainOptions', DOMAIN0: 'kept-name.com', PROPERTIES: 'ALL' }, 'PROPERTIES'],
      [{ COMMAND: 'QueryDomainOptions', DOMAIN0: 'kept-name.com', REPOSITORY0: 'COM-1API' }, 'REPOSITORY0'],
    ];
    const charges = h.sandbox.charges().length;
    for (const [command, name] of cases) {
      const r = await answer(command);
      assert.equal(r.code, 549, `${command.COMMAND} ${name}: ${r.code} ${r.description}`);
      assert.equal(r.description, `Command failed; ${name} is not supported`);
    }
    assert.equal(h.sandbox.charges().length, charges, 'no renewal was charged');
  });

  it('SetDomainRenewalMode outside the account: 531, since its page lists no 545', async () => {
    const r = await answer({ COMMAND: 'SetDomainRenewalMode', DOMAIN: 'nowhere-name.com', RENEWALMODE: 'AUTOEXPIRE' });
    assert.equal(r.code, 531);
    assert.ok(!referenceCommand('SetDomainRenewalMode')!.codes.includes(545));
  });
});

describe('the suite catches a doctored sandbox (issue 14, done when)', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
    h.sandbox.seedDomain({ domain: 'doctor-name.com', nameservers: NS });
  });
  after(async () => h?.close());

  it('a real answer with a mandatory property removed fails the property check', async () => {
    const r = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: 'doctor-name.com' });
    assert.deepEqual(checkProperties('StatusDomain', r.properties), [], 'the real answer conforms');
    const { RENEWALDATE: _gone, ...doctored } = r.properties;
    assert.deepEqual(checkProperties('StatusDomain', doctored), [
      "StatusDomain: RENEWALDATE has 0 value(s), the reference's Min is 1",
    ]);
  });

  it('a reference without the command lets an unknown parameter through, and the 503 probe catches it', () => {
    // The validator checks nothing for a command without a page: the sandbox would answer 200.
    assert.doesNotThrow(() => validateParameters('StatusDoctored', { [UNKNOWN_PARAMETER]: '1' }));
    assert.deepEqual(checkUnknownParameterRefused('StatusDoctored', { code: 200, description: 'Command completed' }), [
      `StatusDoctored: ${UNKNOWN_PARAMETER} answered 200 Command completed, not 503 naming it`,
    ]);
    assert.deepEqual(checkProperties('StatusDoctored', {}), ['StatusDoctored: no page in the reference']);
    // with the page, the validator refuses it as the API does
    assert.throws(
      () => validateParameters('StatusDomain', { DOMAIN: 'doctor-name.com', [UNKNOWN_PARAMETER]: '1' }),
      (err: unknown) => err instanceof CommandFault && err.code === 503 && err.description.includes(UNKNOWN_PARAMETER),
    );
  });

  it('a code the command page does not list fails the code check, unless allow-listed', () => {
    assert.deepEqual(checkCode('StatusDomain', 545), []);
    assert.deepEqual(checkCode('QueryObjectList', 545), [], 'allow-listed with its reason');
    assert.match(checkCode('SetDomainRenewalMode', 545)[0] ?? '', /answered 545, the reference's codes are/);
    assert.match(checkCode('StatusDoctored', 200)[0] ?? '', /no page in the reference/);
  });
});
