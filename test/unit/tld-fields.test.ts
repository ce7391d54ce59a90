import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  checkTldFields,
  prefillExtras,
  TLD_FIELD_SETS,
  tldFieldSet,
  type RegistrantFacts,
} from '../../src/domain/tld-fields';
import { extraFieldName } from '../../src/domain/tld-policy';
import { ISPAPI_EXTRA_FIELDS } from '../../src/registrars/ispapi/tld-extras';

/** The TLDs issue 17 names: each must be in the table (possibly with no fields and a note). */
const ISSUE_TLDS = [
  'us', 'uk', 'co.uk', 'de', 'dk', 'it', 'eu', 'fr', 'es', 'nl', 'be', 'ch', 'li', 'se', 'nu', 'fi', 'at', 'pl',
  'pt', 'ro', 'ca', 'au', 'com.au', 'asia', 'travel', 'jobs', 'pro', 'swiss', 'sg', 'hk', 'jp', 'cn',
]; // prettier-ignore

const reference = JSON.parse(readFileSync('src/sandbox/ispapi/reference/commands.json', 'utf8')) as {
  commands: Record<string, { parameters: Array<{ name: string; values?: string[] }> }>;
};
const addDomainParams = new Map(reference.commands.AddDomain!.parameters.map((p) => [p.name, p]));

const person = (countryCode: string): RegistrantFacts => ({ type: 'person', countryCode });
const org = (countryCode: string): RegistrantFacts => ({ type: 'organisation', countryCode });

describe('TLD field table (src/domain/tld-fields)', () => {
  it('covers every TLD of issue 17, once, each field with a description and a source', () => {
    const suffixes = TLD_FIELD_SETS.map((s) => s.suffix);
    assert.equal(new Set(suffixes).size, suffixes.length, 'a suffix twice');
    for (const tld of ISSUE_TLDS) assert.ok(suffixes.includes(tld), `.${tld} missing`);
    for (const set of TLD_FIELD_SETS) {
      if (set.fields.length === 0) assert.ok(set.note, `.${set.suffix}: no fields and no note saying why`);
      for (const f of set.fields) {
        assert.ok(f.description && f.source, `.${set.suffix} ${f.key}: description and source`);
      }
    }
  });

  it('ISPAPI maps every field to an AddDomain parameter of the reference, with values the reference allows', () => {
    for (const set of TLD_FIELD_SETS) {
      for (const f of set.fields) {
        const name = extraFieldName(ISPAPI_EXTRA_FIELDS, `example.${set.suffix}`, f.key);
        assert.ok(name, `.${set.suffix} ${f.key}: no ISPAPI parameter`);
        const param = addDomainParams.get(name);
        assert.ok(param, `.${set.suffix} ${f.key}: ${name} is not an AddDomain parameter`);
        for (const v of f.values ?? []) {
          if (param.values) assert.ok(param.values.includes(v), `${name}: the reference does not allow ${v}`);
        }
      }
    }
  });

  it('picks the longest suffix and answers undefined for a TLD it does not know', () => {
    assert.equal(tldFieldSet('shop.example.co.uk')?.suffix, 'co.uk');
    assert.equal(tldFieldSet('example.com.au')?.suffix, 'com.au');
    assert.equal(tldFieldSet('example.com'), undefined);
    assert.equal(tldFieldSet('example.constructor'), undefined);
  });

  it('required per registrant kind and country, naming the field', () => {
    const names = (problems: { path: string[] }[]) => problems.map((p) => p.path.join('.'));
    assert.deepEqual(names(checkTldFields('a.us', {}, person('US'))), ['extras.nexusCategory', 'extras.appPurpose']);
    assert.deepEqual(names(checkTldFields('a.dk', {}, person('DK'))), []);
    assert.deepEqual(names(checkTldFields('a.dk', {}, org('DK'))), ['extras.vatId']);
    assert.deepEqual(names(checkTldFields('a.eu', {}, person('DE'))), []);
    assert.deepEqual(names(checkTldFields('a.eu', {}, person('US'))), ['extras.citizenship']);
    assert.deepEqual(names(checkTldFields('a.sg', {}, org('SG'))), ['extras.rcbId']);
    assert.deepEqual(names(checkTldFields('a.sg', {}, org('DE'))), []);
    assert.deepEqual(names(checkTldFields('a.us', { nexusCategory: 'C99', appPurpose: 'P1' }, org('US'))), [
      'extras.nexusCategory',
    ]);
    assert.deepEqual(names(checkTldFields('a.com', { nexusCategory: 'C11' }, org('US'))), ['extras.nexusCategory']);
  });

  it('pre-fills the .it entity type of a natural person, never over a given value', () => {
    assert.deepEqual(prefillExtras('a.it', { pin: 'X' }, person('IT')), { pin: 'X', entityType: '1' });
    assert.deepEqual(prefillExtras('a.it', { entityType: '2' }, person('IT')), { entityType: '2' });
    assert.deepEqual(prefillExtras('a.it', {}, org('IT')), {});
  });
});
