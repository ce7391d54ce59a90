import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registrantChangeExtras, registrantChangeExtrasFor } from '../../src/domain/registrant-change';
import { extraFieldName, tldPolicy } from '../../src/domain/tld-policy';
import { REGISTRARS } from '../../src/registrars';
import { OPENPROVIDER_EXTRA_FIELDS } from '../../src/registrars/openprovider/tld-extras';

// Every TLD the domain layer gives extras to (registration policy or registrant-change trade).
const DOMAINS_WITH_EXTRAS = ['example.ca', 'example.it', 'example.se', 'example.ch', 'example.de', 'example.com'];

describe('TLD extras: each registrar names every neutral extra', () => {
  for (const entry of Object.values(REGISTRARS)) {
    it(`${entry.name} has a field name for every extra of every TLD`, () => {
      for (const domain of DOMAINS_WITH_EXTRAS) {
        const keys = new Set([...tldPolicy(domain).extras, ...registrantChangeExtras(domain)].map((e) => e.key));
        for (const key of keys) {
          assert.ok(extraFieldName(entry.tldExtraFields, domain, key), `${entry.name}: ${domain} extras.${key}`);
        }
      }
    });
  }

  it('Openprovider names the .it and .se trade extras as its additional_data', () => {
    assert.deepEqual(
      registrantChangeExtrasFor(
        'example.it',
        { pin: 'X', entityType: '1', consentForPublishing: '0', acceptSection3: '1', acceptSection7: '1' },
        OPENPROVIDER_EXTRA_FIELDS,
      ),
      {
        reg_code: 'X',
        entity_type: '1',
        consent_for_publishing: '0',
        accept_section_3: '1',
        accept_section_7: '1',
      },
    );
    assert.deepEqual(registrantChangeExtrasFor('example.se', { idNumber: '1' }, OPENPROVIDER_EXTRA_FIELDS), {
      company_registration_number: '1',
    });
  });

  it('a TLD named like an Object.prototype property has no field names', () => {
    assert.equal(extraFieldName(OPENPROVIDER_EXTRA_FIELDS, 'example.constructor', 'legalType'), undefined);
    assert.equal(extraFieldName(OPENPROVIDER_EXTRA_FIELDS, 'example.ca', 'constructor'), undefined);
  });
});
