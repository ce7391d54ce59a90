/**
 * Replay scenarios of setDnssec, dnssecRollover and syncDns (issue 16 part B), recorded by
 * scripts/record-histories.ts against the ISPAPI sandbox: a DS set with its signature life; a
 * rollover whose one-minute parent TTL (the shortest the contract takes) is waited on the dev
 * server; a DNS sync that finds a declared zone changed behind its back and reports it (then ended:
 * it would run forever).
 */
import { startDnssecRollover, startSetDnssec } from '../../src/client/dnssec';
import { declareZone, getDnsSyncState, startDnsSync } from '../../src/client/dns-drift';
import { checkNowSignal, syncDnsWorkflowId } from '../../src/contracts';
import { diffZone, type ZoneRecord } from '../../src/domain/dns';
import { parseDs, type DnssecRecord } from '../../src/domain/dnssec';
import { NEW_NS, until, type Scenario } from './replay-scenarios';

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
  'syncDns-drift-reported': async ({ client, sandbox, registrar, taskQueue }) => {
    const domain = 'replay-drift.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS });
    const records: ZoneRecord[] = [
      { name: 'www', type: 'A', ttl: 3600, data: '192.0.2.10' },
      { name: '@', type: 'TXT', ttl: 3600, data: '"v=spf1 -all"' },
    ];
    await registrar.createZone(domain);
    await registrar.applyZoneChanges(domain, diffZone(records, (await registrar.readZone(domain)).records).changes);
    await startDnsSync(client, { registrar: 'ispapi', every: '1 hour' }, { taskQueue });
    await declareZone(client, 'ispapi', { domain, records }, { taskQueue });
    const handle = client.workflow.getHandle(syncDnsWorkflowId('ispapi'));
    const roundDone = async (n: number) =>
      until(`round ${n}`, async () => (await getDnsSyncState(client, 'ispapi')).rounds >= n);
    await roundDone(1);
    const res = await fetch(`${sandbox.baseUrl}/_sandbox/dns-zones/${domain}/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        remove: [`www.${domain}. 3600 IN A 192.0.2.10`],
        add: [`www.${domain}. 3600 IN A 203.0.113.9`],
      }),
    });
    if (res.status !== 200) throw new Error(`control surface: ${res.status} ${await res.text()}`);
    await handle.signal(checkNowSignal);
    await roundDone(2);
    await handle.signal(checkNowSignal);
    await roundDone(3);
    const state = await getDnsSyncState(client, 'ispapi');
    if (state.reports.length !== 1) throw new Error(`expected one report, got ${state.reports.length}`);
    await handle.terminate('replay fixture recorded');
    return handle.workflowId;
  },
};
