/**
 * The ISPAPI sandbox's list commands against HEXONET's reference (issue 14): every parameter a list
 * command's page documents either takes effect or is refused naming it (549), never silently
 * ignored; every documented ORDERBY word sorts, any other is refused (505). Over HTTP, with
 * domains, drops, applications and trades that differ in exactly the filtered field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../src/config/config';
import type { Command, CommandValue } from '../../src/registrars/ispapi/wire';
import { COMMAND_NAMES, commandSpec } from '../../src/sandbox/ispapi/commands/index';
import { unhandledParameter } from '../../src/sandbox/ispapi/commands/params';
import { referenceCommand } from '../../src/sandbox/ispapi/reference';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkCode, checkProperties } from './property-check';

const DAY = 86_400_000;
const START = new Date('2026-03-02T10:00:00Z');
const NS = ['ns1.example.net', 'ns2.example.net'];
const day = (d: Date): string => d.toISOString().slice(0, 10);
const LIST_COMMANDS = COMMAND_NAMES.filter((n) => /^Query.*List$/.test(n));
/**
 * List commands that do not declare `handles` yet, each with the reason and where their parameters
 * are tested instead. Every other Query...List command must declare the parameters it acts on.
 */
const HANDLES_PENDING: Record<string, string> = {
  QueryDomainSuggestionList: 'added with the domain suggestions in this session; its parameters are tested with them',
};

