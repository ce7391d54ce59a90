import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { startRenewal } from '../../src/client/renew';
import { eventually } from '../helpers/temporal';
import { WorkerKillHarness } from '../helpers/worker-kill';

const DAY = 86_400_000;

/**
 * The worst moment for money: the registrar has renewed and charged, and the worker dies before
 * the answer reaches it. A real HTTP hop between worker and sandbox holds that one answer back
 * while the test SIGKILLs the worker; the restarted worker must not pay again.
 */
describe('renewal survives a worker killed after the registrar charged', () => {
  const h = new WorkerKillHarness('renew-kill', 'RenewDomain');
  let worker: ChildProcess;

  before(() => h.start());
  after(() => h.stop());

  it('one charge, the workflow still ends renewed and says charged', async () => {
    const domain = 'kill-during-renewal.com';
    const expires = new Date(Math.floor(Date.now() / DAY) * DAY + 30 * DAY + 12 * 3_600_000);
    h.sandbox.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'], expiresAt: expires });
    worker = h.startWorker();
    const { handle } = await startRenewal(
      h.client,
      { domain, expiresOn: expires.toISOString().slice(0, 10) },
      { taskQueue: h.taskQueue },
    );
    // The registrar renewed and charged; its answer is held at the hop.
    await eventually(async () => (h.sandbox.charges({ domain }).length === 1 ? true : undefined), 90_000, 'the charge');
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    worker = h.startWorker();
    const result = await handle.result();
    assert.equal(result.outcome, 'renewed');
    assert.equal(h.sandbox.charges({ domain }).length, 1, 'the retry after the crash paid nothing');
    // What billing reads: the term was paid by this workflow (by the killed attempt), once.
    assert.equal(result.charged, true, 'charged, although the attempt that paid was the one killed');
    const control = new URL('/_sandbox/charges', h.sandbox.url);
    control.searchParams.set('domain', domain);
    const listed = (await (await fetch(control)).json()) as unknown[];
    assert.equal(listed.length, 1, 'exactly one charge in /_sandbox/charges');
    assert.equal(
      h.sandbox.journal({ command: 'RenewDomain', domain }).length,
      1,
      'one RenewDomain reached the registrar',
    );
    assert.equal(h.held, 1);
  });
});
