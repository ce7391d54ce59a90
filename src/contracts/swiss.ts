/** swissApplication: a .swiss name is applied for, then approved or refused (docs/swiss.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { contactSetSchema } from '../domain/contact';
import { parseSwissUid } from '../domain/swiss-uid';
import {
  customerIdSchema,
  durationSchema,
  nameserverListSchema,
  registrarNameSchema,
  type StatusLogEntry,
} from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

export const swissApplicationInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    contacts: contactSetSchema,
    nameservers: nameserverListSchema.optional(),
    /** the registrant's UID, CHE-109.322.551 or CHE109322551 */
    enterpriseId: z.string().transform((value, ctx) => {
      const parsed = parseSwissUid(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.rule });
        return z.NEVER;
      }
      return parsed.value;
    }),
    /** what the name will be used for (the registry publishes and checks it) */
    intendedUse: z
      .string()
      .trim()
      .min(10, 'must describe the use in at least 10 characters')
      .max(500, 'must be at most 500 characters'),
    customerId: customerIdSchema.optional(),
    checkEvery: durationSchema('1s').default('1 day'),
    deadline: durationSchema('1m').default('120 days'),
  })
  .refine((input) => input.domain.endsWith('.swiss'), { message: 'must be a .swiss name', path: ['domain'] });

export type SwissApplicationInput = z.input<typeof swissApplicationInputSchema>;
/** `swiss-application:<domain>`; another account: `swiss-application:<account>:<domain>` */
export const swissApplicationWorkflowId = (asciiDomain: string, account?: string): string =>
  accountScopedId(`swiss-application:${asciiDomain}`, account);

export type SwissPhase = 'submitting' | 'PENDING' | 'ACTIVE' | 'CANCELLED' | 'needs-attention';

export interface SwissApplicationResult {
  domain: string;
  status: 'ACTIVE' | 'CANCELLED' | 'needs-attention';
  reference?: string;
  expiresAt?: string;
  reason?: string;
  checks: number;
  finishedAt: string;
}

export interface SwissApplicationState {
  domain: string;
  phase: SwissPhase;
  reference?: string;
  checks: number;
  nextCheckAt?: string;
  log: StatusLogEntry[];
  result?: SwissApplicationResult;
}

export const swissStateQuery = defineQuery<SwissApplicationState>('state');

/** The `swissApplication` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type SwissApplicationWorkflow = (input: SwissApplicationInput) => Promise<SwissApplicationResult>;
