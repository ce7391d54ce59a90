import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { deriveReference, parseType, REFERENCE_PATH, SPEC_DIR } from '../../scripts/derive-ispapi-reference';
import { COMMAND_NAMES } from '../../src/sandbox/ispapi/commands';
import { referenceCommand, validateParameters } from '../../src/sandbox/ispapi/reference';
import { CommandFault } from '../../src/sandbox/ispapi/registry';

/** The answer the sandbox gives these parameters: 'ok', or '<code> <description>'. */
function answer(command: string, params: Record<string, string>): string {
  try {
    validateParameters(command, params);
    return 'ok';
  } catch (err) {
    if (err instanceof CommandFault) return `${err.code} ${err.description}`;
    throw err;
  }
}

describe('the vendored ISPAPI reference table', () => {
  it('is what scripts/derive-ispapi-reference.ts derives from the official pages', (t) => {
    if (!existsSync(SPEC_DIR)) {
      t.skip(`no command reference at ${SPEC_DIR}: the committed JSON is used as is`);
      return;
    }
    const committed: unknown = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8'));
    assert.deepEqual(committed, deriveReference(), 'run `npx tsx scripts/derive-ispapi-reference.ts`');
  });

  it('has a page for every command the sandbox implements, with codes and properties', () => {
    for (const name of COMMAND_NAMES) {
      const page = referenceCommand(name);
      assert.ok(page, `${name} has no reference page`);
      assert.ok(page.codes.length > 0, `${name}: codes read`);
    }
    const renew = referenceCommand('RenewDomain')!;
    assert.deepEqual(
      renew.parameters.filter((p) => p.name.startsWith('EXPIRATION')).map((p) => [p.name, p.types]),
      [
        ['EXPIRATION', ['INT']],
        ['EXPIRATIONDATE', ['TEXT']],
      ],
    );
    assert.ok(renew.codes.includes(555));
    assert.deepEqual(
      renew.properties.find((p) => p.name === 'EXPIRATIONDATE'),
      { name: 'EXPIRATIONDATE', min: 1, max: '1', type: 'DATETIME' },
    );
    const nameservers = referenceCommand('AddDomain')!.parameters.find((p) => p.name === 'NAMESERVER');
    assert.deepEqual(nameservers, { name: 'NAMESERVER', index: [0, 12], min: 0, types: ['HOSTNAME'], nullable: true });
  });

  it('reads the Type column: type words, enumerations, NULL, patterns', () => {
    assert.deepEqual(parseType('INT or NULL'), { types: ['INT'], nullable: true });
    assert.deepEqual(parseType('`0`, `1` or NULL'), { values: ['0', '1'], nullable: true });
    assert.deepEqual(parseType('`CREATE`, `REPLACE` or `UPDATE`'), { values: ['CREATE', 'REPLACE', 'UPDATE'] });
    assert.deepEqual(parseType('DATE, DATETIME or NULL'), { types: ['DATE', 'DATETIME'], nullable: true });
    assert.deepEqual(parseType('COUNTRY, `EM`, `BX` or NULL'), {
      types: ['COUNTRY'],
      values: ['EM', 'BX'],
      nullable: true,
    });
    assert.deepEqual(parseType('`1` or NULLL'), { values: ['1'], nullable: true });
    assert.deepEqual(parseType('`/^[A-Z][A-Z][A-Z]$/`'), { pattern: '^[A-Z][A-Z][A-Z]$' });
  });
});

