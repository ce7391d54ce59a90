/**
 * Conformance of the ISPAPI sandbox's answers to HEXONET's reference (issue 14): every command the
 * sandbox implements is called over HTTP with realistic input, and each successful answer's
 * properties are checked against the command's page (./property-check, rules in docs/sandbox.md).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMAND_NAMES } from '../../src/sandbox/ispapi/commands/index';
import { referenceCommand } from '../../src/sandbox/ispapi/reference';
import type { Command, IspapiResponse } from '../../src/registrars/ispapi/wire';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { ALLOWED_EXTRAS, checkProperties } from './property-check';

const NS = ['ns1.example.net', 'ns2.example.net'];
const ROOT = join(__dirname, '..', '..');

/**
 * Commands checked elsewhere: the reason names the test file that calls them (a command's cases in
 * test/conformance/ispapi-<area>.test.ts); a test below holds the file to exist and name the command.
 */
const SKIPPED: Record<string, string> = {
  EndSession:
    'answers no properties, and only to a call made with a session (s_session): test/activity/ispapi-session.test.ts',
  AddNameserver: 'covered by test/conformance/ispapi-hosts.test.ts',
  ModifyNameserver: 'covered by test/conformance/ispapi-hosts.test.ts',
  DeleteNameserver: 'covered by test/conformance/ispapi-hosts.test.ts',
  StatusNameserver: 'covered by test/conformance/ispapi-hosts.test.ts',
  CheckNameserver: 'covered by test/conformance/ispapi-hosts.test.ts',
  AddContact: 'covered by test/conformance/ispapi-contacts.test.ts',
  ModifyContact: 'covered by test/conformance/ispapi-contacts.test.ts',
  DeleteDomain: 'covered by test/conformance/ispapi-management.test.ts',
  PushDomain: 'covered by test/conformance/ispapi-management.test.ts',
  DENIC_CreateAuthInfo1: 'covered by test/conformance/ispapi-management.test.ts',
  QueryDomainSuggestionList: 'covered by test/conformance/ispapi-management.test.ts',
  CreateDNSZone: 'covered by test/conformance/ispapi-dns.test.ts',
  StatusDNSZone: 'covered by test/conformance/ispapi-dns.test.ts',
  QueryDNSZoneRRList: 'covered by test/conformance/ispapi-dns.test.ts',
  UpdateDNSZone: 'covered by test/conformance/ispapi-dns.test.ts',
  DeleteDNSZone: 'covered by test/conformance/ispapi-dns.test.ts',
  StatusUser: 'covered by test/conformance/ispapi-prices.test.ts',
  QueryExchangeRates: 'covered by test/conformance/ispapi-prices.test.ts',
};

