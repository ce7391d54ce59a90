import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkRegistrantChangeInput,
  chooseRegistrantChange,
  materialChanges,
  registrantChangeExtrasFor,
  REGISTRANT_CHANGE_RULES,
  tableZonePolicy,
  type RegistrantChangeDecision,
  type RegistrantIdentity,
} from '../../src/domain/registrant-change';
import { ISPAPI_EXTRA_FIELDS } from '../../src/registrars/ispapi/tld-extras';

const OLD: RegistrantIdentity = {
  firstName: 'Jan',
  lastName: 'Jansen',
  organisation: 'Jansen BV',
  email: 'jan@example.nl',
};
const NEW: RegistrantIdentity = {
  firstName: 'Eva',
  lastName: 'Smit',
  organisation: 'Smit BV',
  email: 'eva@example.nl',
};
const IT_EXTRAS = {
  pin: 'RSSMRA80A01H501U',
  entityType: '1',
  acceptSection3: '1',
  acceptSection5: '1',
  acceptSection6: '1',
  acceptSection7: '1',
};

/** The decision when it is not a refusal (narrows the type for the fields only accepted changes have). */
function accepted(d: RegistrantChangeDecision): Exclude<RegistrantChangeDecision, { procedure: 'refused' }> {
  if (d.procedure === 'refused') assert.fail(`refused: ${d.why}`);
  return d;
}

const decide = (domain: string, extra: Partial<Parameters<typeof chooseRegistrantChange>[0]> = {}) =>
  chooseRegistrantChange({
    domain,
    current: OLD,
    next: NEW,
    mode: 'designated-agent',
    optOutTransferLock: false,
    ...extra,
  });

