import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { RegistrarSet } from '../activities';
import { EXTRA_ACCOUNTS } from '../activities/registrar-set';
import type { Registrar } from '../registrars/registrar';
import { REGISTRAR_ENTRIES } from '../registrars';

/**
 * The registrars this worker talks to, one per row of the registrar table, each built from its
 * settings, and one more adapter per named account of the accounts file (docs/accounts.md), each
 * with its own client and credentials (credentials never leave here).
 */
export function createRegistrars(
  config: Config,
  logger?: Logger,
): { registrars: RegistrarSet; close(): Promise<void> } {
  const created = REGISTRAR_ENTRIES.map((entry) => ({
    name: entry.name,
    ...entry.create(config[entry.name], logger),
  }));
  const registrars = Object.fromEntries(created.map((c) => [c.name, c.registrar])) as RegistrarSet;
  const extra: Record<string, Record<string, Registrar>> = {};
  const closers = created.map((c) => c.close);
  for (const entry of REGISTRAR_ENTRIES) {
    for (const [account, named] of Object.entries(config.accounts[entry.name] ?? {})) {
      const made = entry.create(named.settings, logger?.child({ account }));
      (extra[entry.name] ??= {})[account] = made.registrar;
      closers.push(made.close);
    }
  }
  registrars[EXTRA_ACCOUNTS] = extra;
  return {
    registrars,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
