import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { fetchAuthCode, runTransferOut, startDeletion } from '../../src/client/domain-operations';
import { getDomainEntity, observeDomain, setDomainAutorenew } from '../../src/client/domain';
import { deleteWorkflowId, type DeleteDomainWorkflow } from '../../src/contracts';
import { ValidationError } from '../../src/domain/validation';
import { eventually, rejectsWith } from '../helpers/temporal';
import { createPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';
import { ispapiClient } from '../helpers/registrars';
import { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';

const NS = ['ns1.example.net', 'ns2.example.net'];
const DAY = 86_400_000;

/**
 * The everyday operations of issue 15 part B through their workflows, on the dev server with the
 * ISPAPI sandbox over HTTP and the production activities: deletion (now, at expiry, refused,
 * once after a lost answer), auth codes, transfer-out answers and the .uk push.
 */
describe('deleteDomain, domainAuthCode and transferOut via ISPAPI (dev server)', () => {
  let p: PortfolioEnv;
  before(async () => {
    p = await createPortfolioEnv({ name: 'ops-ispapi' });
  });
  after(async () => p?.teardown());

  const seed = (domain: string, extra: { authCode?: string } = {}) =>
    p.sandbox.seedDomain({ domain, nameservers: NS, expiresAt: new Date(Date.now() + 200 * DAY), ...extra });
  const calls = (command: string, domain: string) => p.sandbox.journal({ command, domain }).length;
  const deleteNow = async (domain: string, extra: { confirm?: string } = {}) => {
    const started = await startDeletion(
      p.env.client,
      { domain, confirm: extra.confirm ?? domain, registrar: 'ispapi' },
      { taskQueue: p.taskQueue },
    );
    return started.handle.result();
  };

  it('delete now: one DeleteDomain, hard quarantine in the result, the entity told; again: nothing sent', async () => {
    const domain = 'delete-now.com';
    seed(domain);
    const result = await deleteNow(domain);
    assert.equal(result.outcome, 'deleted');
    assert.equal(result.sent, true);
    assert.equal(result.phaseFound, 'active');
    assert.equal(result.phase, 'hard-quarantine');
    // DELETIONRESTORABLEPERIOD (30d in the sandbox), read before the deletion
    const days = (Date.parse(result.restorableUntil ?? '') - Date.now()) / DAY;
    assert.ok(days > 29 && days <= 30, `restorable for 30 days, got ${result.restorableUntil}`);
    assert.equal(calls('DeleteDomain', domain), 1);
    const entity = await eventually(async () => {
      const view = await getDomainEntity(p.env.client, domain).catch(() => undefined);
      return view?.facts.phase === 'hard-quarantine' ? view : undefined;
    });
    assert.equal(entity.facts.registrarAutorenew, false);
    const again = await deleteNow(domain);
    assert.equal(again.outcome, 'already-deleted');
    assert.equal(again.sent, false);
    assert.equal(calls('DeleteDomain', domain), 1, 'still one DeleteDomain');
  });

  it('the answer to DeleteDomain is lost: the retry reads the lifecycle and deletes nothing more', async () => {
    const domain = 'delete-lost-answer.com';
    seed(domain);
    p.sandbox.loseAnswer({ command: 'DeleteDomain', times: 1 });
    const result = await deleteNow(domain);
    assert.equal(result.outcome, 'deleted');
    assert.equal(calls('DeleteDomain', domain), 1, 'one DeleteDomain reached the registrar');
  });

  it('refused without the confirmation, before any registrar call (client and raw start)', async () => {
    const domain = 'delete-unconfirmed.com';
    seed(domain);
    await rejectsWith(deleteNow(domain, { confirm: 'other.com' }), ValidationError, /confirm/);
    const raw = await p.env.client.workflow.start<DeleteDomainWorkflow>('deleteDomain', {
      taskQueue: p.taskQueue,
      workflowId: deleteWorkflowId(domain),
      args: [{ domain, registrar: 'ispapi' } as never],
    });
    await rejectsWith(raw.result(), WorkflowFailedError);
    assert.equal(p.sandbox.journal({ domain }).length, 0, 'no registrar call for this domain');
  });

  it('refused while a transfer-out waits: no DeleteDomain; deny it, then the deletion goes through', async () => {
    const domain = 'delete-busy.com';
    seed(domain);
    p.sandbox.requestTransferOut(domain);
    const refused = await deleteNow(domain);
    assert.equal(refused.outcome, 'refused');
    assert.match(refused.reason ?? '', /transfer/);
    assert.equal(calls('DeleteDomain', domain), 0);
    const denied = await runTransferOut(p.env.client, { domain, registrar: 'ispapi', action: 'deny' }, p);
    assert.equal(denied.result.outcome, 'denied');
    assert.ok(p.sandbox.domain(domain), 'still ours');
    assert.equal((await deleteNow(domain)).outcome, 'deleted');
  });

  it('refused while a transfer into the account is pending: no DeleteDomain', async () => {
    const domain = 'delete-arriving.com';
    p.sandbox.seedExternalDomain({ domain, authCode: 'Arriving-1', nameservers: NS });
    const client = ispapiClient(p.sandbox.url);
    await new IspapiRegistrar(client).requestTransfer({ domain, authCode: 'Arriving-1' });
    await client.close();
    const refused = await deleteNow(domain);
    assert.equal(refused.outcome, 'refused');
    assert.match(refused.reason ?? '', /transfer of the domain into this account is pending/);
    assert.equal(calls('DeleteDomain', domain), 0);
  });

  it('at expiry: the entity stops renewing first, then AUTODELETE; a second run sends nothing', async () => {
    const domain = 'delete-at-expiry.com';
    seed(domain);
    const expiry = p.sandbox.domain(domain)!.expiresAt;
    await observeDomain(
      p.env.client,
      { domain, registrar: 'ispapi' },
      {
        source: 'manual',
        observedAt: new Date().toISOString(),
        facts: { phase: 'active', registryExpiresAt: expiry, registrarAutorenew: false },
      },
      { taskQueue: p.taskQueue },
    );
    await setDomainAutorenew(p.env.client, domain, true);
    const input = { domain, confirm: domain, registrar: 'ispapi' as const, mode: 'at-expiry' as const };
    const result = await (await startDeletion(p.env.client, input, p)).handle.result();
    assert.equal(result.outcome, 'deletes-at-expiry');
    assert.equal(result.sent, true);
    assert.equal(result.deletesAt?.slice(0, 10), expiry.slice(0, 10));
    assert.equal(p.sandbox.domain(domain)!.renewalMode, 'AUTODELETE');
    const view = await getDomainEntity(p.env.client, domain);
    assert.equal(view.wishes.autorenew, false, 'the engine no longer renews it');
    const again = await (await startDeletion(p.env.client, input, p)).handle.result();
    assert.equal(again.sent, false);
    assert.equal(calls('SetDomainRenewalMode', domain), 1);
    assert.equal(p.sandbox.domain(domain)!.renewalMode, 'AUTODELETE');
  });

  it('auth code: the current one; reset: a new one the registrar then shows; .de: a DENIC AuthInfo1', async () => {
    seed('code.com', { authCode: 'Seeded-Code-1' });
    const shown = await fetchAuthCode(p.env.client, { domain: 'code.com', registrar: 'ispapi' }, p);
    assert.equal(shown.authCode, 'Seeded-Code-1');
    const reset = await fetchAuthCode(p.env.client, { domain: 'code.com', registrar: 'ispapi', reset: true }, p);
    assert.notEqual(reset.authCode, 'Seeded-Code-1');
    assert.equal(calls('ModifyDomain', 'code.com'), 1);
    const after = await fetchAuthCode(p.env.client, { domain: 'code.com', registrar: 'ispapi' }, p);
    assert.equal(after.authCode, reset.authCode);
    // The same request id again (a retried call): the first run's answer, no second new code.
    const once = { domain: 'code.com', registrar: 'ispapi' as const, reset: true, requestId: 'reset-once' };
    const first = await fetchAuthCode(p.env.client, once, p);
    const repeated = await fetchAuthCode(p.env.client, once, p);
    assert.equal(repeated.authCode, first.authCode);
    assert.equal(calls('ModifyDomain', 'code.com'), 2, 'one ModifyDomain per reset request');
    seed('code.de');
    const de = await fetchAuthCode(p.env.client, { domain: 'code.de', registrar: 'ispapi' }, p);
    assert.equal(de.source, 'DENIC AuthInfo1');
    assert.ok(de.expiresAt && de.expiresAt > new Date().toISOString());
    assert.equal(calls('DENIC_CreateAuthInfo1', 'code.de'), 1);
  });

  it('transfer-out approve: the domain leaves; nothing pending: none-pending, no TransferDomain; .uk push', async () => {
    seed('leaving.com');
    p.sandbox.requestTransferOut('leaving.com');
    const approved = await runTransferOut(
      p.env.client,
      { domain: 'leaving.com', registrar: 'ispapi', action: 'approve' },
      p,
    );
    assert.equal(approved.result.outcome, 'approved');
    assert.equal(p.sandbox.domain('leaving.com'), undefined);
    seed('quiet.com');
    const none = await runTransferOut(p.env.client, { domain: 'quiet.com', registrar: 'ispapi', action: 'approve' }, p);
    assert.equal(none.result.outcome, 'none-pending');
    assert.equal(calls('TransferDomain', 'quiet.com'), 0);
    seed('release.co.uk');
    const pushed = await runTransferOut(
      p.env.client,
      { domain: 'release.co.uk', registrar: 'ispapi', action: 'push', tag: 'NEW-TAG' },
      p,
    );
    assert.equal(pushed.result.outcome, 'pushed');
    assert.equal(p.sandbox.journal({ command: 'PushDomain', domain: 'release.co.uk' })[0]?.params.TARGET, 'NEW-TAG');
    assert.equal(p.sandbox.domain('release.co.uk'), undefined);
    // PushDomain for a .com: the registry's refusal (552) comes back as the outcome, the domain stays.
    seed('no-push.com');
    const refused = await runTransferOut(
      p.env.client,
      { domain: 'no-push.com', registrar: 'ispapi', action: 'push', tag: 'NEW-TAG' },
      p,
    );
    assert.equal(refused.result.outcome, 'refused');
    assert.match(refused.result.reason ?? '', /552|push/i);
    assert.ok(p.sandbox.domain('no-push.com'));
  });
});
