/**
 * The host and bulkChange contracts as another language's client sees them: started with the real
 * `temporal` CLI and plain JSON (docs/hosts.md, docs/bulk.md), run by a real worker process against
 * the ISPAPI sandbox (the worker's codec passes unencrypted inputs through).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bulkChangeInputSchema, hostInputSchema, hostWorkflowId, type HostInput } from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';
import { ContractCliHarness, docJson } from '../helpers/contract-cli';

describe('host and bulkChange contracts through the temporal CLI (plain JSON, real worker process)', () => {
  const h = new ContractCliHarness('hosts-bulk-contract');
  const hostInput = docJson('docs/hosts.md', '## Contract for any Temporal client');
  const bulkInput = docJson('docs/bulk.md', '## Contract for any Temporal client');
  const start = (type: string, workflowId: string, input: unknown) => h.startWorkflow(type, workflowId, input);
  const result = (workflowId: string) => h.result(workflowId);

  before(() => h.start());
  after(() => h.stop());

  it('the JSON examples of docs/hosts.md and docs/bulk.md are valid, strict inputs', () => {
    for (const [schema, value] of [
      [hostInputSchema, hostInput],
      [bulkChangeInputSchema, bulkInput],
    ] as const) {
      const checked = checkStrict(schema, value);
      assert.ok(checked.ok, checked.ok ? '' : checked.problems.message);
    }
  });

  it('host: the documented create -> changed, one AddNameserver; a delete while a domain uses it fails with 532', async () => {
    h.ispapi.seedDomain({ domain: 'example.com', nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const workflowId = hostWorkflowId(hostInputSchema.parse(hostInput));
    assert.equal(workflowId, 'host:ispapi:ns1.example.com');
    await start('host', workflowId, hostInput);
    const created = await result(workflowId);
    assert.equal(created.out.status, 'COMPLETED', JSON.stringify(created.out));
    assert.equal((created.out.result as { changed: boolean }).changed, true);
    assert.equal(h.ispapi.journal({ command: 'AddNameserver' }).length, 1);

    h.ispapi.seedDomain({ domain: 'uses-host.net', nameservers: ['ns1.example.com', 'ns2.example.net'] });
    const remove: HostInput = { action: 'delete', registrar: 'ispapi', host: 'ns1.example.com' };
    await start('host', workflowId, remove);
    const refused = await result(workflowId);
    assert.equal(refused.out.status, 'FAILED', JSON.stringify(refused.out));
    assert.match(JSON.stringify(refused.out), /532 Domain names linked with name server/);
  });

  it('bulkChange: plain JSON -> both domains changed once, the report as the result', async () => {
    const domains = ['bulk-cli-a.com', 'bulk-cli-b.com'];
    for (const domain of domains) h.ispapi.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const input = {
      jobId: 'cli-bulk',
      registrar: 'ispapi',
      change: { kind: 'nameservers', nameservers: ['ns1.new-dns.net', 'ns2.new-dns.net'] },
      domains,
      domainsPerSecond: 5,
    };
    await start('bulkChange', 'bulk:cli-bulk', input);
    const done = await result('bulk:cli-bulk');
    assert.equal(done.out.status, 'COMPLETED', JSON.stringify(done.out));
    const report = done.out.result as { changed: string[]; unchanged: string[] | null; failed: unknown[] | null };
    assert.deepEqual([...report.changed].sort(), domains);
    // The temporal CLI prints an empty list of the decoded result as null.
    assert.deepEqual(report.failed ?? [], [], JSON.stringify(done.out));
    assert.deepEqual(report.unchanged ?? [], []);
    for (const domain of domains) {
      const writes = h.ispapi.journal({ command: 'ModifyDomain', domain }).filter((e) => e.params.NAMESERVER0);
      assert.equal(writes.length, 1, `${domain}: one nameserver write`);
    }
  });
});
