import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { startDeletion } from '../../src/client/domain-operations';
import { eventually } from '../helpers/temporal';
import { WorkerKillHarness } from '../helpers/worker-kill';

const DAY = 86_400_000;
const NS = ['ns1.example.net', 'ns2.example.net'];

/**
 * The worst moment for a domain: the registry has deleted it, and the worker dies before the
 * answer reaches it. A real HTTP hop between worker and sandbox holds that one answer back while
 * the test SIGKILLs the worker; the restarted worker must not send a second DeleteDomain (it reads
 * the lifecycle first and finds the domain deleted). The harness: test/helpers/worker-kill.ts.
 */
describe('deletion survives a worker killed after the registry deleted', () => {
  const h = new WorkerKillHarness('delete-kill', 'DeleteDomain');
  let worker: ChildProcess;

  before(() => h.start());
  after(() => h.stop());

  it('one DeleteDomain reaches the registry; the workflow still ends deleted', async () => {
    const domain = 'kill-during-delete.com';
    h.sandbox.seedDomain({ domain, nameservers: NS, expiresAt: new Date(Date.now() + 200 * DAY) });
    worker = h.startWorker();
    const { handle } = await startDeletion(
      h.client,
      { domain, confirm: domain, registrar: 'ispapi' },
      { taskQueue: h.taskQueue },
    );
    // The registry deleted it; the answer is held at the hop.
    await eventually(async () => (h.sandbox.deletedDomain(domain) ? true : undefined), 90_000, 'the deletion');
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    worker = h.startWorker();
    const result = await handle.result();
    assert.equal(result.outcome, 'deleted');
    assert.equal(result.phase, 'hard-quarantine');
    assert.equal(
      h.sandbox.journal({ command: 'DeleteDomain', domain }).length,
      1,
      'one DeleteDomain reached the registry',
    );
    assert.equal(h.held, 1);
  });
});
