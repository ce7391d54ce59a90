/**
 * Replay scenarios of host and bulkChange (issue 15 part C), recorded by scripts/record-histories.ts
 * against the ISPAPI sandbox: a host created under a domain of the account; a bulk nameserver
 * change of three domains, one already as wished, paused and resumed on the way.
 */
import { runHost } from '../../src/client/hosts';
import { getBulkState, pauseBulkChange, resumeBulkChange, startBulkChange } from '../../src/client/bulk';
import { type HostInput, hostWorkflowId } from '../../src/contracts';
import { NEW_NS, until, type Scenario } from './replay-scenarios';

const OLD_NS = ['ns1.replay-old.net', 'ns2.replay-old.net'];

export const HOSTS_BULK_SCENARIOS: Record<string, Scenario> = {
  'host-created': async ({ client, sandbox, taskQueue }) => {
    sandbox.seedDomain({ domain: 'replay-hosts.com', nameservers: NEW_NS });
    const input: HostInput = { action: 'create', registrar: 'ispapi', host: 'ns1.replay-hosts.com', ips: ['1.2.3.4'] };
    const result = await runHost(client, input, { taskQueue });
    if (result.changed !== true) throw new Error(`expected a created host, got ${JSON.stringify(result)}`);
    return hostWorkflowId(input);
  },
  'bulkChange-completed': async ({ client, sandbox, taskQueue }) => {
    const domains = ['replay-bulk-a.com', 'replay-bulk-b.com', 'replay-bulk-c.com'];
    sandbox.seedDomain({ domain: domains[0]!, nameservers: OLD_NS });
    sandbox.seedDomain({ domain: domains[1]!, nameservers: OLD_NS });
    sandbox.seedDomain({ domain: domains[2]!, nameservers: NEW_NS });
    const { handle } = await startBulkChange(
      client,
      {
        jobId: 'replay-bulk',
        registrar: 'ispapi',
        change: { kind: 'nameservers', nameservers: NEW_NS },
        domains,
        domainsPerSecond: 1,
        concurrency: 1,
      },
      { taskQueue },
    );
    await until('one domain done', async () => (await getBulkState(client, 'replay-bulk')).done >= 1);
    await pauseBulkChange(client, 'replay-bulk');
    await resumeBulkChange(client, 'replay-bulk');
    const report = await handle.result();
    if (report.changed.length !== 2 || report.unchanged.length !== 1) {
      throw new Error(`unexpected report ${JSON.stringify(report)}`);
    }
    return handle.workflowId;
  },
};
