/**
 * Replay scenarios of the `domain` entity's change Updates and the `contactHandle` workflow (issue
 * 15 part A), recorded by scripts/record-histories.ts against the ISPAPI sandbox: nameservers, the
 * lock and the tech contact of a domain never imported (update-with-start), and the contact handle
 * that change asked for.
 */
import { contactHandleWorkflowId } from '../../src/activities/domain-changes';
import { setNameservers, setTransferLock, updateContact } from '../../src/client/domain-changes';
import { domainWorkflowId } from '../../src/contracts';
import { NEW_NS, REPLAY_OWNER, type Scenario } from './replay-scenarios';

const TECH = {
  ...REPLAY_OWNER,
  firstName: 'Tess',
  lastName: 'Tech',
  organisation: undefined,
  email: 'tess@ops.example',
};

async function changeDomain(ctx: Parameters<Scenario>[0], domain: string): Promise<void> {
  const { client, sandbox, taskQueue } = ctx;
  sandbox.seedDomain({
    domain,
    nameservers: ['ns1.replay-old.net', 'ns2.replay-old.net'],
    transferLock: false,
    owner: { FIRSTNAME: 'Jo', LASTNAME: 'Jansen', EMAIL: 'jo@jansen.example', STREET: 'Dam 1', CITY: 'Amsterdam' },
  });
  const target = { domain, registrar: 'ispapi' as const };
  const ns = await setNameservers(client, target, { nameservers: NEW_NS, requestId: 'replay-ns' }, { taskQueue });
  const lock = await setTransferLock(client, target, { locked: true, requestId: 'replay-lock' }, { taskQueue });
  const tech = await updateContact(
    client,
    target,
    { role: 'tech', contact: TECH, requestId: 'replay-tech' },
    { taskQueue },
  );
  if (!ns.changed || !lock.changed || tech.via !== 'update') {
    throw new Error(`unexpected answers ${JSON.stringify({ ns, lock, tech })}`);
  }
}

export const DOMAIN_CHANGE_SCENARIOS: Record<string, Scenario> = {
  'domain-changed': async (ctx) => {
    await changeDomain(ctx, 'replay-changes.com');
    return domainWorkflowId('replay-changes.com');
  },
  'contactHandle-created': async (ctx) => {
    await changeDomain(ctx, 'replay-contact.com');
    return contactHandleWorkflowId('ispapi', TECH);
  },
};
