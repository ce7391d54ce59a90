import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { encryptedDataConverter } from '../../src/codec/encryption-codec';
import { changeRegistrantWorkflowId, transferWorkflowId } from '../../src/contracts';
import { FIXTURES, fixtureCodec } from '../../scripts/record-histories';
import { installQuietRuntime, workflowBundle } from '../helpers/temporal';

/**
 * The patches 'tld-fields-transfer' and 'tld-fields-trade': a transfer or a change of registrant
 * started before them, for a TLD whose operation now needs fields (.ca transfer without a legal
 * type, .us change without a nexus), must replay as it ran, not fail with InvalidInput (in
 * production a non-determinism error). The recorded run's input is rewritten to such an order;
 * without the patches these replays fail.
 */
async function replayRewritten(fixture: string, rewrite: (input: Record<string, unknown>) => Record<string, unknown>, workflowId: (input: Record<string, unknown>) => string, bundle: WorkflowBundle): Promise<void> {
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, fixture), 'utf8')));
  const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
  const codec = fixtureCodec();
  const [plain] = await codec.decode([started.input!.payloads![0]!]);
  const input = JSON.parse(Buffer.from(plain!.data!).toString('utf8')) as Record<string, unknown>;
  assert.equal(input.extras === undefined || Object.keys(input.extras as object).length === 0, true, 'the fixture carries no extras');
  const rewritten = rewrite(input);
  const [encoded] = await codec.encode([{ ...plain, data: Buffer.from(JSON.stringify(rewritten)) }]);
  started.input = { payloads: [encoded!] };
  const options = { workflowBundle: bundle, dataConverter: encryptedDataConverter(fixtureCodec()) };
  await Worker.runReplayHistory(options, history, workflowId(rewritten));
} // prettier-ignore

describe('replay: transfers and registrant changes before the TLD fields of operations', () => {
  let bundle: WorkflowBundle;
  before(async () => {
    installQuietRuntime();
    bundle = await workflowBundle();
  });

  it('a .ca transfer without a legal type, started before the patch, replays', async () => {
    await replayRewritten(
      'transferDomain-completed.json',
      (input) => ({ ...input, domain: 'maple-replay.ca' }),
      (input) => transferWorkflowId(String(input.domain)),
      bundle,
    );
  });

  it('a .us change of registrant without a nexus, started before the patch, replays', async () => {
    await replayRewritten(
      'changeRegistrant-designated-agent.json',
      (input) => ({ ...input, domain: 'replay-nexus.us' }),
      (input) => changeRegistrantWorkflowId(String(input.domain)),
      bundle,
    );
  });
});
