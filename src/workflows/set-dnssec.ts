import { ApplicationFailure, proxyActivities, setHandler, upsertMemo } from '@temporalio/workflow';
import type { DnssecActivities } from '../activities';
import { desiredState, sameState } from '../domain/dnssec';
import {
  type SetDnssecInput,
  setDnssecInputSchema,
  type SetDnssecResult,
  type SetDnssecState,
  setDnssecStateQuery,
  setDnssecWorkflowId,
} from '../contracts/dnssec';
import { accountField } from '../contracts/registrar-account';
import { PhaseTracker, registrarCallOptions, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<DnssecActivities>(registrarCallOptions);

/**
 * Sets, adds or removes DNSSEC records at the registry, exactly once: read, write only what is
 * missing (the activity reads again before writing, so a retry never writes twice), read back and
 * verify. A change already in place makes no write at all (outcome already-so).
 */
export async function setDnssec(rawInput: SetDnssecInput): Promise<SetDnssecResult> {
  const input = parseWorkflowInput(setDnssecInputSchema, rawInput);
  requireWorkflowId(setDnssecWorkflowId(input.domain, input.action, input.records, input.account));
  const state: SetDnssecState = { domain: input.domain, registrar: input.registrar, phase: 'reading', log: [] };
  setHandler(setDnssecStateQuery, () => state);
  const phases = new PhaseTracker(state, 'dnssec', input.domain);
  phases.start(`${input.action} ${input.records.length} record(s) at ${input.registrar}`);
  // `account` goes into activity inputs only when not `default`: a default run sends exactly the
  // commands it always did, so recorded histories replay without a patch (docs/accounts.md).
  const target = { registrar: input.registrar, ...accountField(input.account), domain: input.domain };

  const before = await acts.readDnssec(target);
  const want = desiredState(before, input.action, input.records, input.maxSigLife);
  let outcome: SetDnssecResult['outcome'] = 'already-so';
  if (!sameState(before, want)) {
    phases.moveTo('writing', 'the registry differs from the request');
    await acts.changeDnssec({ ...target, action: input.action, records: input.records, maxSigLife: input.maxSigLife });
    outcome = 'changed';
  }
  phases.moveTo('verifying', 'reading the delegation back');
  const after = await acts.readDnssec(target);
  if (!sameState(after, want)) {
    throw ApplicationFailure.nonRetryable(
      `${input.domain}: the registry does not show the requested DNSSEC records after the change`,
      'DnssecNotApplied',
    );
  }
  phases.moveTo(outcome, outcome === 'changed' ? 'the registry publishes the requested records' : 'nothing to do');
  state.result = {
    domain: input.domain,
    registrar: input.registrar,
    action: input.action,
    outcome,
    before,
    after,
    finishedAt: new Date().toISOString(),
  };
  upsertMemo({ summary: `DNSSEC ${input.action} on ${input.domain}: ${outcome}` });
  return state.result;
}
