import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ispapiDateField, ispapiDisplayExpiry, isoToIspapiDate } from '../../src/registrars/ispapi/adapter';
import { RegistrarRejectedError } from '../../src/registrars/errors';

describe('ISPAPI expiry shown to people (module getExpiryData, spec 3.2)', () => {
  it('FAILUREDATE > PAIDUNTILDATE: PAIDUNTILDATE (the reconstructed .com sample)', () => {
    assert.equal(
      ispapiDisplayExpiry({
        expiration: '2026-03-14T10:12:40.000Z',
        paidUntil: '2026-03-14T10:12:40.000Z',
        finalization: '2026-03-15T10:12:40.000Z',
        failure: '2026-04-27T10:12:40.000Z',
      }),
      '2026-03-14T10:12:40.000Z',
    );
  });

  it('otherwise FINALIZATIONDATE + (PAIDUNTILDATE - EXPIRATIONDATE): .eu 6 Dec shown as 29 Nov (#82)', () => {
    const eu = {
      expiration: '2026-12-06T00:00:00.000Z',
      paidUntil: '2026-12-06T00:00:00.000Z',
      finalization: '2026-11-29T00:00:00.000Z',
      failure: '2026-11-29T00:00:00.000Z',
    };
    assert.equal(ispapiDisplayExpiry(eu), '2026-11-29T00:00:00.000Z');
    assert.equal(
      ispapiDisplayExpiry({ ...eu, paidUntil: '2027-12-06T00:00:00.000Z', failure: '2027-11-29T00:00:00.000Z' }),
      '2027-11-29T00:00:00.000Z',
      'shifted by the prepaid year',
    );
    // equal dates are not "after": the second branch
    assert.equal(ispapiDisplayExpiry({ ...eu, failure: eu.paidUntil }), '2026-11-29T00:00:00.000Z');
  });

  it('fallbacks: no FINALIZATIONDATE -> PAIDUNTILDATE; no PAIDUNTILDATE -> registry expiry', () => {
    assert.equal(
      ispapiDisplayExpiry({
        expiration: '2026-12-06T00:00:00.000Z',
        paidUntil: '2026-12-05T00:00:00.000Z',
        failure: '2026-11-29T00:00:00.000Z',
      }),
      '2026-12-05T00:00:00.000Z',
    );
    assert.equal(ispapiDisplayExpiry({ expiration: '2026-12-06T00:00:00.000Z' }), '2026-12-06T00:00:00.000Z');
  });
});

describe('ISPAPI date fields', () => {
  it('absent is undefined; empty, zero, epoch and garbage are errors naming the field', () => {
    assert.equal(ispapiDateField({}, 'PAIDUNTILDATE', 'StatusDomain'), undefined);
    assert.equal(
      ispapiDateField({ PAIDUNTILDATE: '2026-03-14 10:12:40' }, 'PAIDUNTILDATE', 'StatusDomain'),
      '2026-03-14T10:12:40.000Z',
    );
    for (const bad of ['', '0000-00-00 00:00:00', '1970-01-01 00:00:00', '1969-12-31 23:59:59', 'soon']) {
      assert.throws(
        () => ispapiDateField({ FAILUREDATE: bad }, 'FAILUREDATE', 'StatusDomain'),
        (err: unknown) => err instanceof RegistrarRejectedError && /FAILUREDATE/.test(err.message),
        bad,
      );
    }
  });

  it('the renewal guard is written as UTC YYYY-MM-DD HH:MM:SS', () => {
    assert.equal(isoToIspapiDate('2026-03-14T10:12:40.000Z'), '2026-03-14 10:12:40');
    assert.equal(isoToIspapiDate('2026-03-14T12:12:40+02:00'), '2026-03-14 10:12:40');
    assert.equal(isoToIspapiDate('1970-01-01T00:00:00Z'), undefined);
    assert.equal(isoToIspapiDate('not a date'), undefined);
  });
});
