import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries';
import { CodecServer } from '../../src/codec/codec-server';
import {
  domainWorkflowId,
  setNameserversRequestSchema,
  setTransferLockRequestSchema,
  updateContactRequestSchema,
} from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';
import { createPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';
import { testCodec, testCodecKeysEnv } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'bin/domainflow.cjs');
const NS = ['ns1.example.net', 'ns2.example.net'];

/** The ```json blocks of docs/domain-management.md after a heading that contains `marker`. */
function docJson(marker: string): Record<string, unknown> {
  const text = readFileSync(path.join(REPO, 'docs/domain-management.md'), 'utf8');
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `docs/domain-management.md has "${marker}"`);
  const block = /```json\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `a JSON block after "${marker}"`);
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The change Updates' JSON contract as another language's client sees it: the real `temporal` CLI
 * sends plain JSON (update-with-start for a domain the engine does not know yet, then plain
 * Updates) to a worker with the project's codec, and decodes the answers through the codec endpoint.
 */
describe('domain change Updates through the temporal CLI (plain JSON)', () => {
  let p: PortfolioEnv;
  let codecServer: CodecServer;
  const temporalCli = resolveTemporalCli().path;

  before(async () => {
    [p, codecServer] = await Promise.all([
      createPortfolioEnv({ name: 'changes-cli' }),
      CodecServer.start({ codec: testCodec() }),
    ]);
  });
  after(async () => {
    await codecServer?.close();
    await p?.teardown();
  });

  function temporal(args: string[]): Promise<CliRun> {
    const all = [...args, '--address', p.env.server.address, '--namespace', p.env.namespace];
    all.push('--codec-endpoint', codecServer.url, '-o', 'json');
    return new Promise((resolve) => {
      execFile(temporalCli, all, { timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
  }
  const outcome = (run: CliRun): Record<string, unknown> => {
    assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}${run.stdout}`);
    const parsed = JSON.parse(run.stdout) as { result?: unknown; updateResult?: unknown };
    return (parsed.result ?? parsed.updateResult ?? parsed) as Record<string, unknown>;
  };

  it('the documented requests are valid against the contracts', () => {
    for (const [marker, schema] of [
      ['### setNameservers', setNameserversRequestSchema],
      ['### setTransferLock', setTransferLockRequestSchema],
      ['### updateContact', updateContactRequestSchema],
    ] as const) {
      const checked = checkStrict(schema, docJson(marker));
      assert.ok(checked.ok, `${marker}: ${checked.ok ? '' : checked.problems.message}`);
    }
  });

  it('setNameservers by update-with-start on a domain never imported, then setTransferLock and updateContact', async () => {
    const domain = 'changes-cli.com';
    p.sandbox.seedDomain({
      domain,
      nameservers: NS,
      transferLock: false,
      owner: { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl', STREET: 'Dam 1', CITY: 'Amsterdam' },
    });
    const request = docJson('### setNameservers');
    const ns = outcome(
      await temporal([
        'workflow',
        'execute-update-with-start',
        '--type',
        'domain',
        '--task-queue',
        p.taskQueue,
        '--workflow-id',
        domainWorkflowId(domain),
        '--id-conflict-policy',
        'UseExisting',
        '--input',
        JSON.stringify({ domain, registrar: 'ispapi' }),
        '--update-name',
        'setNameservers',
        '--update-input',
        JSON.stringify(request),
      ]),
    );
    assert.deepEqual(ns, { domain, changed: true, nameservers: request.nameservers, requestId: request.requestId });
    assert.deepEqual(p.sandbox.domain(domain)?.nameservers, request.nameservers);

    const update = (name: string, input: unknown) =>
      temporal([
        'workflow',
        'update',
        'execute',
        '--workflow-id',
        domainWorkflowId(domain),
        '--name',
        name,
        '--input',
        JSON.stringify(input),
      ]);
    const lock = outcome(await update('setTransferLock', docJson('### setTransferLock')));
    assert.deepEqual([lock.changed, lock.locked], [true, true]);
    assert.equal(p.sandbox.domain(domain)?.transferLock, true);

    const contactRequest = docJson('### updateContact');
    const contact = outcome(await update('updateContact', contactRequest));
    assert.deepEqual([contact.role, contact.via, contact.changed], ['tech', 'update', true]);
    assert.equal(p.sandbox.domain(domain)?.contacts.tech, contact.handle);

    // Refused by the Update's validator, naming the field; nothing reaches the registrar.
    const calls = p.sandbox.journal().length;
    const bad = await update('setNameservers', { nameservers: ['ns1.example.net'] });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr + bad.stdout, /nameservers: must list 2 to 13 nameservers/);
    assert.equal(p.sandbox.journal().length, calls);
  });

  it('domainflow ns set, lock and contact set: --json answers, --request-id repeats, exit 2 for a bad request', async () => {
    const domain = 'changes-cli-tool.com';
    p.sandbox.seedDomain({
      domain,
      nameservers: NS,
      transferLock: false,
      owner: { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl', STREET: 'Dam 1', CITY: 'Amsterdam' },
    });
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: p.env.server.address,
      TEMPORAL_NAMESPACE: p.env.namespace,
      DOMAINFLOW_TASK_QUEUE: p.taskQueue,
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      DOMAINFLOW_LOG_LEVEL: 'warn',
    };
    const cli = (args: string[]): Promise<CliRun> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [CLI, '--json', ...args],
          { cwd: REPO, env, timeout: 60_000 },
          (err, stdout, stderr) => {
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
          },
        );
      });
    const ok = (run: CliRun) => {
      assert.equal(run.code, 0, `exit ${run.code}: ${run.stdout}${run.stderr}`);
      return JSON.parse(run.stdout) as Record<string, unknown>;
    };
    const ns = ['ns1.tool.example', 'ns2.tool.example'];
    const first = ok(await cli(['ns', 'set', domain, ...ns, '--registrar', 'ispapi', '--request-id', 'tool-1']));
    assert.deepEqual(first, { domain, changed: true, nameservers: ns, requestId: 'tool-1' });
    const calls = p.sandbox.journal().length;
    assert.deepEqual(ok(await cli(['ns', 'set', domain, ...ns, '--request-id', 'tool-1'])), first);
    assert.equal(p.sandbox.journal().length, calls, 'the repeated request id reached no registrar');

    assert.equal(ok(await cli(['lock', domain, 'on'])).locked, true);
    assert.equal(p.sandbox.domain(domain)?.transferLock, true);

    const file = path.join(tmpdir(), `tech-${process.pid}.json`);
    writeFileSync(file, JSON.stringify((docJson('### updateContact') as { contact: unknown }).contact));
    const contact = ok(await cli(['contact', 'set', domain, '--role', 'tech', '--file', file]));
    assert.equal(p.sandbox.domain(domain)?.contacts.tech, contact.handle);

    const bad = await cli(['ns', 'set', domain, 'ns1.tool.example']);
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /nameservers: must list 2 to 13 nameservers/);
    const unknown = await cli(['lock', 'changes-cli-unmanaged.com', 'on']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stdout, /registrar: changes-cli-unmanaged\.com is not managed yet/);
  });
});
