import { ApplicationFailure, proxyActivities, setHandler, sleep, upsertMemo } from '@temporalio/workflow';
import type { DnssecActivities } from '../activities';
import { formatRecord, publishes, type DnssecRecord, type DnssecState } from '../domain/dnssec';
import {
  accountField,
  type DnssecRolloverInput,
  dnssecRolloverInputSchema,
  type DnssecRolloverResult,
  type DnssecRolloverState,
  dnssecRolloverStateQuery,
  dnssecRolloverWorkflowId,
  durationMs,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<DnssecActivities>(registrarCallOptions);

/**
 * A key rollover at the parent (RFC 7583, double-DS): publish the new DS beside the old one,
 * verify it is published, wait the parent TTL on a durable timer (resolvers may hold the old DS set
 * that long), verify again, withdraw the old DS, verify that only the new one remains of the two.
 * Each write goes through changeDnssec, which reads first: a retry or a restarted worker never
 * writes twice.
 */
export async function dnssecRollover(rawInput: DnssecRolloverInput): Promise<DnssecRolloverResult> {
  const input = parseWorkflowInput(dnssecRolloverInputSchema, rawInput);
  requireWorkflowId(dnssecRolloverWorkflowId(input.domain, input.add, input.account));
  if (formatRecord(input.add) === formatRecord(input.remove)) {
    throw ApplicationFailure.nonRetryable('add and remove name the same record', 'InvalidInput');
  }
  const state: DnssecRolloverState = { domain: input.domain, registrar: input.registrar, phase: 'publishing', log: [] };
  setHandler(dnssecRolloverStateQuery, () => state);
  const phases = new PhaseTracker(state, 'rollover', input.domain);
  phases.start(`rollover ${formatRecord(input.remove)} -> ${formatRecord(input.add)}`);
  // `account` goes into activity inputs only when not `default`: a default run sends exactly the
  // commands it always did, so recorded histories replay without a patch (docs/accounts.md).
  const target = { registrar: input.registrar, ...accountField(input.account), domain: input.domain };
  const expect = (now: DnssecState, record: DnssecRecord, present: boolean, why: string): void => {
    if (publishes(now, record) !== present) {
      throw ApplicationFailure.nonRetryable(`${input.domain}: ${why}`, 'DnssecNotApplied');
    }
  };

  await acts.changeDnssec({ ...target, action: 'add', records: [input.add] });
  phases.moveTo('verifying-new', 'the new record is sent');
  expect(await acts.readDnssec(target), input.add, true, 'the new record is not published after adding it');
  const publishedAt = new Date().toISOString();

  const ttlMs = durationMs(input.parentTtl);
  state.waitUntil = new Date(Date.now() + ttlMs).toISOString();
  phases.moveTo('waiting-ttl', `both published; waiting the parent TTL (${input.parentTtl}) until ${state.waitUntil}`);
  await sleep(ttlMs);
  state.waitUntil = undefined;

  phases.moveTo('withdrawing-old', 'the TTL has passed');
  // Read again before withdrawing: had the new record gone meanwhile, withdrawing the old one
  // would leave the domain without a valid DS (bogus for validating resolvers).
  expect(await acts.readDnssec(target), input.add, true, 'the new record disappeared during the TTL wait');
  await acts.changeDnssec({ ...target, action: 'remove', records: [input.remove] });

  phases.moveTo('verifying', 'reading the delegation back');
  const after = await acts.readDnssec(target);
  expect(after, input.remove, false, 'the old record is still published');
  expect(after, input.add, true, 'the new record is not published');
  phases.moveTo('rolled-over', 'only the new record of the two remains');
  state.result = {
    domain: input.domain,
    registrar: input.registrar,
    outcome: 'rolled-over',
    publishedAt,
    withdrawnAt: new Date().toISOString(),
    after,
  };
  upsertMemo({ summary: `DNSSEC rollover on ${input.domain}: done` });
  return state.result;
}
