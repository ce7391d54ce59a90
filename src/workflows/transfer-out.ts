import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { DomainOperationActivities } from '../activities';
import {
  accountField,
  DomainName,
  Registrar,
  type TransferOutInput,
  transferOutInputSchema,
  type TransferOutOutcome,
  type TransferOutResult,
  transferOutWorkflowId,
} from '../contracts';
import { registrarCallOptions, rejectedBy, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';
import { emitOutcomeEvent } from './events';

const acts = proxyActivities<DomainOperationActivities>(registrarCallOptions);

/**
 * Answers a pending transfer-out (approve / deny) or releases a domain to another registrar's tag
 * (push, .uk). Each activity reads before it writes, so a retry does not answer or push twice.
 * The domain's entity learns that the domain left from the next sync (docs/portfolio.md).
 */
export async function transferOut(rawInput: TransferOutInput): Promise<TransferOutResult> {
  const input = parseWorkflowInput(transferOutInputSchema, rawInput);
  const { domain, registrar, action } = input;
  requireWorkflowId(transferOutWorkflowId(domain, action, input.account));
  // No `account` key for `default`: activity inputs stay as recorded (replays without a patch).
  const target = { registrar, ...accountField(input.account), domain };
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
  ]);
  const done = (outcome: TransferOutOutcome, sent: boolean, reason?: string): Promise<TransferOutResult> =>
    emitOutcomeEvent(
      { domain, registrar, action, outcome, sent, ...(reason ? { reason } : {}), finishedAt: new Date().toISOString() },
      { domain, registrar, outcome },
    );

  try {
    if (action === 'push') {
      const { sent } = await acts.pushOnce({ ...target, tag: input.tag! });
      return sent
        ? done('pushed', true)
        : done('not-in-account', false, 'the domain is not in this account (pushed before?)');
    }
    const answered = await acts.answerTransferOut({ ...target, answer: action });
    if (!answered.sent) return done('none-pending', false, 'no transfer-out of this domain is waiting for an answer');
    return done(action === 'approve' ? 'approved' : 'denied', true);
  } catch (err) {
    // The registrar's definite "no" (no transfer waiting, a TLD without push ...) is an answer too.
    const refusal = rejectedBy(err);
    if (!refusal) throw err;
    return done('refused', false, refusal.message);
  }
}
