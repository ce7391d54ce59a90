import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTldFields, prefillExtras, TLD_FIELD_SETS, type RegistrantFacts } from '../../src/domain/tld-fields';
import { registerDomainInputSchema, registerExtras } from '../../src/contracts/register';
import type { Contact } from '../../src/domain/contact';

/**
 * The seed module's auto-prefill (shared/seeds/000 "Auto-prefill fields"): VAT ID, DK Hostmaster
 * User ID and the .ca language from the customer's profile, the .it entity type of a person. A
 * value given always wins; a profile value a field cannot take fills nothing.
 */
const person = (countryCode: string): RegistrantFacts => ({ type: 'person', countryCode });
const org = (countryCode: string): RegistrantFacts => ({ type: 'organisation', countryCode });

describe('TLD field pre-fills (src/domain/tld-fields/prefill.ts)', () => {
  it('.dk: VAT ID and DK Hostmaster ID from the owner, the admin Hostmaster ID from the admin', () => {
    const extras = prefillExtras('shop.dk', {}, org('DK'), {
      owner: { vatId: 'DK12345678', hostmasterId: 'ABCD1-DK' },
      admin: { hostmasterId: 'ADM9-DK' },
    });
    assert.deepEqual(extras, { vatId: 'DK12345678', hostmasterId: 'ABCD1-DK', adminHostmasterId: 'ADM9-DK' });
    assert.deepEqual(checkTldFields('shop.dk', extras, org('DK')), []);
  });

  it('.dk: without an admin contact the admin Hostmaster ID is the owner’s (admin defaults to the owner)', () => {
    const extras = prefillExtras('shop.dk', {}, person('DK'), { owner: { hostmasterId: 'ABCD1-DK' } });
    assert.deepEqual(extras, { hostmasterId: 'ABCD1-DK', adminHostmasterId: 'ABCD1-DK' });
  });

  it('a value given is never overridden by a pre-fill', () => {
    const given = { vatId: 'DK87654321', hostmasterId: 'GIVEN-DK' };
    const extras = prefillExtras('shop.dk', given, org('DK'), { owner: { vatId: 'DK12345678', hostmasterId: 'X-DK' } });
    assert.equal(extras.vatId, 'DK87654321');
    assert.equal(extras.hostmasterId, 'GIVEN-DK');
    // the .it entity type too: a person's given 3 stays (the pre-fill would be 1)
    assert.equal(prefillExtras('a.it', { entityType: '3' }, person('IT')).entityType, '3');
  });

  it('.ca: the language from the contact, FR or EN; another language fills nothing (registry default EN)', () => {
    assert.equal(prefillExtras('a.ca', { legalType: 'CCT' }, person('CA'), { owner: { language: 'fr' } }).language, 'FR');
    assert.equal(prefillExtras('a.ca', { legalType: 'CCT' }, person('CA'), { owner: { language: 'en' } }).language, 'EN');
    assert.equal(prefillExtras('a.ca', {}, person('CA'), { owner: { language: 'de' } }).language, undefined);
    assert.equal(prefillExtras('a.ca', { language: 'EN' }, person('CA'), { owner: { language: 'fr' } }).language, 'EN');
  }); // prettier-ignore

  it('the VAT ID goes only to TLDs with a VAT field (.se .nu .pt .dk), never adds a key another TLD refuses', () => {
    const owner = { vatId: 'XX999', language: 'fr', hostmasterId: 'H-DK' };
    assert.equal(prefillExtras('a.se', { idNumber: '1' }, org('SE'), { owner }).vatId, 'XX999');
    assert.equal(prefillExtras('a.pt', {}, person('PT'), { owner }).vatId, 'XX999');
    for (const domain of ['a.com', 'a.de', 'a.us', 'a.eu', 'a.fr']) {
      const extras = prefillExtras(domain, {}, person('FR'), { owner });
      assert.deepEqual(
        checkTldFields(domain, extras, person('FR')).filter((p) => p.message.includes('not used')),
        [],
      );
    }
  });

  it('every profile pre-fill names a source and fills only a value its field allows', () => {
    const withProfile = TLD_FIELD_SETS.flatMap((s) => s.fields.filter((f) => f.profilePrefill).map((f) => ({ s, f })));
    assert.deepEqual(withProfile.map(({ s, f }) => `${s.suffix}:${f.key}`).sort(), [
      'ca:language', 'dk:adminHostmasterId', 'dk:hostmasterId', 'dk:vatId', 'nu:vatId', 'pt:vatId', 'se:vatId',
    ]); // prettier-ignore
    for (const { f } of withProfile) assert.match(f.source, /seed/, f.key);
  });

  it('registerDomain input: the contact’s profile pre-fills the .dk VAT ID of an organisation, so it passes the check', () => {
    const owner: Contact = {
      firstName: 'Kim',
      lastName: 'Lund',
      organisation: 'Lund ApS',
      street: ['Main Street 1'],
      city: 'Town',
      postalCode: '1000',
      countryCode: 'DK',
      phone: '+45.12345678',
      email: 'kim@lund.example',
      vatId: 'DK12345678',
    };
    const parsed = registerDomainInputSchema.parse({ domain: 'lund.dk', contacts: { owner } });
    assert.equal(registerExtras(parsed).vatId, 'DK12345678');
    const { vatId: _dropped, ...withoutVat } = owner;
    const refused = registerDomainInputSchema.safeParse({ domain: 'lund.dk', contacts: { owner: withoutVat } });
    assert.ok(!refused.success);
    assert.deepEqual(
      refused.error.issues.map((i) => i.path.join('.')),
      ['extras.vatId'],
    );
  });

  it('the contact refuses a language that is not ISO 639-1', () => {
    const bad = registerDomainInputSchema.safeParse({
      domain: 'a.ca',
      extras: { legalType: 'CCT' },
      contacts: { owner: { firstName: 'A', lastName: 'B', street: ['s'], city: 'c', postalCode: '1', countryCode: 'CA', phone: '+1.5555555', email: 'a@b.example', language: 'French' } },
    }); // prettier-ignore
    assert.ok(!bad.success);
    assert.deepEqual(
      bad.error.issues.map((i) => i.path.join('.')),
      ['contacts.owner.language'],
    );
  });
});
