import { ApplicationFailure } from '@temporalio/common';
import type { Registrar, RegistrarName } from '../registrars/registrar';

/**
 * Key of the named accounts beyond `default` in a RegistrarSet. A symbol, so code that lists a
 * set's registrars (Object.keys) still sees only the default accounts' names.
 */
export const EXTRA_ACCOUNTS: unique symbol = Symbol('registrar accounts');

/**
 * The registrars a worker talks to: the `default` account of each (the env variables) by name, and
 * the named accounts of the accounts file (docs/accounts.md) by registrar and account.
 */
export type RegistrarSet = Partial<Record<RegistrarName, Registrar>> & {
  [EXTRA_ACCOUNTS]?: Partial<Record<RegistrarName, Record<string, Registrar>>>;
};

/** A registrar account as activity inputs name it; no `account` is `default`. */
export interface RegistrarRef {
  registrar: RegistrarName;
  account?: string;
}

/**
 * The adapter of one account, or a non-retryable failure naming what is missing (the client and
 * the gateway refuse unknown accounts before a workflow starts; this catches a worker configured
 * differently from them).
 */
export function registrarOf(set: RegistrarSet, name: RegistrarName, account = 'default'): Registrar {
  const registrar = account === 'default' ? set[name] : set[EXTRA_ACCOUNTS]?.[name]?.[account];
  if (registrar) return registrar;
  if (account !== 'default' && set[name]) {
    throw ApplicationFailure.nonRetryable(
      `registrar account ${name}/${account} is not configured on this worker`,
      'RegistrarAccountNotConfigured',
    );
  }
  throw ApplicationFailure.nonRetryable(`registrar ${name} is not configured on this worker`, 'RegistrarNotConfigured');
}
