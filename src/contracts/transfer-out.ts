/** transferOut: answer a pending transfer-out, or release (push) a .uk domain to a tag (docs/domain-operations.md). */
import { z } from 'zod';
import { domainNameSchema } from '../domain/domain-name';
import { registrarNameSchema } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

export const TRANSFER_OUT_ACTIONS = ['approve', 'deny', 'push'] as const;
export type TransferOutAction = (typeof TRANSFER_OUT_ACTIONS)[number];

export const transferOutInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    action: z.enum(TRANSFER_OUT_ACTIONS, { message: `must be one of ${TRANSFER_OUT_ACTIONS.join(', ')}` }),
    /** push: the tag of the registrar taking the domain (.uk: its Nominet IPS tag) */
    tag: z
      .string()
      .regex(/^[A-Za-z0-9-]{2,32}$/, 'must be a registrar tag: 2-32 letters, digits or dashes')
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.action === 'push' && !input.tag) {
      ctx.addIssue({
        code: 'custom',
        path: ['tag'],
        message: 'is required to push a domain (the receiving registrar tag)',
      });
    }
    if (input.action !== 'push' && input.tag) {
      ctx.addIssue({ code: 'custom', path: ['tag'], message: `is only for push, not ${input.action}` });
    }
  });
export type TransferOutInput = z.input<typeof transferOutInputSchema>;
/** `transfer-out:<domain>:<action>`; another account: `transfer-out:<account>:<domain>:<action>` */
export const transferOutWorkflowId = (asciiDomain: string, action: TransferOutAction, account?: string): string =>
  accountScopedId(`transfer-out:${asciiDomain}:${action}`, account);

export type TransferOutOutcome = 'approved' | 'denied' | 'pushed' | 'none-pending' | 'not-in-account' | 'refused';

export interface TransferOutResult {
  domain: string;
  registrar: string;
  action: TransferOutAction;
  outcome: TransferOutOutcome;
  /** this workflow sent the answer or the push (false: found already done on a retry, or nothing to do) */
  sent: boolean;
  reason?: string;
  finishedAt: string;
}

/** The `transferOut` workflow as the client starts it (by type name). */
export type TransferOutWorkflow = (input: TransferOutInput) => Promise<TransferOutResult>;
