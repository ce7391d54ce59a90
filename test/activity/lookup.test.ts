import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDomains, suggestDomains } from '../../src/client/lookup';
import { ValidationError } from '../../src/domain/validation';
import { RegistrarRejectedError } from '../../src/registrars/errors';
import { rejectsWith } from '../helpers/temporal';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';

/** `domainflow check` / `suggest`: plain calls through the adapters, against both sandboxes over HTTP. */
describe('check and suggest through the adapters', () => {
  let ispapi: IspapiSetup;
  let op: OpenproviderSetup;
  before(async () => {
    [ispapi, op] = await Promise.all([startIspapi(), startOpenprovider()]);
  });
  after(async () => {
    await ispapi?.close();
    await op?.close();
  });

  it('ISPAPI: 30 names in 2 CheckDomains calls (25 a call); premium with class and price', async () => {
    const names = Array.from({ length: 28 }, (_, i) => `new-batch${i}.com`);
    const answers = await checkDomains(ispapi.adapter, [...names, 'premium-coffee.com', 'example.com']);
    assert.equal(answers.length, 30);
    assert.equal(ispapi.sandbox.journal({ command: 'CheckDomains' }).length, 2);
    assert.ok(answers.slice(0, 28).every((a) => a.status === 'available'));
    const premium = answers.find((a) => a.domain === 'premium-coffee.com')!;
    assert.equal(premium.status, 'premium');
    assert.deepEqual(premium.premiumPrice, { amount: '120.00', currency: 'USD' });
    assert.match(premium.premiumClass ?? '', /^PREMIUM_/);
    assert.equal(answers.find((a) => a.domain === 'example.com')!.status, 'taken');
  });

  it('Openprovider: one POST /domains/check for many names, premium with its price', async () => {
    const answers = await checkDomains(op.adapter, ['new-one.com', 'new-two.net', 'premium-shop.com']);
    assert.equal(op.sandbox.journal({ route: 'POST /v1beta/domains/check' }).length, 1);
    assert.deepEqual(
      answers.map((a) => a.status),
      ['available', 'available', 'premium'],
    );
    assert.ok(answers[2]!.premiumPrice);
  });

  it('bad names are refused before any call, naming the field', async () => {
    const before = ispapi.sandbox.journal().length;
    await rejectsWith(checkDomains(ispapi.adapter, ['ok.com', 'not a domain']), ValidationError, /domains/);
    await rejectsWith(checkDomains(ispapi.adapter, []), ValidationError, /at least one/);
    assert.equal(ispapi.sandbox.journal().length, before);
  });

  it('suggest: names for the keyword in the TLDs asked for, on both registrars', async () => {
    const fromIspapi = await suggestDomains(ispapi.adapter, { keyword: 'coffee', tlds: ['com', 'net'], limit: 5 });
    assert.equal(fromIspapi.length, 5);
    for (const s of fromIspapi) assert.match(s.domain, /coffee.*\.(com|net)$/);
    const call = ispapi.sandbox.journal({ command: 'QueryDomainSuggestionList' })[0]!;
    assert.equal(call.params.KEYWORD, 'coffee');
    const fromOp = await suggestDomains(op.adapter, { keyword: 'coffee', tlds: ['.nl'], limit: 3 });
    assert.deepEqual(
      fromOp.map((s) => s.domain.endsWith('.nl')),
      [true, true, true],
    );
    await rejectsWith(suggestDomains(op.adapter, { keyword: '' }), ValidationError, /keyword/);
  });

  it("the registrar's refusal comes back as the adapters' error class", async () => {
    await rejectsWith(
      op.adapter.getAuthCode('not-ours.com'),
      RegistrarRejectedError,
      /not in this Openprovider account/,
    );
  });
});
