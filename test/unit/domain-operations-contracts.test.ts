import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deleteDomainInputSchema, transferOutInputSchema } from '../../src/contracts';
import { parseOrThrow, ValidationError } from '../../src/domain/validation';

const refused = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err;
  }
  assert.fail('accepted');
};

describe('deleteDomain and transferOut inputs', () => {
  it('a deletion needs the same name again in `confirm` (IDN in either form); else refused naming confirm', () => {
    const ok = parseOrThrow(deleteDomainInputSchema, { domain: 'münchen.de', confirm: 'xn--mnchen-3ya.de' });
    assert.equal(ok.domain, 'xn--mnchen-3ya.de');
    assert.equal(ok.mode, 'now');
    const other = refused(() => parseOrThrow(deleteDomainInputSchema, { domain: 'a.com', confirm: 'b.com' }));
    assert.deepEqual(other.fields, ['confirm']);
    assert.match(other.message, /confirm: must repeat the domain name \(a\.com\)/);
    const missing = refused(() => parseOrThrow(deleteDomainInputSchema, { domain: 'a.com' }));
    assert.deepEqual(missing.fields, ['confirm']);
    const mode = refused(() =>
      parseOrThrow(deleteDomainInputSchema, { domain: 'a.com', confirm: 'a.com', mode: 'later' }),
    );
    assert.deepEqual(mode.fields, ['mode']);
  });

  it('push needs a tag, approve and deny take none', () => {
    assert.deepEqual(
      refused(() => parseOrThrow(transferOutInputSchema, { domain: 'a.co.uk', action: 'push' })).fields,
      ['tag'],
    );
    assert.deepEqual(
      refused(() => parseOrThrow(transferOutInputSchema, { domain: 'a.com', action: 'approve', tag: 'X1' })).fields,
      ['tag'],
    );
    assert.deepEqual(
      refused(() => parseOrThrow(transferOutInputSchema, { domain: 'a.co.uk', action: 'push', tag: 'bad tag!' }))
        .fields,
      ['tag'],
    );
    assert.equal(parseOrThrow(transferOutInputSchema, { domain: 'a.com', action: 'deny' }).registrar, 'ispapi');
  });
});
