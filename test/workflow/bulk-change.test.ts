/**
 * The bulkChange job on both sandboxes (dev server, the registrar's rate-limited list queue, real
 * HTTP and SMTP): a list with domains already as wished and one that fails ends with the right
 * report, one registrar write per domain that needed one (counted in the journal), a mail and a
 * change event; pause holds the job, resume continues it, cancel skips the rest and still reports.
 */
import { after, before, describe, it } from 'node:test';
import { getDomainEntity } from '../../src/client/domain';
import assert from 'node:assert/strict';
import {
  cancelBulkChange,
  getBulkState,
  pauseBulkChange,
  resumeBulkChange,
  startBulkChange,
} from '../../src/client/bulk';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { createOpenproviderPortfolioEnv, createPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';
import { eventually } from '../helpers/temporal';
import { WebhookReceiver } from '../../src/sandbox/webhook-receiver';
import type { WebhookSettings } from '../../src/config/config';

const SECRET = 'bulk-test-webhook-secret-0123456789';

const OLD = ['ns1.old-dns.net', 'ns2.old-dns.net'];
const NEW = ['ns1.new-dns.net', 'ns2.new-dns.net'];

interface Side {
  registrar: 'ispapi' | 'openprovider';
  start(webhooks: WebhookSettings): Promise<PortfolioEnv<IspapiSandbox> | PortfolioEnv<OpenproviderSandbox>>;
  seed(p: PortfolioEnv<unknown>, domain: string, nameservers: string[]): void;
  /** nameserver writes in the journal, per domain */
  nameserverWrites(p: PortfolioEnv<unknown>): Map<string, number>;
}

const count = (names: Array<string | undefined>): Map<string, number> => {
  const out = new Map<string, number>();
  for (const n of names) if (n) out.set(n, (out.get(n) ?? 0) + 1);
  return out;
};

const SIDES: Side[] = [
  {
    registrar: 'ispapi',
    start: (webhooks) => createPortfolioEnv({ name: 'bulk-ispapi', webhooks }),
    seed: (p, domain, nameservers) => (p.sandbox as IspapiSandbox).seedDomain({ domain, nameservers }),
    nameserverWrites: (p) =>
      count(
        (p.sandbox as IspapiSandbox)
          .journal({ command: 'ModifyDomain' })
          .filter((e) => Object.keys(e.params).some((k) => /^NAMESERVER\d+$/.test(k)))
          .map((e) => e.params.DOMAIN?.toLowerCase()),
      ),
  },
  {
    registrar: 'openprovider',
    start: (webhooks) => createOpenproviderPortfolioEnv({ name: 'bulk-op', webhooks }),
    seed: (p, domain, nameservers) => (p.sandbox as OpenproviderSandbox).seedDomain({ domain, nameservers }),
    nameserverWrites: (p) =>
      count(
        (p.sandbox as OpenproviderSandbox)
          .journal({ route: 'PUT /v1beta/domains/{id}' })
          .filter((e) => JSON.stringify(e.body ?? {}).includes('name_servers'))
          .map((e) => e.domain),
      ),
  },
];

for (const side of SIDES) {
  describe(`bulkChange (${side.registrar} sandbox)`, () => {
    let p: PortfolioEnv<IspapiSandbox> | PortfolioEnv<OpenproviderSandbox>;
    let receiver: WebhookReceiver;
    before(async () => {
      receiver = await WebhookReceiver.start({ secret: SECRET });
      p = await side.start({ urls: [receiver.url], secret: SECRET });
    });
    after(async () => {
      await p?.teardown();
      await receiver?.close();
    });

    it('changes those that need it once, leaves those already as wished, reports the one that fails', async () => {
      const needing = ['bulk-a.com', 'bulk-b.com', 'bulk-c.net', 'bulk-d.org'];
      for (const d of needing) side.seed(p, d, OLD);
      side.seed(p, 'bulk-done.com', NEW);
      // Not in the account: the entity's Update answers DomainNotInAccount.
      const missing = 'bulk-missing.com';
      const started = await startBulkChange(
        p.env.client,
        {
          jobId: `ns-${side.registrar}`,
          registrar: side.registrar,
          change: { kind: 'nameservers', nameservers: NEW },
          domains: [...needing, 'bulk-done.com', missing],
          domainsPerSecond: 20,
        },
        { taskQueue: p.taskQueue },
      );
      const report = await started.handle.result();
      assert.deepEqual([...report.changed].sort(), needing);
      assert.deepEqual(report.unchanged, ['bulk-done.com']);
      assert.equal(report.failed.length, 1);
      assert.equal(report.failed[0]!.domain, missing);
      assert.match(report.failed[0]!.reason, /not|account|found/i);
      const writes = side.nameserverWrites(p);
      for (const d of needing) assert.equal(writes.get(d), 1, `${d}: one nameserver write`);
      assert.equal(writes.get('bulk-done.com'), undefined, 'nothing sent for a domain already as wished');

      await eventually(
        async () =>
          p.smtp.messages.some((m) => m.subject.includes(`bulk change ns-${side.registrar}`)) ? true : undefined,
        20_000,
        'the report mail',
      );
      const mail = p.smtp.messages.find((m) => m.subject.includes(`bulk change ns-${side.registrar}`))!;
      assert.match(mail.subject, /4 changed, 1 already as wished, 1 failed/);
      assert.match(mail.body, /bulk-missing\.com/);
      const eventId = `${started.workflowId}:bulk.change-completed:${report.startedAt}`;
      const event = await eventually(
        async () => receiver.events().find((e) => e.id === eventId),
        30_000,
        'the change event',
      );
      assert.equal(event.type, 'bulk.change-completed');
      assert.deepEqual(event.data.failed, report.failed);
      assert.equal(event.data.total, 6);
    });

    it('a filter selects the managed domains of the TLD on the given nameservers (after the first job)', async () => {
      const expected = ['bulk-a.com', 'bulk-b.com'];
      // bulk-done.com's entity knows its nameservers only if it recorded the registrar's answer.
      const done = await getDomainEntity(p.env.client, 'bulk-done.com');
      if ((done.facts.nameservers ?? []).includes(NEW[0]!)) expected.push('bulk-done.com');
      const started = await startBulkChange(
        p.env.client,
        {
          jobId: `filter-${side.registrar}`,
          registrar: side.registrar,
          change: { kind: 'autorenew', enabled: true },
          filter: { tld: 'com', nameservers: [NEW[0]!] },
          domainsPerSecond: 20,
        },
        { taskQueue: p.taskQueue },
      );
      const report = await started.handle.result();
      assert.equal(report.total, expected.length);
      assert.deepEqual([...report.changed, ...report.unchanged].sort(), expected.sort());
      assert.deepEqual(report.failed, []);
    });

    it('pause holds the job, resume continues it, cancel skips the rest and still reports', async () => {
      const domains = Array.from({ length: 12 }, (_, i) => `bulk-pause-${i}.com`);
      for (const d of domains) side.seed(p, d, OLD);
      const jobId = `pause-${side.registrar}`;
      const started = await startBulkChange(
        p.env.client,
        {
          jobId,
          registrar: side.registrar,
          change: { kind: 'nameservers', nameservers: NEW },
          domains,
          domainsPerSecond: 2,
          concurrency: 1,
        },
        { taskQueue: p.taskQueue },
      );
      await eventually(
        async () => ((await getBulkState(p.env.client, jobId)).done >= 1 ? true : undefined),
        30_000,
        'one done',
      );
      await pauseBulkChange(p.env.client, jobId);
      await eventually(
        async () => {
          const s = await getBulkState(p.env.client, jobId);
          return s.phase === 'paused' && s.inFlight === 0 ? s : undefined;
        },
        30_000,
        'paused',
      );
      const held = (await getBulkState(p.env.client, jobId)).done;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal((await getBulkState(p.env.client, jobId)).done, held, 'nothing sent while paused');
      await resumeBulkChange(p.env.client, jobId);
      await eventually(
        async () => ((await getBulkState(p.env.client, jobId)).done >= held + 2 ? true : undefined),
        30_000,
        'resumed',
      );
      await cancelBulkChange(p.env.client, jobId);
      const report = await started.handle.result();
      assert.equal(report.cancelled, true);
      assert.ok(report.skipped > 0, 'the rest was skipped');
      assert.equal(
        report.changed.length + report.unchanged.length + report.failed.length + report.skipped,
        domains.length,
      );
      const writes = side.nameserverWrites(p);
      assert.equal(
        domains.filter((d) => writes.has(d)).length,
        report.changed.length,
        'a write for each changed domain only',
      );
      const state = await getBulkState(p.env.client, jobId);
      assert.equal(state.phase, 'cancelled');
    });
  });
}
