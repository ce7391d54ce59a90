import { ApplicationFailure, proxyActivities, setHandler } from '@temporalio/workflow';
import type { HostActivities } from '../activities';
import {
  type HostInput,
  hostInputSchema,
  type HostPhase,
  type HostResult,
  type HostState,
  hostStateQuery,
  hostWorkflowId,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, rejectedBy, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';

const hosts = proxyActivities<HostActivities>({
  ...registrarCallOptions,
  retry: {
    ...registrarCallOptions.retry,
    nonRetryableErrorTypes: [
      ...(registrarCallOptions.retry?.nonRetryableErrorTypes ?? []),
      'HostsUnsupported',
      'HostNotInAccount',
      'HostExists',
      'HostNotFound',
    ],
  },
});

/**
 * One host object change (create, set its addresses, delete) or one read (show, list, check)
 * (docs/hosts.md). A change runs under `host:<registrar>:<name>`, so two changes of one host never
 * overlap; the activity reads before it writes, so a retry never writes twice. The registrar's
 * "no" (a host a domain still uses: ISPAPI 532) fails the run with its code and reason.
 */
export async function host(rawInput: HostInput): Promise<HostResult> {
  const input = parseWorkflowInput(hostInputSchema, rawInput);
  requireWorkflowId(hostWorkflowId(input));
  const reading = input.action === 'show' || input.action === 'list' || input.action === 'check';
  const state: HostState = { phase: reading ? 'reading' : 'changing', log: [], input };
  const phases = new PhaseTracker<HostPhase>(state, 'host', 'host' in input ? input.host : input.domain);
  phases.start(`${input.action} at ${input.registrar}`);
  setHandler(hostStateQuery, () => state);
  try {
    const result = reading ? await hosts.readHost(input) : await hosts.changeHost(input);
    state.result = result;
    phases.moveTo('done', result.changed === false ? 'the registrar already showed it: nothing sent' : 'done');
    return result;
  } catch (err) {
    const rejected = rejectedBy(err);
    if (rejected) throw ApplicationFailure.nonRetryable(rejected.message, rejected.type);
    throw err;
  }
}