describe('ISPAPI sandbox list commands: documented parameters take effect or are refused', () => {
  let h: IspapiSetup;
  let clock = START;
  let jan = '';
  const send = async (command: Command) => {
    const r = await h.client.send(command);
    assert.deepEqual(checkCode(command.COMMAND, r.code), [], r.description);
    if (r.code === 200) assert.deepEqual(checkProperties(command.COMMAND, r.properties), []);
    return r;
  };
  const list = async (command: string, params: Record<string, CommandValue>, column = 'DOMAIN') => {
    const r = await send({ COMMAND: command, ...params });
    assert.equal(r.code, 200, `${command} ${JSON.stringify(params)}: ${r.code} ${r.description}`);
    return r.properties[column] ?? [];
  };
  const refused = async (command: string, params: Record<string, CommandValue>, code: number, names: string) => {
    const r = await send({ COMMAND: command, ...params });
    assert.equal(r.code, code, `${command} ${JSON.stringify(params)}: ${r.code} ${r.description}`);
    assert.match(r.description, new RegExp(names));
  };

  before(async () => {
    h = await startIspapi({ sandbox: { now: () => clock } });
    const seed = (domain: string, extra: object) => {
      h.sandbox.seedDomain({ domain, nameservers: NS, ...extra });
      clock = new Date(clock.getTime() + DAY);
    };
    const owner = { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl', COUNTRY: 'NL' };
    seed('alpha.com', { transferLock: true, renewalMode: 'AUTORENEW', expiresAt: new Date(+START + 100 * DAY), owner });
    seed('beta.net', { renewalMode: 'AUTOEXPIRE', expiresAt: new Date(+START + 300 * DAY) });
    seed('gamma.de', { renewalMode: 'AUTODELETE', expiresAt: new Date(+START + 200 * DAY) });
    jan = h.sandbox.domain('alpha.com')!.contacts.owner;
    // beta.net alone: other name servers, Whois privacy, updated last
    const modify = { DOMAIN: 'beta.net', NAMESERVER0: 'ns1.other.org', NAMESERVER1: 'ns2.other.org' };
    await send({ COMMAND: 'ModifyDomain', ...modify, 'X-ACCEPT-WHOISTRUSTEE-TAC': 1 });
    const drops = [
      { domain: 'shop-one.com', dropAt: new Date(+START + 5 * DAY), score: 5 },
      { domain: 'shop2.net', dropAt: new Date(+START + 6 * DAY), score: 8 },
      { domain: 'xn--mnchen-3ya.de', dropAt: new Date(+START + 7 * DAY), score: 3 },
      { domain: 'bestshop.com', dropAt: new Date(+START + 5 * DAY + 3_600_000), score: 9 },
    ];
    for (const d of drops) h.sandbox.seedDrop(d);
  });
  after(async () => h?.close());

  it('every list command declares the parameters it acts on, each one its page documents', (t) => {
    assert.ok(LIST_COMMANDS.length >= 6, LIST_COMMANDS.join());
    // a stale entry is harmless (the declared list is checked like any other): only noted
    for (const name of Object.keys(HANDLES_PENDING)) {
      if (commandSpec(name)?.handles) t.diagnostic(`${name} declares handles now: drop it from HANDLES_PENDING`);
    }
    for (const name of LIST_COMMANDS) {
      const handles = commandSpec(name)?.handles;
      if (!handles && HANDLES_PENDING[name]) continue;
      assert.ok(
        handles,
        `${name}: no \`handles\` list in its CommandSpec, so a documented filter could be ignored silently ` +
          '(declare it, or name the command in HANDLES_PENDING with the reason)',
      );
      const documented = referenceCommand(name)!.parameters.map((p) => (p.index ? `${p.name}[]` : p.name));
      assert.deepEqual(
        handles.filter((p) => !documented.includes(p)),
        [],
        `${name} handles parameters its page does not list`,
      );
    }
  });

  it('a documented parameter the handler does not act on is refused with 549 naming it (checked once)', async () => {
    const doctored = { name: 'QueryDomainList', handles: ['DOMAIN'], handle: () => ({ code: 200, description: '' }) };
    assert.equal(unhandledParameter(doctored, { DOMAIN: 'a*', STATUS: 'ACTIVE' }), 'STATUS');
    assert.equal(unhandledParameter({ ...doctored, handles: ['NAMESERVER[]'] }, { NAMESERVER12: 'x' }), undefined);
    // the live table: every documented parameter of every list command is handled
    for (const name of LIST_COMMANDS.filter((n) => commandSpec(n)?.handles)) {
      for (const p of referenceCommand(name)!.parameters) {
        const key = p.index ? `${p.name}${p.index[0]}` : p.name;
        assert.equal(unhandledParameter(commandSpec(name)!, { [key]: 'x' }), undefined, `${name} ${key}`);
      }
    }
  });

  describe('QueryDomainList', () => {
    const domains = (params: Record<string, CommandValue>) => list('QueryDomainList', params);
    const account = SANDBOX_ISPAPI_CREDENTIALS.login;

    it('each documented filter narrows the list to the domains it describes', async () => {
      const cases: Array<[Record<string, CommandValue>, string[]]> = [
        [{}, ['alpha.com', 'beta.net', 'gamma.de']],
        [{ DOMAIN: '*.com' }, ['alpha.com']],
        [{ DOMAINSUBCLASS: 'NET.' }, ['beta.net']],
        [{ DOMAINSUBCLASS: 'de' }, ['gamma.de']],
        [{ RENEWALMODE: 'RENEW' }, ['alpha.com']],
        [{ RENEWALMODE: 'EXPIRE' }, ['beta.net']],
        [{ RENEWALMODE: 'delete' }, ['gamma.de']],
        [{ TRANSFERLOCK: 1 }, ['alpha.com']],
        [{ TRANSFERLOCK: 0 }, ['beta.net', 'gamma.de']],
        [{ STATUS: '*prohibited' }, ['alpha.com']],
        [{ STATUS: 'ACTIVE' }, ['alpha.com', 'beta.net', 'gamma.de']],
        [{ NAMESERVER: '*.other.org' }, ['beta.net']],
        [{ NAMESERVER0: 'ns2.example.net' }, ['alpha.com', 'gamma.de']],
        [{ OWNERCONTACT: jan }, ['alpha.com']],
        [{ ADMINCONTACT: 'P-NOBODY*' }, []],
        [{ TECHCONTACT: jan }, ['alpha.com']],
        [{ BILLINGCONTACT: jan }, ['alpha.com']],
        [{ REPOSITORY: 'DE-1API' }, ['gamma.de']],
        [{ USER: account }, ['alpha.com', 'beta.net', 'gamma.de']],
        [{ USER: 'someone.else*' }, []],
        [{ MINEXPIRATIONDATE: day(new Date(+START + 150 * DAY)) }, ['beta.net', 'gamma.de']],
        [{ MAXEXPIRATIONDATE: day(new Date(+START + 150 * DAY)) }, ['alpha.com']],
        [{ MINREGISTRATIONEXPIRATIONDATE: day(new Date(+START + 250 * DAY)) }, ['beta.net']],
        [{ MAXPAIDUNTILDATE: day(new Date(+START + 250 * DAY)) }, ['alpha.com', 'gamma.de']],
        [{ MINPAIDUNTILDATE: day(new Date(+START + 250 * DAY)) }, ['beta.net']],
        [{ MAXCREATEDDATE: `${day(new Date(+START - 365 * DAY))} 23:59:59` }, ['alpha.com']],
        [{ MINCREATEDDATE: day(new Date(+START + DAY - 365 * DAY)) }, ['beta.net', 'gamma.de']],
        [{ MINUPDATEDDATE: day(new Date(+START + 3 * DAY)) }, ['beta.net']],
        [{ MAXUPDATEDDATE: day(new Date(+START + DAY)) }, ['alpha.com']],
        [{ 'X-ACCEPT-WHOISTRUSTEE-TAC': 1 }, ['beta.net']],
        [{ 'X-ACCEPT-WHOISTRUSTEE-TAC': 0 }, ['alpha.com', 'gamma.de']],
        [{ 'X-TRUSTEE': 1 }, []],
        [{ 'X-ACCEPT-WHOISTRUSTEELITE-TAC': 0 }, ['alpha.com', 'beta.net', 'gamma.de']],
        [{ 'X-MOBI-ACCEPT-INSTANTMOBILIZER-TAC': 1 }, []],
        [{ USERDEPTH: 'SUBUSER' }, []],
        [{ USERDEPTH: 'SELF', UNIQUE: 1 }, ['alpha.com', 'beta.net', 'gamma.de']],
        [{ TRANSFERLOCK: '', RENEWALMODE: '' }, ['alpha.com', 'beta.net', 'gamma.de']],
      ];
      for (const [params, expected] of cases) {
        assert.deepEqual(await domains(params), expected, JSON.stringify(params));
      }
    });

    it('every ORDERBY word of the page sorts (DESC reverses); any other word is 505', async () => {
      const expected: Record<string, string[]> = {
        DOMAIN: ['alpha.com', 'beta.net', 'gamma.de'],
        DOMAINSUBCLASS: ['alpha.com', 'gamma.de', 'beta.net'],
        CREATEDDATE: ['alpha.com', 'beta.net', 'gamma.de'],
        UPDATEDDATE: ['alpha.com', 'gamma.de', 'beta.net'],
        EXPIRATIONDATE: ['alpha.com', 'gamma.de', 'beta.net'],
        REGISTRATIONEXPIRATIONDATE: ['alpha.com', 'gamma.de', 'beta.net'],
        PAIDUNTILDATE: ['alpha.com', 'gamma.de', 'beta.net'],
        // equal keys (one user, one registrar, ACTIVE vs ACTIVE clientTransferProhibited): by name
        USER: ['alpha.com', 'beta.net', 'gamma.de'],
        REGISTRAR: ['alpha.com', 'beta.net', 'gamma.de'],
        STATUS: ['beta.net', 'gamma.de', 'alpha.com'],
      };
      for (const [word, order] of Object.entries(expected)) {
        assert.deepEqual(await domains({ ORDERBY: word }), order, word);
        assert.deepEqual(await domains({ ORDERBY: `${word}DESC` }), [...order].reverse(), `${word}DESC`);
      }
      await refused('QueryDomainList', { ORDERBY: 'BOGUS' }, 505, 'ORDERBY');
      await refused('QueryDomainList', { ORDERBY: 'RENEWALMODE' }, 505, 'ORDERBY');
    });

    it('values the page does not allow are refused naming the parameter', async () => {
      await refused('QueryDomainList', { RENEWALMODE: 'AUTORENEW' }, 505, 'RENEWALMODE');
      await refused('QueryDomainList', { PROPERTIES: 'PRICE' }, 505, 'PROPERTIES');
      await refused('QueryDomainList', { MINCREATEDDATE: 'yesterday' }, 505, 'MINCREATEDDATE');
      await refused('QueryDomainList', { TRANSFERLOCK: 2 }, 505, 'TRANSFERLOCK');
      await refused('QueryDomainList', { USERDEPTH: 'EVERYONE' }, 505, 'USERDEPTH');
    });

    it('FIRST / LIMIT page; WIDE=1 and PROPERTIES=RENEWALPRICE add only documented columns', async () => {
      const r = await send({ COMMAND: 'QueryDomainList', ORDERBY: 'DOMAIN', FIRST: 1, LIMIT: 1, WIDE: 1 });
      assert.deepEqual(r.properties.DOMAIN, ['beta.net']);
      assert.deepEqual([r.properties.FIRST, r.properties.LAST, r.properties.COUNT], [['1'], ['1'], ['1']]);
      assert.deepEqual([r.properties.TOTAL, r.properties.LIMIT], [['3'], ['1']]);
      assert.deepEqual(r.properties.DOMAINRENEWALMODE, ['expire']);
      assert.deepEqual(r.properties.DOMAINNAMESERVER0, ['ns1.other.org']);
      const priced = await send({ COMMAND: 'QueryDomainList', DOMAIN: 'alpha.com', PROPERTIES: 'RENEWALPRICE' });
      assert.match(priced.properties.RENEWALPRICE?.[0] ?? '', /^\d+\.\d{2}$/);
      assert.deepEqual(priced.properties.CURRENCY, ['USD']);
    });
  });

  describe('QueryDomainPendingDeleteList', () => {
    const drops = (params: Record<string, CommandValue>) =>
      list('QueryDomainPendingDeleteList', { ORDERBY: 'NAME', ...params });

    it('each documented filter narrows the drop list', async () => {
      const d5 = new Date(+START + 5 * DAY);
      const cases: Array<[Record<string, CommandValue>, string[]]> = [
        [{}, ['bestshop.com', 'shop-one.com', 'shop2.net', 'xn--mnchen-3ya.de']],
        [{ KEYWORD0: 'shop' }, ['bestshop.com', 'shop-one.com', 'shop2.net']],
        [{ KEYWORD0: 'shop', KEYWORDMATCH: 'BEGIN' }, ['shop-one.com', 'shop2.net']],
        [{ KEYWORD0: 'shop', KEYWORDMATCH: 'END' }, ['bestshop.com']],
        [{ KEYWORD0: 'shop', KEYWORD1: 'one', KEYWORDCATENATION: 'AND' }, ['shop-one.com']],
        [{ KEYWORD0: 'best', KEYWORD1: 'one' }, ['bestshop.com', 'shop-one.com']],
        [{ ZONE0: 'net' }, ['shop2.net']],
        [{ ZONE0: 'com', ZONE1: '.de' }, ['bestshop.com', 'shop-one.com', 'xn--mnchen-3ya.de']],
        [{ FILTER0: 'NOHYPHENS' }, ['bestshop.com', 'shop2.net']],
        [{ FILTER0: 'NONUMBERS', FILTER1: 'NOIDNS' }, ['bestshop.com', 'shop-one.com']],
        [{ LENGTH0: '5' }, ['shop2.net']],
        [{ LENGTH0: '5-7' }, ['shop2.net', 'xn--mnchen-3ya.de']],
        [{ LENGTH0: '8', LENGTH1: '3' }, ['bestshop.com', 'shop-one.com']],
        [{ SCORE0: '8-10' }, ['bestshop.com', 'shop2.net']],
        [{ REGEXP: '^best' }, ['bestshop.com']],
        [{ DELETIONDAY0: day(d5) }, ['bestshop.com', 'shop-one.com']],
        [{ FINALIZATIONDATE0: d5.toISOString().slice(0, 19).replace('T', ' ') }, ['shop-one.com']],
        [{ FINALIZATIONDATE0: day(new Date(+START + 7 * DAY)) }, ['xn--mnchen-3ya.de']],
        [{ MINFINALIZATIONDATE: `${day(new Date(+START + 6 * DAY))} 00:00:00` }, ['shop2.net', 'xn--mnchen-3ya.de']],
        [{ MAXFINALIZATIONDATE: `${day(d5)} 10:30:00` }, ['shop-one.com']],
        [{ FIRST: 1, LIMIT: 2 }, ['shop-one.com', 'shop2.net']],
      ];
      for (const [params, expected] of cases) {
        assert.deepEqual(await drops(params), expected, JSON.stringify(params));
      }
    });

    it('every ORDERBY word sorts (DESC reverses), RANDOM keeps the rows; BOGUS and bad ranges are refused', async () => {
      const expected: Record<string, string[]> = {
        NAME: ['bestshop.com', 'shop-one.com', 'shop2.net', 'xn--mnchen-3ya.de'],
        FINALIZATIONDATE: ['shop-one.com', 'bestshop.com', 'shop2.net', 'xn--mnchen-3ya.de'],
        // same day: by name
        DELETIONDAY: ['bestshop.com', 'shop-one.com', 'shop2.net', 'xn--mnchen-3ya.de'],
        SCORE: ['xn--mnchen-3ya.de', 'shop-one.com', 'shop2.net', 'bestshop.com'],
      };
      for (const [word, order] of Object.entries(expected)) {
        assert.deepEqual(await drops({ ORDERBY: word }), order, word);
        assert.deepEqual(await drops({ ORDERBY: `${word}DESC` }), [...order].reverse(), `${word}DESC`);
      }
      assert.deepEqual((await drops({ ORDERBY: 'RANDOM' })).sort(), expected.NAME);
      await refused('QueryDomainPendingDeleteList', { ORDERBY: 'BOGUS' }, 505, 'ORDERBY');
      await refused('QueryDomainPendingDeleteList', { LENGTH0: '25' }, 505, 'LENGTH0');
      await refused('QueryDomainPendingDeleteList', { SCORE0: '3-x' }, 505, 'SCORE0');
      await refused('QueryDomainPendingDeleteList', { REGEXP: '(' }, 505, 'REGEXP');
      await refused('QueryDomainPendingDeleteList', { FILTER0: 'NOVOWELS' }, 505, 'FILTER0');
    });
  });

  describe('QueryObjectList, QueryObjectLogList', () => {
    it('QueryObjectList: ORDERBY OBJECTID / EXPIRATIONDATE (DESC), USERDEPTH; BOGUS refused', async () => {
      const ids = (params: Record<string, CommandValue>) => list('QueryObjectList', { WIDE: 0, ...params }, 'OBJECTID');
      assert.deepEqual(await ids({ ORDERBY: 'OBJECTID' }), ['alpha.com', 'beta.net', 'gamma.de']);
      assert.deepEqual(await ids({ ORDERBY: 'OBJECTIDDESC' }), ['gamma.de', 'beta.net', 'alpha.com']);
      assert.deepEqual(await ids({ ORDERBY: 'EXPIRATIONDATE' }), ['alpha.com', 'gamma.de', 'beta.net']);
      assert.deepEqual(await ids({ ORDERBY: 'OBJECTCLASSDESC', OBJECTID: 'b*' }), ['beta.net']);
      assert.deepEqual(await ids({ USERDEPTH: 'SUBUSER' }), []);
      assert.deepEqual(await ids({ USERDEPTH: 'ALL', OBJECTID: '*.de' }), ['gamma.de']);
      await refused('QueryObjectList', { WIDE: 0, ORDERBY: 'CREATEDDATE' }, 505, 'ORDERBY');
    });

    it('QueryObjectLogList: ORDERBY OBJECTID / OBJECTCLASS / LOGDATE (DESC), USERDEPTH; others refused', async () => {
      const ids = (params: Record<string, CommandValue>) => list('QueryObjectLogList', params, 'OBJECTID');
      for (const d of ['new-delta.com', 'new-charlie.com']) {
        const owner = { OWNERCONTACT0: jan, ADMINCONTACT0: jan, TECHCONTACT0: jan, BILLINGCONTACT0: jan };
        const r = await send({ COMMAND: 'AddDomain', DOMAIN: d, PERIOD: 1, NAMESERVER0: NS[0]!, ...owner });
        assert.equal(r.code, 200, r.description);
      }
      const all = await ids({});
      assert.ok(all.includes('new-charlie.com') && all.includes('new-delta.com'), all.join());
      assert.deepEqual(await ids({ ORDERBY: 'OBJECTID' }), [...all].sort());
      assert.deepEqual(await ids({ ORDERBY: 'OBJECTIDDESC' }), [...all].sort().reverse());
      assert.deepEqual(await ids({ ORDERBY: 'LOGDATEDESC', LIMIT: 1 }), [all.at(-1)]);
      assert.deepEqual(await ids({ ORDERBY: 'OBJECTCLASS' }), all, 'one class: the log order');
      assert.deepEqual(await ids({ USERDEPTH: 'SUBUSER' }), []);
      await refused('QueryObjectLogList', { ORDERBY: 'LOGINDEX' }, 505, 'ORDERBY');
    });
  });

  describe('QueryDomainApplicationList, QueryDomainPendingRegistrantVerificationList', () => {
    it('QueryDomainApplicationList: DOMAIN pattern, DOMAINn, DOMAINREGEX, STATUS, OWNERCONTACT, ORDERBY', async () => {
      for (const d of ['shop-one.com', 'bestshop.com']) {
        const contacts = { OWNERCONTACT0: jan, ADMINCONTACT0: jan, TECHCONTACT0: jan, BILLINGCONTACT0: jan };
        const r = await send({
          COMMAND: 'AddDomainApplication',
          CLASS: 'BACKORDER',
          DOMAIN: d,
          PERIOD: 1,
          ...contacts,
        });
        assert.equal(r.code, 200, r.description);
      }
      const apps = (params: Record<string, CommandValue>) => list('QueryDomainApplicationList', params);
      assert.deepEqual(await apps({}), ['shop-one.com', 'bestshop.com'], 'placed order');
      assert.deepEqual(await apps({ ORDERBY: 'DOMAIN' }), ['bestshop.com', 'shop-one.com']);
      assert.deepEqual(await apps({ ORDERBY: 'DOMAINDESC' }), ['shop-one.com', 'bestshop.com']);
      assert.deepEqual(await apps({ ORDERBY: 'CREATEDDATEDESC' }), ['bestshop.com', 'shop-one.com']);
      assert.deepEqual(await apps({ ORDERBY: 'REGISTRAR' }), ['shop-one.com', 'bestshop.com'], 'equal: by id');
      assert.deepEqual(await apps({ DOMAIN: 'shop*' }), ['shop-one.com']);
      assert.deepEqual(await apps({ DOMAIN: 'bestshop.com' }), ['bestshop.com']);
      assert.deepEqual(await apps({ DOMAIN0: 'bestshop.com', DOMAIN1: 'shop-one.com' }), [
        'shop-one.com',
        'bestshop.com',
      ]);
      assert.deepEqual(await apps({ DOMAINREGEX: '^best' }), ['bestshop.com']);
      assert.deepEqual(await apps({ STATUS: 'REQ*' }), ['shop-one.com', 'bestshop.com']);
      assert.deepEqual(await apps({ STATUS: 'SUCCESSFUL' }), []);
      assert.deepEqual(await apps({ OWNERCONTACT: jan }), ['shop-one.com', 'bestshop.com']);
      assert.deepEqual(await apps({ OWNERCONTACT: 'P-OTHER1' }), []);
      assert.deepEqual(await apps({ USERDEPTH: 'SUBUSER' }), []);
      assert.deepEqual(await apps({ FIRST: 1, LIMIT: 1 }), ['bestshop.com']);
      await refused('QueryDomainApplicationList', { ORDERBY: 'STATUS' }, 505, 'ORDERBY');
      await refused('QueryDomainApplicationList', { DOMAINREGEX: '[' }, 505, 'DOMAINREGEX');
    });

    it('QueryDomainPendingRegistrantVerificationList: DOMAIN pattern, ORDERBY, FIRST / LIMIT, USERDEPTH', async () => {
      const piet = h.sandbox.seedContact({ FIRSTNAME: 'Piet', LASTNAME: 'Pietersen', EMAIL: 'piet@example.nl' });
      for (const d of ['alpha.com', 'new-delta.com']) {
        const r = await send({
          COMMAND: 'TradeDomain',
          DOMAIN: d,
          OWNERCONTACT0: piet,
          'X-CONFIRM-DA-NEW-REGISTRANT': 1,
        });
        assert.equal(r.code, 200, r.description);
      }
      const pending = (params: Record<string, CommandValue>) =>
        list('QueryDomainPendingRegistrantVerificationList', params);
      assert.deepEqual(await pending({}), ['alpha.com', 'new-delta.com']);
      assert.deepEqual(await pending({ ORDERBY: 'DOMAINDESC' }), ['new-delta.com', 'alpha.com']);
      assert.deepEqual(await pending({ ORDERBY: 'X-REGISTRANT-VERIFICATION-REQUESTEDDATE' }), [
        'alpha.com',
        'new-delta.com',
      ]);
      assert.deepEqual(await pending({ DOMAIN: 'new-del*' }), ['new-delta.com']);
      assert.deepEqual(await pending({ DOMAIN: 'alpha.com' }), ['alpha.com']);
      assert.deepEqual(await pending({ FIRST: 1, LIMIT: 1 }), ['new-delta.com']);
      assert.deepEqual(await pending({ USERDEPTH: 'SUBUSER' }), []);
      await refused('QueryDomainPendingRegistrantVerificationList', { ORDERBY: 'DUEDATE' }, 505, 'ORDERBY');
    });
  });
});
