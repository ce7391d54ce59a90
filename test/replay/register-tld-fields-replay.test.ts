import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { encryptedDataConverter } from '../../src/codec/encryption-codec';
import { registerWorkflowId } from '../../src/contracts';
import { FIXTURES, fixtureCodec } from '../../scripts/record-histories';
import { installQuietRuntime, workflowBundle } from '../helpers/temporal';

/**
 * The patch 'tld-fields': a registration started before the field table, for a TLD that now needs
 * fields (.us without nexus), must replay as it ran (the old, .ca-only check), not fail with
 * InvalidInput, which in production would be a non-determinism error. The recorded registration's
 * input is rewritten to such a .us order; without the patch this replay fails.
 */
describe('replay: registerDomain before the TLD field table', () => {
  let bundle: WorkflowBundle;
  before(async () => {
    installQuietRuntime();
    bundle = await workflowBundle();
  });

  it('a .us registration without nexus fields, started before the patch, replays', async () => {
    const file = path.join(FIXTURES, 'registerDomain-registered.json');
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const codec = fixtureCodec();
    const [plain] = await codec.decode([started.input!.payloads![0]!]);
    const input = JSON.parse(Buffer.from(plain!.data!).toString('utf8')) as Record<string, unknown>;
    assert.equal(input.extras ?? undefined, undefined, 'the fixture registers without extras');
    const domain = 'new-replay-nexus.us';
    const rewritten = { ...input, domain };
    const [encoded] = await codec.encode([{ ...plain, data: Buffer.from(JSON.stringify(rewritten)) }]);
    started.input = { payloads: [encoded!] };
    const options = { workflowBundle: bundle, dataConverter: encryptedDataConverter(fixtureCodec()) };
    await Worker.runReplayHistory(options, history, registerWorkflowId(domain));
  });
});
