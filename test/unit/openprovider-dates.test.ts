import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addAmsterdamDays,
  formatOpenproviderDate,
  OpenproviderDateError,
  parseOpenproviderDate,
  parseOptionalOpenproviderDate,
} from '../../src/registrars/openprovider/dates';

describe('parseOpenproviderDate (Europe/Amsterdam wall time -> ISO UTC)', () => {
  const cases: Array<[string, string, string]> = [
    ['spec sample, winter (CET, +01:00)', '2026-03-14 10:12:40', '2026-03-14T09:12:40.000Z'],
    ['summer (CEST, +02:00)', '2026-07-01 12:00:00', '2026-07-01T10:00:00.000Z'],
    ['last second before spring-forward', '2026-03-29 01:59:59', '2026-03-29T00:59:59.000Z'],
    ['first second after spring-forward', '2026-03-29 03:00:00', '2026-03-29T01:00:00.000Z'],
    ['inside the spring gap: moved forward by the gap', '2026-03-29 02:30:00', '2026-03-29T01:30:00.000Z'],
    ['before fall-back', '2026-10-25 01:59:59', '2026-10-24T23:59:59.000Z'],
    ['repeated hour at fall-back: the earlier instant', '2026-10-25 02:30:00', '2026-10-25T00:30:00.000Z'],
    ['after fall-back', '2026-10-25 03:00:00', '2026-10-25T02:00:00.000Z'],
    ['unpadded hour (swagger artefact)', '2019-01-27 0:55:17', '2019-01-26T23:55:17.000Z'],
    ['new year in Amsterdam is still the old year in UTC', '2027-01-01 00:30:00', '2026-12-31T23:30:00.000Z'],
    ['leap day', '2028-02-29 12:00:00', '2028-02-29T11:00:00.000Z'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(parseOpenproviderDate(input), expected));
  }

  const rejected: Array<[string, string | undefined | null]> = [
    ['empty', ''],
    ['blank', '   '],
    ['absent', undefined],
    ['null', null],
    ['zero date', '0000-00-00 00:00:00'],
    ['epoch in UTC terms', '1970-01-01 01:00:00'],
    ['epoch wall time', '1970-01-01 00:00:00'],
    ['before the epoch', '1969-12-31 23:00:00'],
    ['impossible day', '2026-02-30 10:00:00'],
    ['month 13', '2026-13-01 00:00:00'],
    ['hour 24', '2026-03-14 24:00:00'],
    ['ISO with zone (not the wire format)', '2026-03-14T10:12:40Z'],
    ['date only', '2026-03-14'],
    ['European order', '14/03/2026 10:12:40'],
  ];
  for (const [name, input] of rejected) {
    it(`rejects ${name}`, () =>
      assert.throws(() => parseOpenproviderDate(input, 'expiration_date'), OpenproviderDateError));
  }

  it('names the field in the error', () => {
    assert.throws(() => parseOpenproviderDate('', 'renewal_date'), /renewal_date is empty/);
  });
});

describe('parseOptionalOpenproviderDate', () => {
  it('treats the API\'s "unset" spellings as absent', () => {
    assert.equal(parseOptionalOpenproviderDate(''), undefined);
    assert.equal(parseOptionalOpenproviderDate('0000-00-00 00:00:00'), undefined);
    assert.equal(parseOptionalOpenproviderDate(undefined), undefined);
  });
  it('still refuses garbage and the epoch', () => {
    assert.throws(() => parseOptionalOpenproviderDate('soon'), OpenproviderDateError);
    assert.throws(() => parseOptionalOpenproviderDate('1970-01-01 01:00:00'), OpenproviderDateError);
  });
  it('parses real dates', () => {
    assert.equal(parseOptionalOpenproviderDate('2026-03-14 10:12:40'), '2026-03-14T09:12:40.000Z');
  });
});

describe('formatOpenproviderDate', () => {
  it('writes Amsterdam wall time, zero-padded', () => {
    assert.equal(formatOpenproviderDate(new Date('2026-07-01T08:05:09Z')), '2026-07-01 10:05:09');
    assert.equal(formatOpenproviderDate(new Date('2026-01-01T00:00:00Z')), '2026-01-01 01:00:00');
  });
  it('round-trips every 7 minutes across both 2026 transitions (except the repeated hour)', () => {
    const ranges: Array<[string, string]> = [
      ['2026-03-28T20:00:00Z', '2026-03-29T06:00:00Z'],
      ['2026-10-24T20:00:00Z', '2026-10-25T06:00:00Z'],
    ];
    let checked = 0;
    for (const [from, to] of ranges) {
      for (let t = Date.parse(from); t <= Date.parse(to); t += 7 * 60_000) {
        const wire = formatOpenproviderDate(new Date(t));
        const back = Date.parse(parseOpenproviderDate(wire));
        // 00:00-01:00 UTC on 25 Oct is the second 02:xx in Amsterdam: it reads back one hour earlier.
        const repeated = t >= Date.parse('2026-10-25T01:00:00Z') && t < Date.parse('2026-10-25T02:00:00Z');
        assert.equal(back, repeated ? t - 3_600_000 : t, `${new Date(t).toISOString()} -> ${wire}`);
        checked++;
      }
    }
    assert.ok(checked > 150);
  });
});

describe('addAmsterdamDays (calendar days in Amsterdam wall time)', () => {
  it('keeps the wall-clock time across the autumn and spring DST changes', () => {
    const autumn = addAmsterdamDays(new Date('2026-10-10T10:00:00.000Z'), 30); // 12:00 CEST
    assert.equal(formatOpenproviderDate(autumn), '2026-11-09 12:00:00');
    assert.equal(autumn.toISOString(), '2026-11-09T11:00:00.000Z'); // 30 x 24 h + 1 h later
    const spring = addAmsterdamDays(new Date('2027-03-15T11:00:00.250Z'), 30); // 12:00 CET
    assert.equal(spring.toISOString(), '2027-04-14T10:00:00.250Z');
    assert.equal(addAmsterdamDays(new Date('2026-03-03T12:00:00.000Z'), -2).toISOString(), '2026-03-01T12:00:00.000Z');
    assert.throws(() => addAmsterdamDays(new Date(Number.NaN), 1), OpenproviderDateError);
  });
});
