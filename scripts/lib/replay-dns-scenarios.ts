/**
 * Replay scenario of applyZone (issue 16 part A), recorded by scripts/record-histories.ts against
 * the ISPAPI sandbox: a zone created and a small file applied (forwarding included), read back equal.
 */
import { startZoneApply, zoneFromText } from '../../src/client/dns';
import { NEW_NS, type Scenario } from './replay-scenarios';

const ZONE = `ttl: 3600
records:
  - { name: '@', type: A, value: 192.0.2.10 }
  - { name: www, type: CNAME, value: '@' }
  - { name: '@', type: MX, priority: 10, value: mx1 }
  - { name: mx1, type: A, value: 192.0.2.11 }
  - { name: '@', type: TXT, value: 'v=spf1 mx -all' }
  - { name: shop, type: X-HTTP, mode: redirect, value: 'https://shop.example.net/' }
`;

export const DNS_SCENARIOS: Record<string, Scenario> = {
  'applyZone-applied': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-zone.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS });
    const zone = zoneFromText(ZONE, domain, 'yaml');
    const { handle } = await startZoneApply(client, { domain, records: zone.records }, { taskQueue });
    const result = await handle.result();
    if (result.outcome !== 'applied') throw new Error(`expected applied, got ${result.outcome}`);
    return handle.workflowId;
  },
};
