import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { availabilityFromCheck, inlineContact } from '../../src/registrars/ispapi/adapter';

const status = (row: Parameters<typeof availabilityFromCheck>[1]): string => availabilityFromCheck('x.com', row).status;

describe('ISPAPI DOMAINCHECK mapping (spec 2.1)', () => {
  it('210 available; 549 unsupported; 421 or nothing unknown', () => {
    assert.equal(status({ check: '210 Available' }), 'available');
    assert.equal(status({ check: '549 Command failed' }), 'unsupported');
    assert.equal(status({ check: '421 Command failed due to server error' }), 'unknown');
    assert.equal(status({}), 'unknown');
  });

  it('211: blocked is taken even with a premium channel; NXD collision and CLASS+reserved are reserved', () => {
    assert.equal(status({ check: '211 Domain name not available', reason: 'Blocked by DPML', channel: 'X' }), 'taken');
    assert.equal(status({ check: '211 Collision Domain name available {NXD}' }), 'reserved');
    assert.equal(
      status({ check: '211 Domain name not available', reason: 'Reserved name', cls: 'RESERVED' }),
      'reserved',
    );
    assert.equal(status({ check: '211 Domain name not available', reason: 'Reserved name' }), 'taken');
    assert.equal(status({ check: '211 Domain name not available' }), 'taken');
  });

  it('211 with a premium channel or PREMIUM class is premium; the price only when both parts are given', () => {
    assert.deepEqual(
      availabilityFromCheck('p.com', {
        check: '211 Premium Domain name available',
        channel: 'NAMEMEDIA',
        price: '120.00',
        currency: 'USD',
      }),
      {
        domain: 'p.com',
        status: 'premium',
        reason: 'Premium Domain name available',
        premiumPrice: { amount: '120.00', currency: 'USD' },
      },
    );
    const noPrice = availabilityFromCheck('p.com', { check: '211 Premium', cls: 'PREMIUM_DONUTS_Price Category A' });
    assert.equal(noPrice.status, 'premium');
    assert.equal(noPrice.premiumPrice, undefined);
  });
});

describe('ISPAPI inline contact', () => {
  it('joins address lines with " , " and leaves out empty optional fields', () => {
    const fields = inlineContact({
      firstName: 'Jo',
      lastName: 'Doe',
      organisation: '',
      street: ['Main 1', 'Floor 2', 'Back door'],
      city: 'Utrecht',
      postalCode: '3511AA',
      countryCode: 'NL',
      phone: '+31.301234567',
      email: 'jo@example.com',
    });
    assert.equal(fields.STREET, 'Main 1 , Floor 2 , Back door');
    assert.equal(fields.ORGANIZATION, undefined);
    assert.equal(fields.STATE, undefined);
    assert.equal(fields.ZIP, '3511AA');
  });
});
