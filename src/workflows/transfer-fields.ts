import { patched } from '@temporalio/workflow';
import { legacyTransferDomainInputSchema, transferDomainInputSchema } from '../contracts/transfer';
import { operationFields } from '../domain/tld-fields/operations';

/**
 * The schema transferDomain checks its input with. Behind the patch 'tld-fields-transfer' the TLD
 * fields a transfer carries (.ca legal type: src/domain/tld-fields/operations.ts) are checked, so a
 * transfer lacking one fails with InvalidInput naming it before any registrar call; runs started
 * before it replay with the old schema. The patch is asked only where it can matter (a TLD with
 * transfer fields, or extras given): a .com transfer's history gains no marker event (issue 18
 * counts them). Deterministic: it reads only the input.
 */
export function transferInputSchema(
  rawInput: unknown,
): typeof transferDomainInputSchema | typeof legacyTransferDomainInputSchema {
  const raw = (rawInput && typeof rawInput === 'object' ? rawInput : {}) as { domain?: unknown; extras?: unknown };
  const relevant = raw.extras !== undefined || operationFields('transfer', String(raw.domain ?? '')).length > 0;
  return relevant && patched('tld-fields-transfer') ? transferDomainInputSchema : legacyTransferDomainInputSchema;
}
