import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { DomainChangeActivities } from '../activities';
import {
  accountField,
  type ContactHandleInput,
  contactHandleInputSchema,
  type ContactHandleResult,
  contactHandleUpdate,
} from '../contracts';
import { registrarCallOptions } from './shared';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<DomainChangeActivities>(registrarCallOptions);

/** How long a run keeps answering after its handle is known (later askers start a new run). */
const ANSWER_WINDOW = '10 minutes';

/**
 * One registrar handle per contact identity. Its ID is `contact:<registrar>:<sha256 of the
 * normalised data>` (src/activities/domain-changes.ts) and callers ask through the `handle` Update
 * sent with start, so those asking at the same time for the same new person join one run: its one
 * registrar call (ISPAPI AddContact, Openprovider's customer search-or-create) answers them all,
 * later ones from the record. A run ends a while after its answer; a later run for the same data
 * finds the handle at the registrar. The data travels only in the encrypted input.
 */
export async function contactHandle(rawInput: ContactHandleInput): Promise<ContactHandleResult> {
  const input = parseWorkflowInput(contactHandleInputSchema, rawInput);
  let answer: ContactHandleResult | undefined;
  let making: Promise<ContactHandleResult> | undefined;
  let failed = false;
  setHandler(contactHandleUpdate, async () => {
    making ??= acts.createContactHandle({
      registrar: input.registrar,
      contact: input.contact,
      ...accountField(input.account),
    });
    try {
      answer = await making;
      return answer;
    } catch (err) {
      // The next asker tries again; this one gets the registrar's reason.
      making = undefined;
      failed = true;
      throw err instanceof ActivityFailure ? err : ApplicationFailure.fromError(err);
    }
  });
  await condition(() => answer !== undefined || (failed && allHandlersFinished()));
  if (answer === undefined) {
    throw ApplicationFailure.nonRetryable('no handle could be made for this contact', 'ContactHandleFailed');
  }
  await sleep(ANSWER_WINDOW);
  await condition(allHandlersFinished);
  return answer;
}
