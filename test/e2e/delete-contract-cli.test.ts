import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { z } from 'zod';
import { authCodeInputSchema, deleteDomainInputSchema, transferOutInputSchema } from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';
import { ContractCliHarness, docJson as pageJson, REPO, type RawRun as CliRun } from '../helpers/contract-cli';

const DOC = 'docs/domain-operations.md';
const NS = ['ns1.example.net', 'ns2.example.net'];

/** The first ```json block after `marker` in the page. */
const docJson = (marker: string): Record<string, unknown> => pageJson(DOC, marker);

function assertValid(schema: z.ZodType, value: unknown, what: string): void {
  const checked = checkStrict(schema, value);
  assert.ok(checked.ok, `${what} is valid: ${checked.ok ? '' : checked.problems.message}`);
}

/**
 * The documented JSON contracts of deleteDomain, domainAuthCode and transferOut as another
 * language's client uses them: started with the real `temporal` CLI and plain JSON, against a
 * real worker process and the ISPAPI sandbox.
 */
describe('deleteDomain, domainAuthCode and transferOut through the temporal CLI (documented JSON)', () => {
  const h = new ContractCliHarness('ops-contract');

  before(() => h.start());
  after(() => h.stop());

  const temporal = (args: string[]): Promise<CliRun> => h.temporalRaw(args, 90_000);
  const json = (run: CliRun): Record<string, unknown> => {
    try {
      return JSON.parse(run.stdout) as Record<string, unknown>;
    } catch {
      assert.fail(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}\nworker: ${h.workerLog.slice(-3000)}`);
    }
  };
  async function start(type: string, workflowId: string, input: unknown): Promise<void> {
    const run = await temporal([
      'workflow', 'start', '--type', type, '--task-queue', h.taskQueue, '--workflow-id', workflowId,
      '--input', JSON.stringify(input), '-o', 'json',
    ]); // prettier-ignore
    assert.equal(run.code, 0, `start ${workflowId}: ${run.stderr}`);
  }
  async function result(workflowId: string, codec = true): Promise<{ status: string; result?: unknown; text: string }> {
    const run = await temporal([
      'workflow', 'result', '--workflow-id', workflowId, ...(codec ? ['--codec-endpoint', h.codecServer.url] : []), '-o', 'json',
    ]); // prettier-ignore
    const out = json(run);
    return { status: String(out.status), result: out.result, text: run.stdout };
  }

  it('deleteDomain with the documented input: deleted, one DeleteDomain', async () => {
    const input = docJson('### Contract for any Temporal client');
    assertValid(deleteDomainInputSchema, input, 'the documented deleteDomain input');
    const domain = String(input.domain);
    h.ispapi.seedDomain({ domain, nameservers: NS });
    await start('deleteDomain', `delete:${domain}`, input);
    const done = await result(`delete:${domain}`);
    assert.equal(done.status, 'COMPLETED', done.text);
    const r = done.result as { outcome: string; phase: string; sent: boolean };
    assert.equal(r.outcome, 'deleted');
    assert.equal(r.phase, 'hard-quarantine');
    assert.equal(h.ispapi.journal({ command: 'DeleteDomain', domain }).length, 1);
  });

  it('deleteDomain without the confirmation: the workflow fails naming confirm, no registrar call', async () => {
    const domain = 'unconfirmed.com';
    h.ispapi.seedDomain({ domain, nameservers: NS });
    await start('deleteDomain', `delete:${domain}`, { domain, registrar: 'ispapi' });
    const done = await result(`delete:${domain}`);
    assert.equal(done.status, 'FAILED');
    assert.match(done.text, /confirm/);
    assert.equal(h.ispapi.journal({ domain }).length, 0);
    // confirm naming another domain: refused as well
    await start('deleteDomain', `delete:${domain}`, { domain, confirm: 'other.com' });
    assert.equal((await result(`delete:${domain}`)).status, 'FAILED');
    assert.ok(h.ispapi.domain(domain), 'still there');
  });

  it('domainAuthCode: the code in the decoded result only, encrypted without the codec', async () => {
    const input = docJson('Contract for any Temporal client (`temporal workflow start --type domainAuthCode`)');
    assertValid(authCodeInputSchema, input, 'the documented domainAuthCode input');
    const domain = String(input.domain);
    h.ispapi.seedDomain({ domain, nameservers: NS, authCode: 'Contract-Code-77' });
    const id = `authcode:${domain}:${String(input.requestId)}`;
    await start('domainAuthCode', id, input);
    const done = await result(id);
    assert.equal(done.status, 'COMPLETED', done.text);
    assert.equal((done.result as { authCode: string }).authCode, 'Contract-Code-77');
    const encrypted = await result(id, false);
    assert.ok(!encrypted.text.includes('Contract-Code-77'), 'without the codec the result stays encrypted');
  });

  it('transferOut push with the documented input: PushDomain TARGET=<tag>, the domain leaves', async () => {
    const input = docJson('## Transfers out and the .uk push');
    assertValid(transferOutInputSchema, input, 'the documented transferOut input');
    const domain = String(input.domain);
    h.ispapi.seedDomain({ domain, nameservers: NS });
    await start('transferOut', `transfer-out:${domain}:push`, input);
    const done = await result(`transfer-out:${domain}:push`);
    assert.equal((done.result as { outcome: string }).outcome, 'pushed', done.text);
    assert.equal(h.ispapi.journal({ command: 'PushDomain', domain })[0]?.params.TARGET, input.tag);
    assert.equal(h.ispapi.domain(domain), undefined);
  });

  /** `domainflow …` (bin/domainflow.cjs) with the worker's environment. */
  function domainflow(args: string[]): Promise<CliRun> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(REPO, 'bin/domainflow.cjs'), ...args],
        { cwd: REPO, env: h.env },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  it('domainflow check and suggest answer from the registrar; delete without the same name exits 2', async () => {
    const check = await domainflow(['check', 'new-cli-a.com', 'premium-cli.net', 'taken-cli.org', '--json']);
    assert.equal(check.code, 0, check.stderr);
    const answers = JSON.parse(check.stdout) as Array<{ domain: string; status: string; premiumClass?: string }>;
    assert.deepEqual(
      answers.map((a) => [a.domain, a.status]),
      [
        ['new-cli-a.com', 'available'],
        ['premium-cli.net', 'premium'],
        ['taken-cli.org', 'taken'],
      ],
    );
    assert.ok(answers[1]!.premiumClass);
    const suggest = await domainflow(['suggest', 'coffee', '--tld', 'com', '--limit', '3', '--json']);
    assert.equal(suggest.code, 0, suggest.stderr);
    assert.equal((JSON.parse(suggest.stdout) as unknown[]).length, 3);
    const before = h.ispapi.journal().length;
    const unconfirmed = await domainflow(['delete', 'cli-keep.com', '--confirm', 'cli-other.com', '--json']);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stdout, /confirm/);
    assert.equal(h.ispapi.journal().length, before, 'nothing reached the registrar');
    // The registrar's refusal of a workflow's call: exit 3 with its words, not a bare "workflow failed".
    const notOurs = await domainflow(['authcode', 'not-in-account.com']);
    assert.equal(notOurs.code, 3, notOurs.stderr);
    assert.match(notOurs.stderr, /545|not found/i);
  });
});
