import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { DomainOperationActivities } from '../activities';
import {
  accountField,
  type AuthCodeInput,
  authCodeInputSchema,
  type AuthCodeResult,
  authCodeWorkflowId,
  DomainName,
  Registrar,
} from '../contracts';
import { registrarCallOptions, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<DomainOperationActivities>(registrarCallOptions);

/**
 * Shows or resets a domain's auth code and returns it to the caller only: the result is a payload
 * (encrypted by the codec in history), nothing here logs it, and no change event carries it
 * (events go to receivers in clear). No state query either: the code is in the result alone.
 */
export async function domainAuthCode(rawInput: AuthCodeInput): Promise<AuthCodeResult> {
  const input = parseWorkflowInput(authCodeInputSchema, rawInput);
  const { domain, registrar, reset } = input;
  requireWorkflowId(authCodeWorkflowId(domain, input.requestId, input.account));
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
  ]);
  // No `account` key for `default`: the activity input stays as recorded (replays without a patch).
  const answer = await acts.readAuthCode({ registrar, ...accountField(input.account), domain, reset });
  return {
    domain,
    registrar,
    reset,
    authCode: answer.authCode,
    source: answer.source,
    ...(answer.expiresAt ? { expiresAt: answer.expiresAt } : {}),
    finishedAt: new Date().toISOString(),
  };
}
