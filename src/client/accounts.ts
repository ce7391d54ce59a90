import { ValidationError } from '../domain/validation';
import type { RegistrarName } from '../registrars/names';

/**
 * The registrar accounts a deployment has, by registrar (`default` and the named ones of
 * DOMAINFLOW_ACCOUNTS_FILE; src/config/accounts.ts accountNames). Given to a start function, an
 * input naming another account is refused there, before Temporal or a registrar is called.
 */
export type KnownAccounts = Partial<Record<RegistrarName, readonly string[]>>;

/** Refuses an account the deployment does not have; no `known`: nothing to check against. */
export function checkAccount(
  known: KnownAccounts | undefined,
  registrar: RegistrarName,
  account: string | undefined,
): void {
  if (!known || account === undefined || account === 'default') return;
  const names = known[registrar] ?? ['default'];
  if (!names.includes(account)) {
    throw new ValidationError(`account: ${registrar} has no account ${account} (configured: ${names.join(', ')})`, [
      'account',
    ]);
  }
}

/** " (account second)" for a summary line; nothing for `default`. */
export const accountNote = (account: string | undefined): string =>
  account === undefined || account === 'default' ? '' : ` (account ${account})`;
