/**
 * DNS zones end to end with a real worker process and a dev server: the applyZone JSON contract
 * through the `temporal` CLI (the documented example in docs/dns.md started as plain JSON, its
 * result and state query; a non-canonical record refused naming it), and the `domainflow dns`
 * commands: plan (changes nothing), apply --wait, export as YAML and BIND, the BIND export applied
 * back as a zone file (a round trip: nothing to change), a bad file refused with exit 2.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Payload } from '@temporalio/common';
import { applyZoneInputSchema, type ApplyZoneResult } from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';
import { ContractCliHarness, docJson, REPO, type RawRun as Run } from '../helpers/contract-cli';
import { zone40Yaml } from '../helpers/dns';
import { testCodec } from '../helpers/temporal';

const CLI = path.join(REPO, 'bin/domainflow.cjs');

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: REPO, env, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The first ```json block after `marker` in docs/dns.md. */
const docExample = (marker: string): Record<string, unknown> => docJson('docs/dns.md', marker);

describe('DNS zones end to end: temporal CLI contract and the domainflow dns commands', () => {
  const h = new ContractCliHarness('dns-cli');

  before(() => h.start());
  after(() => h.stop());

  const temporal = (args: string[]): Promise<Run> => h.temporalRaw(args, 120_000);
  const domainflow = (args: string[]): Promise<Run> => run(process.execPath, [CLI, ...args], h.env);
  const json = (r: Run): Record<string, unknown> => {
    try {
      return JSON.parse(r.stdout) as Record<string, unknown>;
    } catch {
      assert.fail(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}\nworker: ${h.workerLog.slice(-3000)}`);
    }
  };

  /** applyZone started by the temporal CLI with plain JSON (asserts the start), then its result through the codec. */
  async function applyZone(id: string, input: unknown): Promise<Run> {
    const started = await temporal([
      'workflow', 'start', '--type', 'applyZone', '--task-queue', h.taskQueue,
      '--workflow-id', id, '--input', JSON.stringify(input), '-o', 'json',
    ]); // prettier-ignore
    assert.equal(started.code, 0, started.stderr);
    return temporal(['workflow', 'result', '--workflow-id', id, '--codec-endpoint', h.codecServer.url, '-o', 'json']);
  }

  it('the documented applyZone input, started as plain JSON by the temporal CLI: applied, state queried', async () => {
    const input = docExample('Input (JSON, records in canonical form');
    assert.ok(checkStrict(applyZoneInputSchema, input).ok, 'the documented example is valid and strict');
    h.ispapi.seedDomain({ domain: 'contract-zone.com', nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] });
    const id = 'apply-zone:contract-zone.com';
    const result = await applyZone(id, input);
    const out = json(result);
    assert.equal(out.status, 'COMPLETED', JSON.stringify(out));
    const r = out.result as ApplyZoneResult;
    assert.equal(r.outcome, 'applied');
    assert.deepEqual([r.plan.adds, r.writeCalls, r.verified], [5, 1, true]);
    const query = await temporal(['workflow', 'query', '--workflow-id', id, '--name', 'state', '-o', 'json']);
    assert.equal(query.code, 0, query.stderr);
    const payloads = (
      json(query).queryResult as { payloads: Array<{ metadata: Record<string, string>; data: string }> }
    ).payloads;
    const encoded: Payload[] = payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(p.data, 'base64'),
    }));
    const [decoded] = await testCodec().decode(encoded);
    const state = JSON.parse(Buffer.from(decoded!.data!).toString('utf8')) as {
      phase: string;
      plan: { lines: string[] };
    };
    assert.equal(state.phase, 'applied');
    assert.ok(state.plan.lines.includes('+ shop 3600 X-HTTP REDIRECT https://shop.example.net/'));
  });

  it('a record not in canonical form, started by the temporal CLI: failed, naming the record', async () => {
    const id = 'apply-zone:contract-bad.com';
    const input = { domain: 'contract-bad.com', records: [{ name: 'www', type: 'CNAME', ttl: 3600, data: 'target' }] };
    const result = await applyZone(id, input);
    assert.notEqual(result.code, 0);
    assert.match(
      result.stdout + result.stderr,
      /records\.0: is not canonical: www 3600 CNAME target\.contract-bad\.com\./,
    );
  });

  it('dns plan, apply --wait, export YAML and BIND; the BIND export applied back changes nothing', async () => {
    const domain = 'cli-zone.com';
    h.ispapi.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] });
    const file = path.join(h.dataDir, 'zone.yaml');
    writeFileSync(file, zone40Yaml(domain, { forwarding: true }));
    const writesBefore = (): number =>
      h.ispapi.journal().filter((e) => /^(Create|Update)DNSZone$/.test(e.command)).length;
    const beforePlan = writesBefore();
    const plan = await domainflow(['dns', 'plan', domain, '-f', file]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /^40 to add, 0 to change, 0 to remove, 0 unchanged$/m);
    assert.equal(writesBefore(), beforePlan, 'plan wrote nothing');
    const applied = await domainflow(['dns', 'apply', domain, '-f', file, '--wait', '--json']);
    assert.equal(applied.code, 0, applied.stderr + h.workerLog.slice(-2000));
    assert.equal((json(applied).result as ApplyZoneResult).outcome, 'applied');
    const yaml = await domainflow(['dns', 'export', domain]);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /type: X-SMTP/);
    const bindFile = path.join(h.dataDir, `${domain}.zone`);
    const bind = await domainflow(['dns', 'export', domain, '--bind', '-o', bindFile]);
    assert.equal(bind.code, 0, bind.stderr);
    assert.match(readFileSync(bindFile, 'utf8'), /^\$ORIGIN cli-zone\.com\.$/m);
    const writes = h.ispapi.journal({ command: 'UpdateDNSZone' }).length;
    const back = await domainflow(['dns', 'plan', domain, '-f', bindFile, '--prune', '--json']);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((json(back).changes as unknown[]).length, 0, 'the BIND export plans no change, even with --prune');
    const again = await domainflow(['dns', 'apply', domain, '-f', bindFile, '--wait', '--json']);
    assert.equal((json(again).result as ApplyZoneResult).outcome, 'unchanged');
    assert.equal(h.ispapi.journal({ command: 'UpdateDNSZone' }).length, writes, 'no write');
  });

  it('a bad zone file: exit 2 naming the record and field, nothing sent', async () => {
    const file = path.join(h.dataDir, 'bad.yaml');
    writeFileSync(
      file,
      'records:\n  - { name: www, type: A, value: 1.2.3.4 }\n  - { name: www, type: CNAME, value: x }\n',
    );
    const before = h.ispapi.journal().length;
    const bad = await domainflow(['dns', 'apply', 'cli-zone.com', '-f', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /records\[0\] \(www A\): CNAME at www \(records\[1\]\) must be the only record there/);
    assert.equal(h.ispapi.journal().length, before);
  });
});
