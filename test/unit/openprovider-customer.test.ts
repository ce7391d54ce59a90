import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sameContact, type Contact } from '../../src/domain/contact';
import {
  fromCustomer,
  normaliseContact,
  splitPhone,
  splitStreetLine,
  toCustomer,
  toCustomerUpdate,
} from '../../src/registrars/openprovider/customer';

const BASE: Contact = {
  firstName: 'Jan',
  lastName: 'Jansen',
  street: ['Damrak 1'],
  city: 'Amsterdam',
  postalCode: '1012 LG',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jan@example.nl',
};

describe('splitStreetLine (WHMCS CustomerAddress rules)', () => {
  const cases: Array<[string, { street: string; number: string; suffix: string }]> = [
    ['Keizersgracht 123', { street: 'Keizersgracht', number: '123', suffix: '' }],
    ['Keizersgracht 123a', { street: 'Keizersgracht', number: '123', suffix: 'a' }],
    ['Keizersgracht 123-B', { street: 'Keizersgracht', number: '123', suffix: 'B' }],
    ['Van Baerlestraat 12 hs', { street: 'Van Baerlestraat', number: '12', suffix: 'hs' }],
    ['12 Main Street', { street: 'Main Street', number: '12', suffix: '' }],
    ['12, Main Street', { street: 'Main Street', number: '12', suffix: '' }],
    ['Main Street', { street: 'Main Street', number: '', suffix: '' }],
    ['  Damrak   1  ', { street: 'Damrak', number: '1', suffix: '' }],
    ['Straße des 17. Juni 135', { street: 'Straße des 17. Juni', number: '135', suffix: '' }],
  ];
  for (const [line, expected] of cases) {
    it(JSON.stringify(line), () => assert.deepEqual(splitStreetLine(line), expected));
  }
});

describe('phone', () => {
  it('+CC.NUMBER -> country code, area = first three digits, subscriber = rest', () => {
    assert.deepEqual(splitPhone('+31.201234567'), {
      country_code: '+31',
      area_code: '201',
      subscriber_number: '234567',
    });
    assert.deepEqual(splitPhone('+1.2125550100'), {
      country_code: '+1',
      area_code: '212',
      subscriber_number: '5550100',
    });
    assert.throws(() => splitPhone('0201234567'), /not \+CC\.NUMBER/);
  });
});

describe('Contact <-> customer', () => {
  it('maps every field; extra street lines go to the suffix', () => {
    assert.deepEqual(
      toCustomer({
        ...BASE,
        organisation: 'Jansen BV',
        street: ['Damrak 1a', 'Unit 4', 'Building C'],
        state: 'Noord-Holland',
        countryCode: 'NL',
        fax: '+31.207654321',
        email: 'jan@example.nl',
      }),
      {
        name: { first_name: 'Jan', last_name: 'Jansen' },
        company_name: 'Jansen BV',
        address: {
          street: 'Damrak',
          number: '1',
          suffix: 'a, Unit 4, Building C',
          zipcode: '1012 LG',
          city: 'Amsterdam',
          state: 'Noord-Holland',
          country: 'NL',
        },
        phone: { country_code: '+31', area_code: '201', subscriber_number: '234567' },
        fax: { country_code: '+31', area_code: '207', subscriber_number: '654321' },
        email: 'jan@example.nl',
      },
    );
  });

  it('leaves out absent company, state and fax; the update clears them', () => {
    const wire = toCustomer(BASE);
    assert.ok(!('company_name' in wire) && !('state' in wire.address) && !('fax' in wire));
    const update = toCustomerUpdate(wire);
    assert.equal((update.address as { state: string }).state, '');
    assert.deepEqual(update.fax, { country_code: '', area_code: '', subscriber_number: '' });
    assert.ok(!('name' in update) && !('company_name' in update));
  });

  it('a round trip compares equal; a real change does not', () => {
    const contacts: Contact[] = [
      BASE,
      { ...BASE, street: ['12 Main Street', 'Apt 4'], countryCode: 'US', phone: '+1.2125550100', state: 'NY' },
      { ...BASE, organisation: 'Jansen BV', fax: '+31.207654321' },
    ];
    for (const c of contacts) {
      const stored = fromCustomer(toCustomer(c));
      assert.ok(sameContact(stored, normaliseContact(c)), JSON.stringify(c));
      assert.equal(stored.phone, c.phone, 'phone survives the naive area-code split');
      assert.equal(stored.fax, c.fax);
    }
    assert.ok(!sameContact(normaliseContact(BASE), normaliseContact({ ...BASE, street: ['Damrak 2'] })));
    assert.ok(!sameContact(normaliseContact(BASE), normaliseContact({ ...BASE, phone: '+31.201234568' })));
  });
});