describe('validateParameters: names, Min and types as the reference defines them', () => {
  it('503 for a name the page does not list, naming it', () => {
    assert.equal(answer('QueryDomainPendingDeleteList', { DOMAIN: 'x.com' }), '503 Invalid attribute name; DOMAIN');
    assert.equal(
      answer('TradeDomain', { DOMAIN: 'x.it', 'X-IT-ENTITY-TYPE': '1' }),
      '503 Invalid attribute name; X-IT-ENTITY-TYPE',
    );
    assert.equal(
      answer('ModifyDomain', { DOMAIN: 'x.it', 'X-IT-ACCEPT-LIABILITY-TAC': '1' }),
      '503 Invalid attribute name; X-IT-ACCEPT-LIABILITY-TAC',
    );
    assert.equal(answer('StatusDomain', { DOMAIN: 'x.com', WIDE: '1' }), '503 Invalid attribute name; WIDE');
  });

  it('504 for a missing Min 1 parameter (an indexed one needs one index filled)', () => {
    assert.equal(answer('QueryObjectList', { OBJECTID: 'x.com' }), '504 Missing required attribute; WIDE');
    assert.equal(
      answer('AddDomainApplication', { CLASS: 'BACKORDER', DOMAIN: 'x.com', TECHCONTACT0: 'P-1' }),
      '504 Missing required attribute; PERIOD',
    );
    assert.equal(answer('CheckDomains', { DOMAIN0: '' }), '504 Missing required attribute; DOMAIN0');
    assert.equal(answer('StatusDomain', {}), '504 Missing required attribute; DOMAIN');
  });

  it('505 for a value of the wrong type or outside an enumeration, naming the parameter', () => {
    assert.match(
      answer('RenewDomain', { DOMAIN: 'x.com', EXPIRATION: '2026-03-03 08:00:00' }),
      /^505 .*EXPIRATION .* is not INT$/,
    );
    assert.match(answer('QueryObjectList', { WIDE: '2' }), /^505 .*WIDE/);
    assert.match(answer('SetDomainRenewalMode', { DOMAIN: 'x.com', RENEWALMODE: 'SOMETIMES' }), /^505 .*RENEWALMODE/);
    assert.match(
      answer('QueryDomainPendingDeleteList', { MINFINALIZATIONDATE: '2026-02-30 00:00:00' }),
      /^505 .*MINFINALIZATIONDATE/,
    );
    assert.match(answer('QueryDomainPendingDeleteList', { DELETIONDAY0: 'tomorrow' }), /^505 .*DELETIONDAY0/);
    assert.match(answer('AddDomain', { DOMAIN: 'not a domain' }), /^505 .*DOMAIN/);
    assert.match(
      answer('ModifyDomain', { DOMAIN: 'x.com', NAMESERVER13: 'ns.x.com' }),
      /^505 .*NAMESERVER13 is outside NAMESERVER\[0\.\.12\]/,
    );
    assert.match(answer('RenewDomain', { DOMAIN: 'x.com', PERIOD: 'one' }), /^505 .*PERIOD/);
    assert.match(answer('StatusObjectLog', { LOGINDEX: '' }), /^504 /, 'an empty Min 1 value is missing');
    assert.match(
      answer('RenewDomain', { DOMAIN: 'x.com', ORDERID: '' }),
      /^505 .*ORDERID/,
      'INT without NULL: no empty value',
    );
  });

  it('accepts what the reference allows', () => {
    const renew = { DOMAIN: 'x.com', PERIOD: '1', EXPIRATIONDATE: '2026-03-03 08:00:00', EXPIRATION: '2026' };
    assert.equal(answer('RenewDomain', renew), 'ok');
    assert.equal(answer('QueryObjectList', { WIDE: '1', OBJECTCLASS: 'DELETEDDOMAIN', OBJECTID: 'x.com' }), 'ok');
    assert.equal(
      answer('QueryDomainPendingDeleteList', { KEYWORD0: 'x', KEYWORDMATCH: 'BEGIN', ZONE0: 'com', LIMIT: '10' }),
      'ok',
    );
    assert.equal(
      answer('ModifyDomain', { DOMAIN: 'x.com', NAMESERVER0: 'ns1.x.com', NAMESERVER1: '', TRANSFERLOCK: '1' }),
      'ok',
    );
    assert.equal(answer('TradeDomain', { DOMAIN: 'x.it', ACTION: 'cancel' }), 'ok');
    assert.equal(answer('TransferDomain', { DOMAIN: 'x.com', ACTION: 'cancel' }), 'ok', 'enumerations ignore case');
    assert.equal(answer('CheckDomains', { DOMAIN0: 'a.com', DOMAIN1: 'b.net', PREMIUMCHANNELS: '*' }), 'ok');
    // inline contact data under a CONTACT parameter (spec 1.2); an unknown sub-key is not a parameter
    const inline = { OWNERCONTACT0FIRSTNAME: 'Jo', OWNERCONTACT0LASTNAME: 'Doe', OWNERCONTACT0EMAIL: 'jo@example.com' };
    assert.equal(answer('TradeDomain', { DOMAIN: 'x.it', ...inline }), 'ok');
    assert.equal(
      answer('TradeDomain', { DOMAIN: 'x.it', OWNERCONTACT0NICKNAME: 'J' }),
      '503 Invalid attribute name; OWNERCONTACT0NICKNAME',
    );
    assert.equal(answer('NoSuchCommand', { ANYTHING: '1' }), 'ok', 'a command without a page is not checked');
  });
});
