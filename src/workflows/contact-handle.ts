import { proxyActivities } from '@temporalio/workflow';
import type { DomainChangeActivities } from '../activities';
import { type ContactHandleInput, contactHandleInputSchema, type ContactHandleResult } from '../contracts';
import { registrarCallOptions } from './shared';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<DomainChangeActivities>(registrarCallOptions);

/**
 * One registrar handle per contact identity. Its ID is `contact:<registrar>:<sha256 of the
 * normalised data>` (src/activities/domain-changes.ts), so callers asking at the same time for
 * the same new person join this one run and all get the handle its single call made or found;
 * a later run for the same data finds that handle at the registrar (ISPAPI AddContact answers
 * NEW=0, Openprovider's customer search). The data travels only in the encrypted input.
 */
export async function contactHandle(rawInput: ContactHandleInput): Promise<ContactHandleResult> {
  const input = parseWorkflowInput(contactHandleInputSchema, rawInput);
  return acts.createContactHandle({ registrar: input.registrar, contact: input.contact });
}
