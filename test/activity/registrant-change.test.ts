import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Contact } from '../../src/domain/contact';
import { RegistrarFundsError, RegistrarRejectedError } from '../../src/registrars/errors';
import { IspapiRegistrantChanger } from '../../src/registrars/ispapi/registrant-change';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { rejectsWith } from '../helpers/temporal';

const OLD = { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl' };
const NEW: Contact = {
  firstName: 'Eva',
  lastName: 'Smit',
  street: ['Dam 1'],
  city: 'Amsterdam',
  postalCode: '1012 JS',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'eva@example.nl',
};
const DAY = 86_400_000;
const NS = ['ns1.example.net', 'ns2.example.net'];

describe('RegistrantChanger against the sandboxes over HTTP', () => {
  let sandbox: IspapiSandbox;
  let changer: IspapiRegistrantChanger;
  let op: OpenproviderSandbox;
  let ispapiSetup: IspapiSetup;
  let opSetup: OpenproviderSetup;

  before(async () => {
    [ispapiSetup, opSetup] = await Promise.all([startIspapi(), startOpenprovider()]);
    sandbox = ispapiSetup.sandbox;
    op = opSetup.sandbox;
    changer = new IspapiRegistrantChanger(ispapiSetup.client);
  });
  after(async () => {
    await ispapiSetup?.close();
    await opSetup?.close();
  });
  beforeEach(() => sandbox.reset());

  const seed = (domain: string) => sandbox.seedDomain({ domain, nameservers: NS, owner: OLD });
  const confirmation = { registrant: { contact: NEW }, extras: {} } as const;

  it('QueryDomainOptions: the zone policy and repository; an override per TLD', async () => {
    assert.deepEqual(await changer.queryRegistrantChangePolicy('example.com'), {
      zonePolicy: 'ICANN-TRADE',
      source: 'ZONEPOLICYREGISTRANTNAMECHANGEBY=ICANN-TRADE',
      repository: 'COM-LIVE',
    });
    assert.equal((await changer.queryRegistrantChangePolicy('example.it')).zonePolicy, 'TRADE');
    assert.equal((await changer.queryRegistrantChangePolicy('example.de')).zonePolicy, 'UPDATE');
    sandbox.setZoneOptions('paris', { policy: 'ICANN-TRADE', repository: 'PARIS-AFNIC' });
    assert.equal((await changer.queryRegistrantChangePolicy('example.paris')).repository, 'PARIS-AFNIC');
  });

  it('current registrant read through StatusDomain and StatusContact', async () => {
    seed('example-read.com');
    assert.deepEqual(await changer.currentRegistrant('example-read.com'), {
      firstName: 'Jan',
      lastName: 'Jansen',
      email: 'jan@example.nl',
    });
  });

  it('old-registrant confirmation: pending verification with its due date, resend, lapse after 14 days', async () => {
    const domain = 'example-confirm.com';
    seed(domain);
    const answer = await changer.tradeDomain({
      domain,
      ...confirmation,
      confirmation: 'old-registrant',
      optOutTransferLock: false,
    });
    assert.equal(answer.state, 'pending');
    const again = await changer.tradeDomain({
      domain,
      ...confirmation,
      confirmation: 'old-registrant',
      optOutTransferLock: false,
    });
    assert.deepEqual([again.state, again.alreadyRequested], ['pending', true]);
    assert.equal(sandbox.journal({ command: 'TradeDomain' }).length, 1, 'a repeated request sends nothing new');
    const pending = await changer.pendingVerification(domain);
    assert.equal(pending?.status, 'PENDING');
    const dueDays = (Date.parse(pending!.dueAt!) - Date.parse(sandbox.clock().now)) / DAY;
    assert.ok(dueDays > 13.99 && dueDays <= 14, `due in 14 days (${dueDays})`);
    await changer.resendConfirmation(domain);
    assert.equal(sandbox.trades()[0]!.resends, 1);
    assert.equal((await changer.tradeStatus(domain)).state, 'pending');
    sandbox.advanceClock(14 * DAY);
    const lapsed = await changer.tradeStatus(domain);
    assert.equal(lapsed.state, 'expired');
    assert.match(lapsed.reason ?? '', /did not confirm within 14 days/);
    assert.equal(await changer.pendingVerification(domain), undefined);
    await assert.rejects(changer.resendConfirmation(domain), (e: unknown) => e instanceof RegistrarRejectedError);
  });

  it('denied and cancelled trades; nothing to cancel is no error', async () => {
    const domain = 'example-deny.com';
    seed(domain);
    await changer.tradeDomain({ domain, ...confirmation, confirmation: 'old-registrant', optOutTransferLock: false });
    sandbox.denyTrade(domain, 'not me');
    assert.deepEqual(await changer.tradeStatus(domain), {
      state: 'denied',
      registrarStatus: 'FAILED (DENIED)',
      reason: 'not me',
    });
    const other = 'example-cancel.com';
    seed(other);
    await changer.tradeDomain({
      domain: other,
      ...confirmation,
      confirmation: 'old-registrant',
      optOutTransferLock: false,
    });
    await changer.cancelTrade(other);
    assert.equal((await changer.tradeStatus(other)).state, 'none');
    await changer.cancelTrade(other);
  });

  it('the registry refuses the lock opt-out for AFNIC (541) and asks for an update on UPDATE zones (219)', async () => {
    sandbox.setZoneOptions('paris', { policy: 'ICANN-TRADE', repository: 'PARIS-AFNIC' });
    seed('example.paris');
    await rejectsWith(
      changer.tradeDomain({
        domain: 'example.paris',
        ...confirmation,
        confirmation: 'designated-agent',
        optOutTransferLock: true,
      }),
      RegistrarRejectedError,
      /541 .*AFNIC/,
    );
    seed('example.de');
    const answer = await changer.tradeDomain({ domain: 'example.de', ...confirmation, confirmation: 'registry' });
    assert.equal(answer.state, 'use-update');
    assert.match(answer.registrarStatus, /^219 .*please use UPDATE method/);
  });

  it('.it trade without the section acceptances: 504 naming the field', async () => {
    seed('example.it');
    await rejectsWith(
      changer.tradeDomain({
        domain: 'example.it',
        registrant: { contact: NEW },
        extras: { pin: 'X', entityType: '1' },
        confirmation: 'registry',
      }),
      RegistrarRejectedError,
      /504 Missing required attribute; X-IT-ACCEPT-LIABILITY-TAC/,
    );
  });

  it('.it fields go only where the reference lists them: no consent with a trade, only section 6 with an update', async () => {
    const extras = {
      pin: 'RSSMRA80A01H501U',
      entityType: '1',
      consentForPublishing: '1',
      acceptSection3: '1',
      acceptSection5: '1',
      acceptSection6: '1',
      acceptSection7: '1',
    };
    seed('fields.it');
    const trade = await changer.tradeDomain({
      domain: 'fields.it',
      registrant: { contact: NEW },
      extras,
      confirmation: 'registry',
    });
    assert.equal(trade.state, 'completed');
    const sent = sandbox.journal({ command: 'TradeDomain', domain: 'fields.it' })[0]!.params;
    assert.deepEqual(
      Object.keys(sent)
        .filter((k) => k.startsWith('X-IT-'))
        .sort(),
      [
        'X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC',
        'X-IT-ACCEPT-EXPLICIT-TAC',
        'X-IT-ACCEPT-LIABILITY-TAC',
        'X-IT-ACCEPT-REGISTRATION-TAC',
        'X-IT-PIN',
        'X-IT-REGISTRANT-ENTITY-TYPE',
      ],
    );
    seed('update.it');
    await changer.updateOwner({ domain: 'update.it', registrant: { contact: NEW }, extras });
    const modify = sandbox.journal({ command: 'ModifyDomain', domain: 'update.it' })[0]!;
    assert.equal(modify.code, 200);
    assert.deepEqual(
      Object.keys(modify.params)
        .filter((k) => k.startsWith('X-IT-'))
        .sort(),
      [
        'X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC',
        'X-IT-CONSENTFORPUBLISHING',
        'X-IT-PIN',
        'X-IT-REGISTRANT-ENTITY-TYPE',
      ],
    );
  });

  it('a .ch trade the account cannot pay: 546 (funds) before anything changes; paid once it succeeds', async () => {
    const domain = 'example-pay.ch';
    seed(domain);
    sandbox.setPrices('ch', { trade: '30.00' });
    sandbox.setBalance({ amount: '20.00' });
    const request = { domain, registrant: { contact: NEW }, extras: {}, confirmation: 'registry' } as const;
    await rejectsWith(changer.tradeDomain(request), RegistrarFundsError, /546 Credit limit exceeded/);
    assert.equal(sandbox.trades().length, 0, 'no trade was opened');
    assert.equal(sandbox.contact(sandbox.domain(domain)!.contacts.owner)?.FIRSTNAME, 'Jan');
    sandbox.setBalance({ amount: '100.00' });
    assert.equal((await changer.tradeDomain(request)).state, 'completed');
    assert.deepEqual(
      sandbox.charges({ domain }).map((c) => `${c.kind}:${c.amount}`),
      ['trade:30.00'],
    );
    assert.equal(sandbox.account().amount, '70.00');
  });

  it('Openprovider: the domain says whether the owner changes by update or trade; a trade on .com is refused', async () => {
    op.seedDomain({ domain: 'op-policy.com', nameservers: NS });
    op.seedDomain({ domain: 'op-policy.se', nameservers: NS });
    const registrar = opSetup.adapter;
    const opChanger = registrar.registrantChanger();
    assert.equal((await opChanger.queryRegistrantChangePolicy('op-policy.com')).zonePolicy, 'UPDATE');
    assert.equal((await opChanger.queryRegistrantChangePolicy('op-policy.se')).zonePolicy, 'TRADE');
    const { handle } = await registrar.ensureContact(NEW);
    await rejectsWith(
      opChanger.tradeDomain({ domain: 'op-policy.com', registrant: { handle }, extras: {}, confirmation: 'registry' }),
      RegistrarRejectedError,
      /399 .*trade is not available for \.com/,
    );
    await assert.rejects(
      opChanger.updateOwner({ domain: 'op-policy.se', registrant: { handle }, extras: {} }),
      (e: unknown) => e instanceof RegistrarRejectedError && e.details.code === '366',
    );
    const traded = await opChanger.tradeDomain({
      domain: 'op-policy.se',
      registrant: { handle },
      extras: {},
      confirmation: 'registry',
    });
    assert.equal(traded.state, 'completed');
    assert.equal(op.domain('op-policy.se')!.handles.owner, handle);
    assert.equal((await opChanger.currentRegistrant('op-policy.se')).email, NEW.email);
  });
});
