import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fetchAuthCode, runTransferOut, startDeletion } from '../../src/client/domain-operations';
import type { DeleteDomainInput } from '../../src/contracts';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { createOpenproviderPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';

const NS = ['ns1.example.net', 'ns2.example.net'];
const DAY = 86_400_000;

/** The same operations via Openprovider: DELETE /domains/{id}, autorenew off, authcode, transfer/approve. */
describe('deleteDomain, domainAuthCode and transferOut via Openprovider (dev server)', () => {
  let p: PortfolioEnv<OpenproviderSandbox>;
  before(async () => {
    p = await createOpenproviderPortfolioEnv({ name: 'ops-op' });
  });
  after(async () => p?.teardown());

  const seed = (domain: string, status: 'ACT' | 'REQ' = 'ACT') => {
    const expiresAt = new Date(Date.now() + 200 * DAY);
    p.sandbox.seedDomain({
      domain,
      nameservers: NS,
      expiresAt,
      registryExpiresAt: expiresAt,
      autorenew: 'default',
      status,
    });
  };
  const routes = (route: string, domain: string) => p.sandbox.journal({ route, domain }).length;
  const remove = async (domain: string, mode: DeleteDomainInput['mode'] = 'now') =>
    (
      await startDeletion(p.env.client, { domain, confirm: domain, registrar: 'openprovider', mode }, p)
    ).handle.result();

  it('delete now: one DELETE, hard quarantine with the restore window and fee in the result', async () => {
    const domain = 'op-delete-now.com';
    seed(domain);
    const result = await remove(domain);
    assert.equal(result.outcome, 'deleted');
    assert.equal(result.phase, 'hard-quarantine');
    assert.ok(result.restorableUntil && result.restorableUntil > new Date().toISOString(), 'restorable window');
    assert.ok(result.restoreFee, 'restore fee');
    assert.equal(routes('DELETE /v1beta/domains/{id}', domain), 1);
    const again = await remove(domain);
    assert.equal(again.outcome, 'already-deleted');
    assert.equal(routes('DELETE /v1beta/domains/{id}', domain), 1);
  });

  it('refused while the registration is pending (REQ): no DELETE', async () => {
    const domain = 'op-delete-pending.com';
    seed(domain, 'REQ');
    const result = await remove(domain);
    assert.equal(result.outcome, 'refused');
    assert.equal(result.phaseFound, 'pending-create');
    assert.equal(routes('DELETE /v1beta/domains/{id}', domain), 0);
  });

  it('a transfer out Openprovider shows only by refusing (366): refused, the domain stays', async () => {
    const domain = 'op-delete-busy.com';
    seed(domain);
    p.sandbox.requestTransferOut(domain);
    const result = await remove(domain);
    assert.equal(result.outcome, 'refused');
    assert.match(result.reason ?? '', /refused the deletion/);
    assert.ok(p.sandbox.domain(domain), 'still ours');
  });

  it('at expiry: autorenew off at the registrar, once', async () => {
    const domain = 'op-delete-at-expiry.com';
    seed(domain);
    const result = await remove(domain, 'at-expiry');
    assert.equal(result.outcome, 'deletes-at-expiry');
    assert.equal(p.sandbox.domain(domain)!.autorenew, 'off');
    assert.equal((await remove(domain, 'at-expiry')).sent, false);
  });

  it('auth code shown and reset', async () => {
    seed('op-code.com');
    const shown = await fetchAuthCode(p.env.client, { domain: 'op-code.com', registrar: 'openprovider' }, p);
    const reset = await fetchAuthCode(
      p.env.client,
      { domain: 'op-code.com', registrar: 'openprovider', reset: true },
      p,
    );
    assert.notEqual(reset.authCode, shown.authCode);
    const after = await fetchAuthCode(p.env.client, { domain: 'op-code.com', registrar: 'openprovider' }, p);
    assert.equal(after.authCode, reset.authCode);
  });

  it('transfer-out deny then approve, and the .uk release with a registrar tag', async () => {
    seed('op-leaving.com');
    p.sandbox.requestTransferOut('op-leaving.com');
    const denied = await runTransferOut(
      p.env.client,
      { domain: 'op-leaving.com', registrar: 'openprovider', action: 'deny' },
      p,
    );
    assert.equal(denied.result.outcome, 'denied');
    assert.ok(p.sandbox.domain('op-leaving.com'));
    p.sandbox.requestTransferOut('op-leaving.com');
    const approved = await runTransferOut(
      p.env.client,
      { domain: 'op-leaving.com', registrar: 'openprovider', action: 'approve' },
      p,
    );
    assert.equal(approved.result.outcome, 'approved');
    assert.equal(p.sandbox.domain('op-leaving.com'), undefined);
    seed('op-release.co.uk');
    const pushed = await runTransferOut(
      p.env.client,
      { domain: 'op-release.co.uk', registrar: 'openprovider', action: 'push', tag: 'NEW-TAG' },
      p,
    );
    assert.equal(pushed.result.outcome, 'pushed');
    assert.equal(p.sandbox.domain('op-release.co.uk'), undefined);
    // Openprovider shows no pending transfer-out: the approve route's refusal is the answer.
    seed('op-quiet.com');
    const none = await runTransferOut(
      p.env.client,
      { domain: 'op-quiet.com', registrar: 'openprovider', action: 'approve' },
      p,
    );
    assert.equal(none.result.outcome, 'refused');
    assert.equal(none.result.sent, false);
    assert.ok(p.sandbox.domain('op-quiet.com'), 'still ours');
  });
});
