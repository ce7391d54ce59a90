/**
 * The `host` workflow on both sandboxes (dev server, real HTTP): create, set, show, list, check and
 * delete host objects; each change written once (a repeated change sends nothing, counted in the
 * sandbox journal); a host a domain uses is not deleted, with the registry's code and reason; bad
 * addresses and hosts outside the account are refused before any write.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { runHost } from '../../src/client/hosts';
import { ValidationError } from '../../src/domain/validation';
import type { HostInput } from '../../src/contracts';
import { createOpenproviderPortfolioEnv, createPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';
import { rejectsWith } from '../helpers/temporal';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';

const NS = ['ns1.example.net', 'ns2.example.net'];
/** A host input without its registrar (each side adds its own): Omit per member of the union. */
type Request = HostInput extends infer T ? (T extends unknown ? Omit<T, 'registrar'> : never) : never;

interface Side {
  registrar: 'ispapi' | 'openprovider';
  start(): Promise<PortfolioEnv<IspapiSandbox> | PortfolioEnv<OpenproviderSandbox>>;
  /** write calls of host objects in the journal */
  writes(p: PortfolioEnv<unknown>): number;
  /** the domain now uses these nameservers (straight at the sandbox) */
  useNameservers(p: PortfolioEnv<unknown>, domain: string, nameservers: string[]): Promise<void>;
  inUse: RegExp;
}

const SIDES: Side[] = [
  {
    registrar: 'ispapi',
    start: () => createPortfolioEnv({ name: 'hosts-ispapi' }),
    writes: (p) =>
      (p.sandbox as IspapiSandbox).journal().filter((e) => /^(Add|Modify|Delete)Nameserver$/.test(e.command)).length,
    useNameservers: async (p, domain, nameservers) => {
      (p.sandbox as IspapiSandbox).seedDomain({ domain, nameservers });
    },
    inUse: /DeleteNameserver: 532 Domain names linked with name server; .*hosts-user\.net/,
  },
  {
    registrar: 'openprovider',
    start: () => createOpenproviderPortfolioEnv({ name: 'hosts-op' }),
    writes: (p) =>
      (p.sandbox as OpenproviderSandbox)
        .journal()
        .filter((e) => /^(POST|PUT|DELETE) \/v1beta\/dns\/nameservers/.test(e.route)).length,
    useNameservers: async (p, domain, nameservers) => {
      (p.sandbox as OpenproviderSandbox).seedDomain({ domain, nameservers });
    },
    inUse: /399 .*in use by hosts-user\.net/,
  },
];

for (const side of SIDES) {
  describe(`host workflow (${side.registrar} sandbox)`, () => {
    let p: PortfolioEnv<IspapiSandbox> | PortfolioEnv<OpenproviderSandbox>;
    const run = (input: Request) =>
      runHost(p.env.client, { ...input, registrar: side.registrar } as HostInput, { taskQueue: p.taskQueue });

    before(async () => {
      p = await side.start();
      (p.sandbox as { seedDomain(d: { domain: string; nameservers: string[] }): void }).seedDomain({
        domain: 'hosts-owner.com',
        nameservers: NS,
      });
    });
    after(async () => p?.teardown());

    it('creates a host once; the same create again sends nothing', async () => {
      const created = await run({ action: 'create', host: 'ns1.hosts-owner.com', ips: ['1.2.3.4', '2A00:1450:0::1'] });
      assert.equal(created.changed, true);
      assert.deepEqual(created.view?.ips.sort(), ['1.2.3.4', '2a00:1450::1']);
      assert.equal(side.writes(p), 1);
      const again = await run({ action: 'create', host: 'ns1.hosts-owner.com', ips: ['2a00:1450::1', '1.2.3.4'] });
      assert.equal(again.changed, false);
      assert.equal(side.writes(p), 1, 'no second write');
    });

    it('sets the addresses, shows, lists and checks', async () => {
      const set = await run({ action: 'set', host: 'ns1.hosts-owner.com', ips: ['5.6.7.8'] });
      assert.equal(set.changed, true);
      assert.deepEqual(set.view?.ips, ['5.6.7.8']);
      const shown = await run({ action: 'show', host: 'ns1.hosts-owner.com' });
      assert.deepEqual(shown.view?.ips, ['5.6.7.8']);
      const listed = await run({ action: 'list', domain: 'hosts-owner.com' });
      assert.deepEqual(
        listed.hosts?.map((h) => h.host),
        ['ns1.hosts-owner.com'],
      );
      const taken = await run({ action: 'check', host: 'ns1.hosts-owner.com' });
      assert.equal(taken.available, false);
      const free = await run({ action: 'check', host: 'ns8.hosts-owner.com' });
      assert.equal(free.available, true);
      const unknown = await run({ action: 'show', host: 'ns8.hosts-owner.com' });
      assert.equal(unknown.view, undefined);
    });

    it('refuses to delete a host a domain uses, with the registry code and reason; deletes it once free', async () => {
      await side.useNameservers(p, 'hosts-user.net', ['ns1.hosts-owner.com', NS[0]!]);
      const failed = await rejectsWith(run({ action: 'delete', host: 'ns1.hosts-owner.com' }), WorkflowFailedError);
      assert.match(failed.cause?.message ?? '', side.inUse);
      await side.useNameservers(p, 'hosts-user.net', NS);
      const before = side.writes(p);
      const deleted = await run({ action: 'delete', host: 'ns1.hosts-owner.com' });
      assert.equal(deleted.changed, true);
      const again = await run({ action: 'delete', host: 'ns1.hosts-owner.com' });
      assert.equal(again.changed, false);
      assert.equal(side.writes(p) - before, 1, 'one delete call');
    });

    it('refuses a host outside the account and bad addresses before any write', async () => {
      const before = side.writes(p);
      const failed = await rejectsWith(
        run({ action: 'create', host: 'ns1.not-ours.com', ips: ['1.2.3.4'] }),
        WorkflowFailedError,
      );
      assert.match(failed.cause?.message ?? '', /ns1\.not-ours\.com is not under a domain of this account/);
      await rejectsWith(
        run({ action: 'create', host: 'ns2.hosts-owner.com', ips: ['10.0.0.1'] }),
        ValidationError,
        /private/,
      );
      await rejectsWith(
        run({ action: 'create', host: 'ns2.hosts-owner.com', ips: ['1.2.3'] }),
        ValidationError,
        /IPv4/,
      );
      await rejectsWith(run({ action: 'create', host: 'ns2.hosts-owner.com', ips: [] }), ValidationError, /1 to 13/);
      assert.equal(side.writes(p), before);
    });
  });
}
