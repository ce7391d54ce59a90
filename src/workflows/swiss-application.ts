import { proxyActivities, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ApplicationActivities, MailActivities, RegistrarActivities } from '../activities';
import {
  accountField,
  CustomerId,
  DomainName,
  durationMs,
  ExpiresAt,
  Registrar,
  type SwissApplicationInput,
  swissApplicationInputSchema,
  type SwissApplicationResult,
  type SwissApplicationState,
  swissApplicationWorkflowId,
  type SwissPhase,
  swissStateQuery,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, registrarPollOptions, rejectedBy, requireWorkflowId } from './shared';
import { pollUntil } from './poll';
import { parseWorkflowInput } from './validate';
import { emitOutcomeEvent } from './events';
import { handToPortfolio } from './portfolio-handoff';

const acts = proxyActivities<ApplicationActivities & RegistrarActivities>(registrarCallOptions);
const poll = proxyActivities<ApplicationActivities & RegistrarActivities>(registrarPollOptions);
const mail = proxyActivities<MailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', maximumInterval: '30 minutes', maximumAttempts: 20 },
});

/**
 * .swiss names are applied for: submit once, then check daily until the registry approves
 * (ACTIVE) or refuses (CANCELLED, and an admin refunds the customer by hand).
 */
export async function swissApplication(rawInput: SwissApplicationInput): Promise<SwissApplicationResult> {
  const result = await swissApplicationSteps(rawInput);
  const { registrar, account, customerId } = parseWorkflowInput(swissApplicationInputSchema, rawInput);
  await handToPortfolio(
    result.status === 'ACTIVE',
    { domain: result.domain, registrar, ...accountField(account), customerId },
    'swiss-application',
    {
      phase: 'active',
      registryExpiresAt: result.expiresAt,
    },
  );
  return emitOutcomeEvent(result, { domain: result.domain, registrar, outcome: result.status });
}

/** The steps; the exported function adds the outcome event at the end. */
async function swissApplicationSteps(rawInput: SwissApplicationInput): Promise<SwissApplicationResult> {
  const input = parseWorkflowInput(swissApplicationInputSchema, rawInput);
  const { domain, registrar } = input;
  requireWorkflowId(swissApplicationWorkflowId(domain, input.account));
  // Another account's calls go to that account; `default` sends exactly the activity inputs it
  // always did (no `account` key), so recorded histories replay without a patch.
  const at = { registrar, ...accountField(input.account) };
  const state: SwissApplicationState = { domain, phase: 'submitting', checks: 0, log: [] };
  setHandler(swissStateQuery, () => state);
  const phases = new PhaseTracker<SwissPhase>(state, 'swiss', domain);
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
    ...(input.customerId ? [{ key: CustomerId, value: input.customerId }] : []),
  ]);
  phases.moveTo('submitting', 'application workflow started');

  const finish = async (
    status: SwissApplicationResult['status'],
    why: string,
    extra: Partial<SwissApplicationResult> = {},
  ) => {
    phases.moveTo(status, why);
    state.nextCheckAt = undefined;
    state.result = {
      domain,
      status,
      reference: state.reference,
      checks: state.checks,
      finishedAt: new Date().toISOString(),
      ...extra,
      ...(status === 'ACTIVE' ? {} : { reason: why }),
    };
    upsertMemo({ summary: `.swiss application ${domain}: ${status}` });
    if (status !== 'ACTIVE') {
      await mail.sendMail({
        to: 'admin',
        template: 'swiss-application-ended',
        values: {
          domain,
          status,
          reason: why,
          reference: state.reference ?? '-',
          workflowId: workflowInfo().workflowId,
        },
        idempotencyKey: `${workflowInfo().workflowId}:${workflowInfo().firstExecutionRunId}:ended`,
      });
    }
    return state.result;
  };

  const contacts = await acts.ensureContacts({ ...at, contacts: input.contacts });
  try {
    const submitted = await acts.submitApplication({
      ...at,
      domain,
      contacts,
      nameservers: input.nameservers,
      enterpriseId: input.enterpriseId,
      intendedUse: input.intendedUse,
    });
    state.reference = submitted.reference;
    phases.moveTo('PENDING', `application ${submitted.reference} submitted (${submitted.registrarStatus})`);
  } catch (err) {
    const rejected = rejectedBy(err);
    if (rejected?.type === 'RegistrarRejectedError')
      return finish('CANCELLED', `the registrar refused the application: ${rejected.message}`);
    throw err;
  }

  // A fixed interval, no checkNow; nextCheckAt keeps showing the last wait during a check.
  const decided = await pollUntil(
    {
      intervalMs: durationMs(input.checkEvery),
      deadline: Date.now() + durationMs(input.deadline),
      onWait: (at) => (state.nextCheckAt = at),
    },
    async () => {
      state.checks += 1;
      try {
        const answer = await poll.applicationStatus({ ...at, domain, reference: state.reference! });
        if (answer.status === 'approved') {
          const info = await acts.getDomain({ ...at, domain });
          if (info?.expiresAt) upsertSearchAttributes([{ key: ExpiresAt, value: new Date(info.expiresAt) }]);
          return finish('ACTIVE', 'the registry approved the application', { expiresAt: info?.expiresAt });
        }
        if (answer.status === 'refused') {
          return finish(
            'CANCELLED',
            `the registry refused the application (${answer.registrarStatus}); refund the customer by hand`,
          );
        }
      } catch (err) {
        if (rejectedBy(err)) throw err;
        phases.note(`status check failed, trying again later: ${(err as Error).message}`);
      }
      return undefined;
    },
  );
  return decided ?? finish('needs-attention', `no decision after ${input.deadline}; ask the registrar`);
}
