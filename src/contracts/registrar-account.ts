/**
 * Registrar accounts (docs/accounts.md): a registrar may be configured with several named accounts
 * besides `default` (the env variables). Every lifecycle input that talks to a registrar takes an
 * optional `account`; workflow IDs of `default` stay as they always were, IDs of another account
 * carry the account after the ID's kind, so the same domain in two accounts has two workflows.
 * Part of the workflow bundle: pure, no I/O.
 */
import { accountNameSchema } from './common';

/** The account the env variables configure; IDs and list queues of this account never name it. */
export const DEFAULT_ACCOUNT = 'default';

/** `account` in a workflow input: optional, `default` when absent. */
export const registrarAccountSchema = accountNameSchema.optional();

/**
 * The ID of `baseId` (`<kind>:<rest>`, e.g. renew:example.com:2027-01-31) for an account:
 * unchanged for `default` (compatibility), else `<kind>:<account>:<rest>`. Domain names and
 * account names hold no colon, so the two forms never collide.
 */
export function accountScopedId(baseId: string, account: string | undefined): string {
  if (account === undefined || account === DEFAULT_ACCOUNT) return baseId;
  const colon = baseId.indexOf(':');
  if (colon < 0) throw new Error(`workflow ID ${baseId} has no kind prefix`);
  return `${baseId.slice(0, colon)}:${account}${baseId.slice(colon)}`;
}

/** The account and domain of a `domain` entity's workflow ID (domain:<name> or domain:<account>:<name>). */
export function parseDomainEntityId(workflowId: string): { account: string; domain: string } | undefined {
  const parts = workflowId.split(':');
  if (parts[0] !== 'domain') return undefined;
  if (parts.length === 2) return { account: DEFAULT_ACCOUNT, domain: parts[1]! };
  if (parts.length === 3) return { account: parts[1]!, domain: parts[2]! };
  return undefined;
}

/** `{ account }` for a non-default account, `{}` for default: activity inputs of `default` stay as recorded. */
export const accountField = (account: string | undefined): { account?: string } =>
  account === undefined || account === DEFAULT_ACCOUNT ? {} : { account };
