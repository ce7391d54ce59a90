import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { getDomainEntity } from '../../src/client/domain';
import { startSync } from '../../src/client/sync';
import { getTransferState, requestTransferCheck, startTransfer } from '../../src/client/transfer';
import { createOpenproviderPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';
import { eventually } from '../helpers/temporal';

const NEW_NS = ['ns1.new-dns.example', 'ns2.new-dns.example'];
const OLD_NS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];

/**
 * Only this engine renews (issue 19.6): a domain transferred in through Openprovider ends with the
 * registrar's auto-renewal off, with the reseller-wide auto-renewal on. New transfers are ordered
 * with autorenew off; domains transferred before (autorenew "default" or "on") are switched off by
 * their `domain` entity after a sync. Dev server, sandbox over HTTP, workers as in production.
 */
describe('Openprovider transfers and the registrar auto-renewal (dev server, sandbox)', () => {
  let p: PortfolioEnv<OpenproviderSandbox>;

  before(async () => {
    p = await createOpenproviderPortfolioEnv({ name: 'op-autorenew' });
    // What "default" means at this reseller: Openprovider renews on its own.
    p.sandbox.setResellerAutorenew(true);
  });
  after(async () => {
    await p?.teardown();
  });

  it('a transfer is ordered with autorenew off and stays off once completed', async () => {
    const domain = 'op-moving-in.nl';
    p.sandbox.seedExternalDomain({ domain, authCode: 'Op-Code-9', nameservers: OLD_NS });
    const { handle } = await startTransfer(
      p.env.client,
      { domain, authCode: 'Op-Code-9', registrar: 'openprovider', nameservers: NEW_NS },
      { taskQueue: p.taskQueue },
    );
    await eventually(async () =>
      (await getTransferState(p.env.client, handle.workflowId)).phase === 'pending' ? true : undefined,
    );
    p.sandbox.approveTransfer(domain);
    await requestTransferCheck(p.env.client, handle.workflowId);
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    const [order] = p.sandbox.journal({ route: 'POST /v1beta/domains/transfer', domain });
    assert.equal((order?.body as { autorenew?: string }).autorenew, 'off');
    assert.equal(p.sandbox.domain(domain)?.autorenew, 'off');
    assert.deepEqual(p.sandbox.domain(domain)?.nameservers, NEW_NS);
  });

  it('domains transferred before with autorenew "default" or "on" are switched off by their entity after a sync', async () => {
    const earlier = ['op-earlier-default.com', 'op-earlier-on.com'];
    p.sandbox.seedDomain({ domain: earlier[0]!, nameservers: OLD_NS, autorenew: 'default' });
    p.sandbox.seedDomain({ domain: earlier[1]!, nameservers: OLD_NS, autorenew: 'on' });
    const sync = await startSync(
      p.env.client,
      { registrar: 'openprovider', pageSize: 100, dueDateOffsetDays: 30, sendReport: false },
      { taskQueue: p.taskQueue },
    );
    const { report } = await sync.result();
    assert.deepEqual(report.errors ?? [], []);
    for (const domain of earlier) {
      // First sight of the domain: its drift is corrected by the entity (no change to report).
      await eventually(async () => (p.sandbox.domain(domain)?.autorenew === 'off' ? true : undefined));
      // One PUT per domain: the entity's correction (autorenew off), nothing else.
      const puts = p.sandbox.journal({ route: 'PUT /v1beta/domains/{id}', domain }).map((e) => e.body);
      assert.deepEqual(puts, [{ autorenew: 'off' }]);
      assert.equal((await getDomainEntity(p.env.client, domain)).facts.registrarAutorenew, false);
    }
    // The domain transferred by the first test was ordered off: nothing to correct there.
    assert.equal(p.sandbox.domain('op-moving-in.nl')?.autorenew, 'off');
    const puts = p.sandbox.journal({ route: 'PUT /v1beta/domains/{id}', domain: 'op-moving-in.nl' });
    assert.ok(!puts.some((e) => 'autorenew' in (e.body as object)));
  });
});
