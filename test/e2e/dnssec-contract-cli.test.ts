/**
 * The DNSSEC contracts as another language's client sees them: setDnssec and dnssecRollover started
 * with the real `temporal` CLI and the plain JSON of docs/dnssec.md, run by a real worker process
 * against the ISPAPI sandbox (the worker's codec passes unencrypted inputs through).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Payload } from '@temporalio/common';
import {
  dnssecRolloverInputSchema,
  dnssecRolloverWorkflowId,
  setDnssecInputSchema,
  setDnssecWorkflowId,
} from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';
import { ContractCliHarness, docJson } from '../helpers/contract-cli';
import { eventually, testCodec } from '../helpers/temporal';

describe('DNSSEC contracts through the temporal CLI (plain JSON, real worker process)', () => {
  const h = new ContractCliHarness('dnssec-contract');
  const setInput = docJson('docs/dnssec.md', '## setDnssec');
  const rolloverInput = docJson('docs/dnssec.md', '## dnssecRollover');
  const start = (type: string, workflowId: string, input: unknown) => h.startWorkflow(type, workflowId, input);

  before(() => h.start());
  after(() => h.stop());

  /** The state query's answer, decoded with the test key (the worker encrypts it). */
  async function queryState(workflowId: string): Promise<Record<string, unknown>> {
    const run = await h.temporal(['workflow', 'query', '--workflow-id', workflowId, '--name', 'state']);
    assert.equal(run.code, 0, JSON.stringify(run.out));
    const payloads = (run.out.queryResult as { payloads: Array<{ metadata: Record<string, string>; data: string }> })
      .payloads;
    const encoded: Payload[] = payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(p.data, 'base64'),
    }));
    const [decoded] = await testCodec().decode(encoded);
    return JSON.parse(Buffer.from(decoded!.data!).toString('utf8')) as Record<string, unknown>;
  }

  it('the JSON examples of docs/dnssec.md are valid, strict inputs', () => {
    for (const [schema, value] of [
      [setDnssecInputSchema, setInput],
      [dnssecRolloverInputSchema, rolloverInput],
    ] as const) {
      const checked = checkStrict(schema, value);
      assert.ok(checked.ok, checked.ok ? '' : checked.problems.message);
    }
  });

  it('setDnssec: the documented input -> changed, the DS and signature life at the registry', async () => {
    const domain = String(setInput.domain);
    h.ispapi.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const parsed = setDnssecInputSchema.parse(setInput);
    const workflowId = setDnssecWorkflowId(domain, parsed.action, parsed.records);
    await start('setDnssec', workflowId, setInput);
    const run = await h.result(workflowId);
    assert.equal(run.out.status, 'COMPLETED', JSON.stringify(run.out));
    assert.equal((run.out.result as { outcome: string }).outcome, 'changed');
    const status = h.ispapi.journal({ command: 'ModifyDomain', domain });
    assert.equal(status.length, 1);
    assert.equal(status[0]!.params['SECDNS-MAXSIGLIFE'], '604800');
    assert.match(String(status[0]!.params['SECDNS-DS0']), /^12345 13 2 49FD46E6/);
  });

  it('dnssecRollover: the documented input -> the new DS published, waiting the parent TTL (state query)', async () => {
    const domain = String(rolloverInput.domain);
    const parsed = dnssecRolloverInputSchema.parse(rolloverInput);
    const workflowId = dnssecRolloverWorkflowId(domain, parsed.add);
    await start('dnssecRollover', workflowId, rolloverInput);
    const state = await eventually(
      async () => {
        const s = await queryState(workflowId);
        return s.phase === 'waiting-ttl' ? s : undefined;
      },
      60_000,
      'the rollover waiting its TTL',
    );
    assert.ok(Date.parse(String(state.waitUntil)) - Date.now() > 23 * 3_600_000, 'one day to wait');
    assert.equal(
      h.ispapi.journal({ command: 'ModifyDomain', domain }).filter((e) => e.params['ADDSECDNS-DS0']).length,
      1,
    );
    await h.temporal(['workflow', 'terminate', '--workflow-id', workflowId, '--reason', 'test done']);
  });
});
