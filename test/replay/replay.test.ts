import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ReplayError, Worker, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { encryptedDataConverter } from '../../src/codec/encryption-codec';
import * as workflows from '../../src/workflows';
import { FIXTURES, fixtureCodec, fixtureWorkflowIds, WORKFLOW_IDS_FILE } from '../../scripts/record-histories';
import { installQuietRuntime, workflowBundle } from '../helpers/temporal';

type History = temporal.api.history.v1.IHistory;

/**
 * Replays the recorded histories (scripts/record-histories.ts) against today's workflow code, with
 * no server: a change that would break running workflows fails here, before it is deployed.
 */
const ids = fixtureWorkflowIds();
const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json') && f !== path.basename(WORKFLOW_IDS_FILE))
  .sort();
const load = (file: string): History => historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')));
const typeOf = (file: string) => file.slice(0, file.indexOf('-'));

describe('replay of recorded histories', () => {
  let bundle: WorkflowBundle;
  const options = () => ({
    workflowBundle: bundle,
    dataConverter: encryptedDataConverter(fixtureCodec()),
  });

  before(async () => {
    installQuietRuntime();
    bundle = await workflowBundle();
  });

  // Every workflow type the worker runs has a recorded history: a new workflow comes with its scenario.
  const recorded = new Set(files.map(typeOf));
  for (const type of Object.keys(workflows)) {
    it(`has a recorded history for ${type}`, () => {
      assert.ok(recorded.has(type), `no test/fixtures/histories/${type}-*.json: run scripts/record-histories.ts`);
    });
  }

  for (const file of files) {
    it(`replays ${file}`, async () => {
      const history = load(file);
      assert.ok((history.events?.length ?? 0) > 5);
      const workflowId = ids[file];
      assert.ok(workflowId, `${file}: no workflow ID in workflow-ids.json`);
      await Worker.runReplayHistory(options(), history, workflowId);
    });
  }

  it('replays a transfer started with an unknown input key (strict inputs only behind the patch)', async () => {
    // Before 'strict-inputs' an unknown key was stripped: such runs must go on as they ran, not fail
    // with InvalidInput at the next replay (that would be a non-determinism error in production).
    const history = load('transferDomain-completed.json');
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const codec = fixtureCodec();
    const [plain] = await codec.decode([started.input!.payloads![0]!]);
    const input = JSON.parse(Buffer.from(plain!.data!).toString('utf8')) as Record<string, unknown>;
    assert.equal(input.nameServers, undefined);
    const withExtra = { ...input, nameServers: ['ns1.typo.example', 'ns2.typo.example'] };
    const [encoded] = await codec.encode([{ ...plain, data: Buffer.from(JSON.stringify(withExtra)) }]);
    started.input = { payloads: [encoded!] };
    await Worker.runReplayHistory(options(), history, ids['transferDomain-completed.json']);
  });

  it('detects a mismatch: the transfer history replayed as registerDomain', async () => {
    const history = load('transferDomain-completed.json');
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    started.workflowType = { name: 'registerDomain' };
    await assert.rejects(
      Worker.runReplayHistory(options(), history, ids['transferDomain-completed.json']),
      (err: unknown) => {
        assert.ok(err instanceof DeterminismViolationError || err instanceof ReplayError, String(err));
        return true;
      },
    );
  });

  it('detects a mismatch: a history whose first activity had another type', async () => {
    const history = load('transferDomain-completed.json');
    const scheduled = history.events!.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType = { name: 'checkTransferV0' };
    await assert.rejects(
      Worker.runReplayHistory(options(), history, ids['transferDomain-completed.json']),
      (err: unknown) => {
        assert.ok(err instanceof DeterminismViolationError, String(err));
        assert.match((err as Error).message, /checkTransfer/);
        return true;
      },
    );
  });
});