/** The calls, in order: later ones use what earlier ones created. */
function calls(h: {
  owned: string;
  external: string;
  /** a handle the registry knows (made from the seeded owner's data) and a second, new registrant */
  jan: string;
  piet: string;
  prop: (command: string, name: string) => string;
}): Array<Command | (() => Command)> {
  return [
    { COMMAND: 'StatusAccount' },
    { COMMAND: 'StartSession' },
    { COMMAND: 'ConvertIDN', DOMAIN0: 'münchen.de', DOMAIN1: 'xn--mnchen-3ya.de' },
    { COMMAND: 'CheckAuthentication', SUBUSER: 'test.user', PASSWORD: 'test.passw0rd' },
    { COMMAND: 'CheckDomains', DOMAIN0: 'free-name.com', DOMAIN1: h.owned },
    {
      COMMAND: 'AddDomain',
      DOMAIN: 'new-name.com',
      PERIOD: 1,
      NAMESERVER0: NS[0],
      NAMESERVER1: NS[1],
      OWNERCONTACT0: h.jan,
      ADMINCONTACT0: h.jan,
      TECHCONTACT0: h.jan,
      BILLINGCONTACT0: h.jan,
      RENEWALMODE: 'AUTOEXPIRE',
    },
    { COMMAND: 'StatusDomain', DOMAIN: h.owned },
    { COMMAND: 'ModifyDomain', DOMAIN: h.owned, NAMESERVER0: NS[1], NAMESERVER1: NS[0] },
    { COMMAND: 'SetDomainRenewalMode', DOMAIN: h.owned, RENEWALMODE: 'AUTOEXPIRE' },
    { COMMAND: 'RenewDomain', DOMAIN: h.owned, PERIOD: 1, EXPIRATION: 2027 },
    { COMMAND: 'PayDomainRenewal', DOMAIN: h.owned, PERIOD: 1 },
    () => ({ COMMAND: 'StatusContact', CONTACT: h.prop('StatusDomain', 'OWNERCONTACT') }),
    { COMMAND: 'QueryDomainList' },
    { COMMAND: 'QueryObjectList', OBJECTCLASS: 'DOMAIN', WIDE: 1 },
    { COMMAND: 'QueryObjectLogList', OBJECTCLASS: 'DOMAIN', OBJECTID: h.owned },
    () => ({ COMMAND: 'StatusObjectLog', LOGINDEX: h.prop('QueryObjectLogList', 'LOGINDEX') }),
    { COMMAND: 'CheckDomainTransfer', DOMAIN: h.external, AUTH: 'ext-Auth-123' },

    { COMMAND: 'TransferDomain', DOMAIN: h.external, AUTH: 'ext-Auth-123', ACTION: 'REQUEST' },
    { COMMAND: 'StatusDomainTransfer', DOMAIN: h.external },
    { COMMAND: 'QueryDomainPendingDeleteList' },
    {
      COMMAND: 'AddDomainApplication',
      CLASS: 'BACKORDER',
      DOMAIN: 'dropping-name.com',
      PERIOD: 1,
      OWNERCONTACT0: h.jan,
      ADMINCONTACT0: h.jan,
      TECHCONTACT0: h.jan,
      BILLINGCONTACT0: h.jan,
    },
    () => ({ COMMAND: 'StatusDomainApplication', APPLICATION: h.prop('AddDomainApplication', 'APPLICATION') }),
    { COMMAND: 'QueryDomainApplicationList' },
    { COMMAND: 'QueryDomainOptions', DOMAIN0: h.owned },
    {
      COMMAND: 'TradeDomain',
      DOMAIN: h.owned,
      OWNERCONTACT0: h.piet,
      'X-CONFIRM-DA-NEW-REGISTRANT': 1,
    },
    { COMMAND: 'StatusDomainTrade', DOMAIN: h.owned },
    { COMMAND: 'QueryDomainPendingRegistrantVerificationList' },
    { COMMAND: 'ResendDomainTransferConfirmationEmails', DOMAIN: h.owned },
    { COMMAND: 'RestoreDomain', DOMAIN: 'deleted-name.com' },
  ];
}

