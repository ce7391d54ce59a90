import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkTransferFields, OPERATION_FIELDS, operationFields } from '../../src/domain/tld-fields/operations';
import { checkRegistrantChangeFields, registrantChangeExtrasFor } from '../../src/domain/registrant-change';
import { ISPAPI_EXTRA_FIELDS } from '../../src/registrars/ispapi/tld-extras';
import { extraFieldName } from '../../src/domain/tld-policy';

/**
 * The field table's operations (src/domain/tld-fields/operations.ts): which registration fields a
 * transfer or a change of registrant carries, each with its source, checked for the new registrant.
 */
const reference = JSON.parse(readFileSync('src/sandbox/ispapi/reference/commands.json', 'utf8')) as {
  commands: Record<string, { parameters: Array<{ name: string }> }>;
};
const paramsOf = (command: string) => new Set(reference.commands[command]?.parameters.map((p) => p.name) ?? []);

const person = (countryCode: string) => ({ firstName: 'Eva', lastName: 'Smit', email: 'eva@example.com', countryCode });

describe('TLD fields of transfers and registrant changes', () => {
  it('each listed field exists in the registration table, has a source, and ISPAPI takes it on the command', () => {
    const commands = { transfer: ['TransferDomain'], registrantChange: ['ModifyDomain'] } as const;
    for (const [operation, bySuffix] of Object.entries(OPERATION_FIELDS) as Array<[keyof typeof commands, typeof OPERATION_FIELDS.transfer]>) {
      for (const [suffix, listed] of Object.entries(bySuffix)) {
        assert.match(listed.source, /shared\/specs/);
        const fields = operationFields(operation, `example.${suffix}`);
        assert.deepEqual(fields.map((f) => f.key).sort(), [...listed.keys].sort(), `${operation} .${suffix}`);
        for (const command of commands[operation]) {
          assert.ok(reference.commands[command], `${command} is in the reference`);
          for (const f of fields) {
            const name = extraFieldName(ISPAPI_EXTRA_FIELDS, `example.${suffix}`, f.key)!;
            assert.ok(paramsOf(command).has(name), `${command} takes ${name}`);
          }
        }
      }
    }
  }); // prettier-ignore

  it('transfer: .ca needs the legal type, checks its values, refuses keys a transfer does not carry', () => {
    assert.deepEqual(checkTransferFields('a.ca', {}).map((p) => p.path.join('.')), ['extras.legalType']);
    assert.deepEqual(checkTransferFields('a.ca', { legalType: 'CCO', language: 'FR' }), []);
    assert.match(checkTransferFields('a.ca', { legalType: 'XXX' })[0]!.message, /must be one of CCO/);
    assert.deepEqual(checkTransferFields('a.com', {}), []);
    assert.deepEqual(checkTransferFields('a.us', { nexusCategory: 'C11' }).map((p) => p.message), ['is not used by a transfer of this TLD']);
  }); // prettier-ignore

  it('change: .us wants the nexus of every new registrant; .eu the citizenship of a person outside the EU/EEA', () => {
    const paths = (problems: Array<{ path: Array<string | number> }>) => problems.map((p) => p.path.join('.')).sort();
    assert.deepEqual(paths(checkRegistrantChangeFields('a.us', person('US'), {})), ['extras.appPurpose', 'extras.nexusCategory']);
    assert.deepEqual(checkRegistrantChangeFields('a.us', person('US'), { nexusCategory: 'C11', appPurpose: 'P3' }), []);
    assert.deepEqual(paths(checkRegistrantChangeFields('a.eu', person('US'), {})), ['extras.citizenship']);
    assert.deepEqual(checkRegistrantChangeFields('a.eu', person('DE'), {}), [], 'a resident needs none');
    assert.deepEqual(checkRegistrantChangeFields('a.eu', { ...person('US'), organisation: 'Smit Inc' }, {}), []);
  }); // prettier-ignore

  it('change: no material change (the same registrant moved house): nothing required, values still checked', () => {
    const current = person('US');
    assert.deepEqual(checkRegistrantChangeFields('a.us', person('US'), {}, current), []);
    assert.match(checkRegistrantChangeFields('a.us', person('US'), { nexusCategory: 'C99' }, current)[0]!.message, /must be one of/);
  }); // prettier-ignore

  it('change: the trade extras keep their rules (.it) and unknown keys stay refused', () => {
    const it = checkRegistrantChangeFields('a.it', person('IT'), {});
    assert.ok(it.some((p) => p.path.join('.') === 'extras.pin'));
    assert.deepEqual(checkRegistrantChangeFields('a.us', person('US'), { nexusCategory: 'C11', appPurpose: 'P3', bogus: 'x' }).map((p) => p.path.join('.')), ['extras.bogus']);
  }); // prettier-ignore

  it('the registrar names of a change include the table’s fields (ISPAPI X-US-NEXUS-*)', () => {
    assert.deepEqual(
      registrantChangeExtrasFor('a.us', { nexusCategory: 'C11', appPurpose: 'P3' }, ISPAPI_EXTRA_FIELDS),
      {
        'X-US-NEXUS-CATEGORY': 'C11',
        'X-US-NEXUS-APPPURPOSE': 'P3',
      },
    );
  });
});
