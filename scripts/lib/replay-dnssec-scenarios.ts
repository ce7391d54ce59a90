/**
 * Replay scenarios of setDnssec and dnssecRollover (issue 16 part B), recorded by
 * scripts/record-histories.ts against the ISPAPI sandbox: a DS set with its signature life, and a
 * rollover whose one-minute parent TTL (the shortest the contract takes) is waited on the dev server.
 */
import { startDnssecRollover, startSetDnssec } from '../../src/client/dnssec';
import { parseDs, type DnssecRecord } from '../../src/domain/dnssec';
import { NEW_NS, type Scenario } from './replay-scenarios';

const ds = (text: string): DnssecRecord => ({ type: 'DS', ...parseDs(text) });
const OLD = ds(`12345 13 2 ${'A1'.repeat(32)}`);
const NEW = ds(`22222 13 2 ${'B2'.repeat(32)}`);

export const DNSSEC_SCENARIOS: Record<string, Scenario> = {
  'setDnssec-changed': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-dnssec.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS });
    const { handle } = await startSetDnssec(
      client,
      { domain, action: 'set', records: [OLD], maxSigLife: 604800 },
      { taskQueue },
    );
    const result = await handle.result();
    if (result.outcome !== 'changed') throw new Error(`expected changed, got ${result.outcome}`);
    return handle.workflowId;
  },
  'dnssecRollover-rolled-over': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-rollover.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS });
    const { handle } = await startSetDnssec(client, { domain, action: 'add', records: [OLD] }, { taskQueue });
    await handle.result();
    const rollover = await startDnssecRollover(
      client,
      { domain, add: NEW, remove: OLD, parentTtl: '1m' },
      { taskQueue },
    );
    const result = await rollover.handle.result();
    if (result.outcome !== 'rolled-over') throw new Error(`expected rolled-over, got ${result.outcome}`);
    return rollover.handle.workflowId;
  },
};
