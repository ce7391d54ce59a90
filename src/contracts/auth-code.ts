/**
 * domainAuthCode: show or reset a domain's transfer auth code (docs/domain-operations.md). The code
 * is in the result only: payloads are encrypted by the codec, never logged, no event is emitted.
 */
import { z } from 'zod';
import { domainNameSchema } from '../domain/domain-name';
import { registrarNameSchema } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

const REQUEST_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export const authCodeInputSchema = z.object({
  domain: domainNameSchema,
  registrar: registrarNameSchema.default('ispapi'),
  /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
  account: registrarAccountSchema,
  /** true: the registrar makes a new code (the old one stops working); false: the current one */
  reset: z.boolean({ message: 'must be true or false' }).default(false),
  /** one workflow per request: `authcode:<domain>:<requestId>` (a repeated start joins it) */
  requestId: z.string().regex(REQUEST_ID, 'must be 1-64 letters, digits, dots, dashes or underscores'),
});
export type AuthCodeInput = z.input<typeof authCodeInputSchema>;
/** `authcode:<domain>:<requestId>`; another account: `authcode:<account>:<domain>:<requestId>` */
export const authCodeWorkflowId = (asciiDomain: string, requestId: string, account?: string): string =>
  accountScopedId(`authcode:${asciiDomain}:${requestId}`, account);

export interface AuthCodeResult {
  domain: string;
  registrar: string;
  reset: boolean;
  /** the secret: shown by the CLI only with --reveal */
  authCode: string;
  /** where the registrar says when it stops working (.de AuthInfo1) */
  expiresAt?: string;
  /** how the registrar made or read it */
  source: string;
  finishedAt: string;
}

/** The `domainAuthCode` workflow as the client starts it (by type name). */
export type AuthCodeWorkflow = (input: AuthCodeInput) => Promise<AuthCodeResult>;
