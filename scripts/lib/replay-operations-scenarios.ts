/**
 * Replay scenarios of the everyday operations (issue 15 part B): deleteDomain, domainAuthCode and
 * transferOut, recorded by scripts/record-histories.ts against the ISPAPI sandbox.
 */
import { fetchAuthCode, runTransferOut, startDeletion } from '../../src/client/domain-operations';
import { authCodeWorkflowId, transferOutWorkflowId } from '../../src/contracts';
import { NEW_NS, type Scenario } from './replay-scenarios';

export const OPERATION_SCENARIOS: Record<string, Scenario> = {
  'deleteDomain-deleted': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-delete.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS });
    const { handle } = await startDeletion(client, { domain, confirm: domain }, { taskQueue });
    const result = await handle.result();
    if (result.outcome !== 'deleted') throw new Error(`expected deleted, got ${result.outcome}`);
    return handle.workflowId;
  },
  'domainAuthCode-reset': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-authcode.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS, authCode: 'Replay-Code-1' });
    const result = await fetchAuthCode(client, { domain, reset: true, requestId: 'replay' }, { taskQueue });
    if (result.authCode === 'Replay-Code-1') throw new Error('expected a new code');
    return authCodeWorkflowId(domain, 'replay');
  },
  'transferOut-approved': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-leaving.com';
    sandbox.seedDomain({ domain, nameservers: NEW_NS });
    sandbox.requestTransferOut(domain);
    const { result } = await runTransferOut(client, { domain, action: 'approve' }, { taskQueue });
    if (result.outcome !== 'approved') throw new Error(`expected approved, got ${result.outcome}`);
    return transferOutWorkflowId(domain, 'approve');
  },
};