describe('ISPAPI sandbox answers conform to the reference', () => {
  let h: IspapiSetup;
  const answers = new Map<string, { command: Command; response: IspapiResponse }>();
  before(async () => {
    h = await startIspapi();
    h.sandbox.seedDomain({
      domain: 'owned-name.com',
      nameservers: NS,
      owner: { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl', COUNTRY: 'NL' },
      expiresAt: new Date(Date.now() + 200 * 86400000),
    });
    h.sandbox.seedDomain({ domain: 'deleted-name.com', nameservers: NS });
    h.sandbox.deleteDomain('deleted-name.com');
    h.sandbox.seedExternalDomain({ domain: 'arriving-name.com', authCode: 'ext-Auth-123', nameservers: NS });
    h.sandbox.seedDrop({ domain: 'dropping-name.com', dropAt: new Date(Date.now() + 5 * 86400000) });
    const prop = (command: string, name: string): string => answers.get(command)?.response.properties[name]?.[0] ?? '';
    const jan = h.sandbox.domain('owned-name.com')!.contacts.owner;
    const piet = h.sandbox.seedContact({ FIRSTNAME: 'Piet', LASTNAME: 'Pietersen', EMAIL: 'piet@example.nl' });
    for (const entry of calls({ owned: 'owned-name.com', external: 'arriving-name.com', jan, piet, prop })) {
      const command = typeof entry === 'function' ? entry() : entry;
      const response = await h.client.send(command);
      answers.set(command.COMMAND, { command, response });
    }
  });
  after(async () => h?.close());

  for (const name of COMMAND_NAMES) {
    it(name, (t) => {
      if (SKIPPED[name]) return t.skip(SKIPPED[name]);
      const answer = answers.get(name);
      assert.ok(answer, `${name}: no call in this suite`);
      assert.ok(answer.response.code < 300, `${name}: ${answer.response.code} ${answer.response.description}`);
      assert.deepEqual(checkProperties(name, answer.response.properties), []);
    });
  }

  it('every sandbox command has a page in the reference (a command without one fails here)', () => {
    assert.deepEqual(
      COMMAND_NAMES.filter((name) => !referenceCommand(name)),
      [],
      'run `npx tsx scripts/derive-ispapi-reference.ts` after adding a command',
    );
  });

  it('every SKIPPED entry is a sandbox command, covered in the test file its reason names', () => {
    for (const [name, reason] of Object.entries(SKIPPED)) {
      assert.ok(COMMAND_NAMES.includes(name), `SKIPPED names ${name}, which the sandbox does not implement`);
      const file = /\btest\/[\w/.-]+\.test\.ts\b/.exec(reason)?.[0];
      assert.ok(file, `SKIPPED ${name}: the reason must name the test file that covers it`);
      const text = readFileSync(join(ROOT, file), 'utf8');
      assert.ok(new RegExp(`\\b${name}\\b`).test(text), `${file} does not call ${name}`);
    }
  });

  it('CheckDomainTransfer with a wrong code: 219 with AUTHISVALID 0, as the reference types it', async () => {
    h.sandbox.seedExternalDomain({ domain: 'wrong-code.com', authCode: 'right-Auth-1', nameservers: NS });
    const response = await h.client.send({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'wrong-code.com', AUTH: 'wrong-1' });
    assert.equal(response.code, 219);
    assert.deepEqual(response.properties.AUTHISVALID, ['0']);
    assert.deepEqual(checkProperties('CheckDomainTransfer', response.properties), []);
    const check = await h.adapter.checkTransfer('wrong-code.com', 'wrong-1');
    assert.equal(check.possible, false);
    assert.equal(check.possible === false && check.authInvalid, true, 'the adapter reads 0 as a wrong code');
  });

  it('StatusDomain after a confirmed registrant change: the trade lock (allow-listed) and nothing else extra', async () => {
    h.sandbox.confirmTrade('owned-name.com');
    const response = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: 'owned-name.com' });
    assert.ok(response.properties['TRADE-TRANSFERLOCK-EXPIRATIONDATE']?.[0], 'the lock date is answered');
    assert.deepEqual(checkProperties('StatusDomain', response.properties), []);
  });
});

describe('the property check itself', () => {
  const statusAccount = { AMOUNT: ['0.00'], CREDIT: ['0.00'], CURRENCY: ['USD'] };
  const complete = (): Record<string, string[]> => {
    // every Min>=1 property of StatusAccount's page, one value each
    const props: Record<string, string[]> = {};
    for (const p of referenceCommand('StatusAccount')!.properties) if (p.min >= 1) props[p.name] = ['0'];
    return { ...props, ...statusAccount };
  };

  it('passes a complete answer', () => {
    assert.deepEqual(checkProperties('StatusAccount', complete()), []);
  });

  it('fails when a mandatory property is removed', () => {
    const { CURRENCY: _gone, ...doctored } = complete();
    assert.deepEqual(checkProperties('StatusAccount', doctored), [
      "StatusAccount: CURRENCY has 0 value(s), the reference's Min is 1",
    ]);
  });

  it('fails when an enumerated property has a value outside its words', () => {
    const answer = {
      ...{ AUTHISVALID: ['YES'], AUTHREQUIRED: ['1'], TRANSFERLOCK: ['0'], USERTRANSFERREQUIRED: ['0'] },
      ...{ PERIOD: ['1Y'], REPOSITORY: ['COM-1API'], STATUS: ['ACTIVE'] },
    };
    assert.deepEqual(checkProperties('CheckDomainTransfer', answer), [
      'CheckDomainTransfer: AUTHISVALID is "YES", the reference\'s type is `1` or `0`',
    ]);
  });

  it('fails when a Max=1 property has two values', () => {
    assert.deepEqual(checkProperties('StatusAccount', { ...complete(), AMOUNT: ['1.00', '2.00'] }), [
      "StatusAccount: AMOUNT has 2 values, the reference's Max is 1",
    ]);
  });

  it('fails when an undocumented property is added, unless the allow-list names it for that command', () => {
    assert.deepEqual(checkProperties('StatusAccount', { ...complete(), BALANCE: ['1.00'] }), [
      'StatusAccount: BALANCE is not in the reference',
    ]);
    const extra = Object.keys(ALLOWED_EXTRAS.StatusDomain!)[0]!;
    assert.deepEqual(checkProperties('StatusAccount', { ...complete(), [extra]: ['x'] }), [
      `StatusAccount: ${extra} is not in the reference`,
    ]);
  });
});