describe('registrant change policy', () => {
  it('material change = first name, last name, organisation or e-mail (e-mail case-insensitive)', () => {
    assert.deepEqual(materialChanges(OLD, NEW), ['firstName', 'lastName', 'organisation', 'email']);
    assert.deepEqual(materialChanges(OLD, { ...OLD, email: 'JAN@example.nl' }), []);
    assert.deepEqual(materialChanges(OLD, { ...OLD, organisation: undefined }), ['organisation']);
    assert.deepEqual(materialChanges(OLD, { ...OLD, firstName: ' Jan ' }), [], 'surrounding spaces are no change');
  });

  it('the table: gTLDs ICANN-TRADE, .it .ch .se .sg .li TRADE, other ccTLDs UPDATE', () => {
    assert.equal(tableZonePolicy('example.com'), 'ICANN-TRADE');
    assert.equal(tableZonePolicy('example.shop'), 'ICANN-TRADE');
    for (const tld of ['it', 'ch', 'se', 'sg', 'li']) assert.equal(tableZonePolicy(`x.${tld}`), 'TRADE', tld);
    assert.equal(tableZonePolicy('example.de'), 'UPDATE');
    assert.equal(tableZonePolicy('example.ca'), 'UPDATE');
  });

  it('gTLD material change, default mode: designated-agent trade with the opt-out as asked and the 60-day lock', () => {
    const d = accepted(decide('example.com'));
    assert.equal(d.procedure, 'designated-agent-trade');
    assert.equal(d.optOutTransferLock, false);
    assert.equal(d.transferLockDays, REGISTRANT_CHANGE_RULES.transferLockDays);
    assert.match(d.why, /designated agent/);
    assert.match(d.why, /first name, last name, organisation, e-mail/);
    assert.match(d.why, /60 days/);
    const optedOut = accepted(decide('example.com', { optOutTransferLock: true }));
    assert.equal(optedOut.optOutTransferLock, true);
    assert.equal(optedOut.transferLockDays, 0);
  });

  it('registrant-confirmation mode: the old registrant confirms within 14 days', () => {
    const d = accepted(decide('example.org', { mode: 'registrant-confirmation' }));
    assert.equal(d.procedure, 'registrant-confirmation');
    assert.equal(d.confirmationWindowDays, 14);
    assert.match(d.why, /within 14 days/);
  });

  it('non-material change: plain contact update, no trade, no lock, whatever the TLD', () => {
    for (const domain of ['example.com', 'example.it']) {
      const d = accepted(decide(domain, { next: { ...OLD, email: 'Jan@Example.NL' } }));
      assert.equal(d.procedure, 'contact-update', domain);
      assert.equal(d.transferLockDays, 0);
      assert.equal(d.optOutTransferLock, undefined);
      assert.match(d.why, /no material change/);
    }
  });

  it('TRADE ccTLDs: registry trade; the registrar answer wins over the table', () => {
    assert.equal(decide('example.it').procedure, 'registry-trade');
    assert.equal(decide('example.se').procedure, 'registry-trade');
    const d = decide('example.it', {
      registrar: { zonePolicy: 'UPDATE', source: 'ZONEPOLICYREGISTRANTNAMECHANGEBY=UPDATE' },
    });
    assert.equal(d.procedure, 'contact-update');
    assert.match(d.why, /the registrar says ZONEPOLICYREGISTRANTNAMECHANGEBY=UPDATE/);
    assert.equal(decide('example.de', { registrar: { zonePolicy: 'TRADE' } }).procedure, 'registry-trade');
  });

  it('AFNIC never gets the lock opt-out flag (by TLD or by repository)', () => {
    const byRepository = accepted(
      decide('example.paris', {
        optOutTransferLock: true,
        registrar: { zonePolicy: 'ICANN-TRADE', repository: 'PARIS-AFNIC' },
      }),
    );
    assert.equal(byRepository.procedure, 'designated-agent-trade');
    assert.equal(byRepository.optOutTransferLock, undefined);
    assert.equal(byRepository.transferLockDays, 60);
    assert.match(byRepository.why, /AFNIC/);
    const fr = accepted(decide('example.fr', { optOutTransferLock: true, registrar: { zonePolicy: 'ICANN-TRADE' } }));
    assert.equal(fr.optOutTransferLock, undefined);
    for (const tld of ['fr', 're', 'pm', 'tf', 'wf', 'yt']) {
      const d = accepted(decide(`example.${tld}`, { optOutTransferLock: true }));
      assert.equal(d.optOutTransferLock, undefined, tld);
    }
  });

  it('.ca: name or organisation change refused, other changes are a contact update', () => {
    const refused = decide('example.ca');
    assert.equal(refused.procedure, 'refused');
    assert.match(
      refused.why,
      /\(CIRA\) forbids changing the registrant's name or organisation \(first name, last name, organisation/,
    );
    const email = decide('example.ca', { next: { ...OLD, email: 'new@example.ca' } });
    assert.equal(email.procedure, 'contact-update');
  });

  it('input check: .ca name change and legal type, .it extras, unknown keys, each naming the field', () => {
    const ca = checkRegistrantChangeInput('example.ca', NEW, { legalType: 'XXX' }, OLD);
    assert.deepEqual(
      ca.map((p) => p.path.join('.')),
      ['registrant.firstName', 'extras.legalType'],
    );
    assert.match(ca[0]!.message, /CIRA/);
    assert.match(ca[1]!.message, /must be one of CCO/);
    assert.deepEqual(
      checkRegistrantChangeInput('example.ca', NEW, {}).map((p) => p.path.join('.')),
      ['extras.legalType'],
      'without the current registrant the name rule waits for the registrar read',
    );
    const it = checkRegistrantChangeInput('example.it', NEW, { pin: 'X', acceptSection3: '0', colour: 'red' });
    assert.deepEqual(
      it.map((p) => `${p.path.join('.')}: ${p.message.split(' (')[0]}`),
      [
        'extras.entityType: is required for a change of registrant of this TLD',
        'extras.acceptSection3: must be one of 1',
        'extras.acceptSection5: is required for a change of registrant of this TLD',
        'extras.acceptSection6: is required for a change of registrant of this TLD',
        'extras.acceptSection7: is required for a change of registrant of this TLD',
        'extras.colour: is not used by this TLD',
      ],
    );
    assert.deepEqual(checkRegistrantChangeInput('example.it', NEW, IT_EXTRAS), []);
    assert.deepEqual(
      checkRegistrantChangeInput('example.it', { ...OLD, email: 'jan@example.nl' }, {}, OLD),
      [],
      'a non-material .it change needs no trade extras',
    );
    assert.deepEqual(checkRegistrantChangeInput('example.com', NEW, {}), []);
  });

  it('extras become the registrar field names', () => {
    assert.deepEqual(registrantChangeExtrasFor('example.it', IT_EXTRAS, ISPAPI_EXTRA_FIELDS), {
      'X-IT-PIN': 'RSSMRA80A01H501U',
      'X-IT-REGISTRANT-ENTITY-TYPE': '1',
      'X-IT-ACCEPT-LIABILITY-TAC': '1',
      'X-IT-ACCEPT-REGISTRATION-TAC': '1',
      'X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC': '1',
      'X-IT-ACCEPT-EXPLICIT-TAC': '1',
    });
    assert.deepEqual(registrantChangeExtrasFor('example.ca', { legalType: 'CCO' }, ISPAPI_EXTRA_FIELDS), {
      'X-CA-LEGALTYPE': 'CCO',
    });
  });
});
